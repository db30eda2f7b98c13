package io.tlsinspect.reports.chains;

import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.RootCause;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootCausesTest {
    static Chain chain(int id, String root, String fin, String alert, boolean recovered) {
        return new Chain(id, "198.51.100.1", "shop.example", List.of(1L, 2L), List.of("TLSv1.2", "TLSv1.1"),
                List.of("192.0.2.1", "192.0.2.2"), List.of(false, true), new OutcomeKey(Outcome.fromKey(root), null),
                new OutcomeKey(Outcome.fromKey(fin), alert), recovered);
    }

    @Test
    void chainsAreGroupedByTheirFirstFailureMostFrequentFirst() {
        List<RootCause> rows = RootCauses.of(List.of(
                chain(1, "no_server_response", "established", null, true),
                chain(2, "server_reset", "server_alert", "inappropriate_fallback", false),
                chain(3, "server_reset", "established", null, true),
                chain(4, "server_reset", "server_alert", "inappropriate_fallback", false)));
        assertThat(rows).extracting(r -> r.rootOutcome().toString()).containsExactly("server_reset", "no_server_response");
        RootCause reset = rows.get(0);
        assertThat(reset.chains()).isEqualTo(3);
        assertThat(reset.recovered()).isEqualTo(1);
        assertThat(reset.finals()).isEqualTo(Map.of(new OutcomeKey(Outcome.SERVER_ALERT, "inappropriate_fallback"), 2,
                new OutcomeKey(Outcome.ESTABLISHED, null), 1));
        assertThat(RootCauses.of(List.of())).isEmpty();
    }
}
