package io.tlsinspect.reports.clients;

import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table finds a row by address, then by the identity among those met at that address (programs
 * behind one NAT address): each identity its own row, the cap counting rows, not addresses.
 */
class ClientTableTest {
    private static final String FIREFOX = "t13d1715h2_5b57614c22b0_3cbfd9057e0d";
    private static final String CURL = "t13d3112h2_e8f1e7e78f70_375ac4d4a3b1";

    private static HandshakeRecord conn(long id, String ip, String ja4) {
        return Hs.conn(id).at(id).client(ip).offer(TLS12).ja4(ja4).established(TLS12, 0xc02f).build();
    }

    @Test
    void programsBehindOneAddressAreRowsOfTheirOwnAndTheCapCountsRows() {
        List<HandshakeRecord> in = List.of(conn(1, "10.0.0.1", FIREFOX), conn(2, "10.0.0.1", CURL),
                conn(3, "10.0.0.2", FIREFOX), conn(4, "10.0.0.1", CURL), conn(5, "10.0.0.1", FIREFOX),
                conn(6, new String("10.0.0.1"), new String(CURL)));
        ClientTable all = new ClientTable(FamilyCatalog.builtIn());
        for (HandshakeRecord r : in) {
            assertThat(all.count(r, OutcomeKey.of(r))).isEqualTo(FamilyCatalog.builtIn().familyOf(r.clientHello().ja4()));
        }
        assertThat(all.finish().clients()).extracting(ClientSummary::ip, ClientSummary::ja4, c -> c.tally().attempts())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("10.0.0.1", FIREFOX, 2),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.1", CURL, 3),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.2", FIREFOX, 1));

        ClientTable capped = new ClientTable(FamilyCatalog.builtIn(), 10, 1);
        in.forEach(capped::add);
        ClientTable.Result res = capped.finish();
        assertThat(res.clients()).extracting(ClientSummary::ip, ClientSummary::ja4, c -> c.tally().attempts())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", FIREFOX, 2));
        assertThat(res.untracked()).as("curl at the same address came second, past the cap of one row").isEqualTo(4);
    }
}
