package io.tlsinspect.reports.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.ServerSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server table finds a row again by the endpoint and name objects of a record (the spill hands out
 * one of each per server and run): the same objects must give the same row, equal ones too, and a
 * server past the tracking cap must stay folded however often it comes back.
 */
class BreakdownsTest {
    private static HandshakeRecord at(long id, Endpoint server, String name) {
        HandshakeRecord r = Hs.conn(id).at(id).sni(name).build();
        return new HandshakeRecord(r.id(), r.tsNanos(), r.endTsNanos(), r.client(), server, r.tcp(), r.outcome(),
                r.established(), r.version(), r.cipher(), r.resumed(), r.helloRetry(), r.alerts(), r.decisiveAlert(),
                r.clientHello(), r.serverHello(), r.certificate(), r.history(), r.inferred(), r.notes(),
                r.keyExchangeGroup(), r.transport(), r.heartbeats());
    }

    @Test
    void aServerMetAgainByTheSameOrAnEqualEndpointCountsOnItsRowAndAnUntrackedOneStaysFolded() {
        Endpoint one = new Endpoint("192.0.2.1", 443);
        Endpoint two = new Endpoint("192.0.2.2", 443);
        String a = "a.test";
        String b = "b.test";
        Breakdowns t = new Breakdowns(10, 2);
        List<HandshakeRecord> in = List.of(at(1, one, a), at(2, one, b), at(3, two, a), at(4, one, a), at(5, two, a),
                at(6, one, b), at(7, new Endpoint(new String("192.0.2.1"), 443), new String(a)));
        for (HandshakeRecord r : in) {
            t.add(r, null);
        }
        Breakdowns.Servers servers = t.byServer();
        assertThat(servers.rows()).extracting(ServerSummary::ip, ServerSummary::port, ServerSummary::name,
                s -> s.tally().attempts())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", 443, "a.test", 3),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", 443, "b.test", 2));
        assertThat(servers.other().untrackedConnections()).as("192.0.2.2 came third, past the cap of 2").isEqualTo(2);
        assertThat(servers.other().tally().attempts()).isEqualTo(2);
    }
}
