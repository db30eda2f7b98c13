package io.tlsinspect.reports.clients;

import static io.tlsinspect.decoder.model.TlsVersion.TLS10;
import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A row keeps its first outcome key and first offered version in fields and the others in arrays:
 * every count must land on its own key whichever place it took, in a row and in rows folded together.
 */
class TallyBuilderTest {
    /** Six connections of one client: two established, then three outcomes after the first, one of them twice. */
    private static List<HandshakeRecord> oneClient() {
        List<HandshakeRecord> in = new ArrayList<>();
        in.add(Hs.conn(1).at(1).client("10.0.0.1").offer(TLS12).established(TLS12, 0xc02f).build());
        in.add(Hs.conn(2).at(2).client("10.0.0.1").offer(TLS12).serverAlert("handshake_failure").build());
        in.add(Hs.conn(3).at(3).client("10.0.0.1").offer(TLS11).reset().build());
        in.add(Hs.conn(4).at(4).client("10.0.0.1").offer(TLS10).serverAlert("protocol_version").build());
        in.add(Hs.conn(5).at(5).client("10.0.0.1").offer(TLS13).established(TLS13, 0x1301).build());
        in.add(Hs.conn(6).at(6).client("10.0.0.1").offer(TLS10).serverAlert("protocol_version").build());
        return in;
    }

    /** Counted here from the records, independently of the builder. */
    private static Map<String, Integer> expected(List<HandshakeRecord> in) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (HandshakeRecord r : in) {
            String k = r.outcome().key() + (r.decisiveAlert() != null && r.outcome() == Outcome.SERVER_ALERT
                    ? ":" + r.decisiveAlert().description() : "");
            m.merge(k, 1, Integer::sum);
        }
        return m;
    }

    private static Map<String, Integer> written(Tally t) {
        Map<String, Integer> m = new LinkedHashMap<>();
        t.outcomes().forEach((k, n) -> m.put(k.toString(), n));
        return m;
    }

    @Test
    void everyOutcomeKeyIsCountedOnItsOwnWhateverItsPlaceInTheRow() {
        List<HandshakeRecord> in = oneClient();
        TallyBuilder b = new TallyBuilder();
        in.forEach(b::add);
        Tally t = b.build();
        assertThat(t.attempts()).isEqualTo(6);
        assertThat(t.established()).isEqualTo(2);
        assertThat(written(t)).isEqualTo(expected(in)).hasSize(4);

        TallyBuilder folded = new TallyBuilder();
        folded.addAll(b);
        folded.addAll(b);
        Map<String, Integer> twice = new LinkedHashMap<>();
        expected(in).forEach((k, n) -> twice.put(k, 2 * n));
        assertThat(written(folded.build())).isEqualTo(twice);
        assertThat(written(TallyBuilder.sum(t, List.of(t)))).isEqualTo(twice);
    }

    @Test
    void aClientRowCountsEachOfferedVersionAndOutcome() {
        List<HandshakeRecord> in = oneClient();
        ClientTable table = new ClientTable(FamilyCatalog.builtIn());
        in.forEach(table::add);
        List<ClientSummary> rows = table.finish().clients();
        assertThat(rows).hasSize(1);
        ClientSummary row = rows.get(0);
        assertThat(row.maxVersions()).containsExactly(Map.entry("TLSv1.0", 2), Map.entry("TLSv1.1", 1),
                Map.entry("TLSv1.2", 2), Map.entry("TLSv1.3", 1));
        assertThat(written(row.tally())).isEqualTo(expected(in));
    }
}
