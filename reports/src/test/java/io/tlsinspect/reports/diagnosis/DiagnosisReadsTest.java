package io.tlsinspect.reports.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.CountedSource;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.chains.ChainBuilder;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.findings.FindingContext;
import io.tlsinspect.reports.findings.FindingEngine;
import io.tlsinspect.reports.findings.ServerChoices;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.Diagnosis;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.RecordSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis needs the outcome of every connection the findings and chains name; they kept it,
 * so it reads the records no more, and writes what it wrote when it read them.
 */
class DiagnosisReadsTest {
    @Test
    void theDiagnosisReadsNoRecordsWhenTheFindingsAndChainsKnowTheNamedOutcomes() {
        List<HandshakeRecord> records = Fixtures.seed();
        AtomicInteger reads = new AtomicInteger();
        RecordSource counted = CountedSource.of(records, reads);
        ChainBuilder builder = new ChainBuilder(AnalysisOptions.DEFAULT_RETRY_WINDOW);
        records.forEach(builder::accept);
        ChainSet chains = builder.finish();
        assertThat(chains.chains()).as("the seed scenario has chains to explain").isNotEmpty();
        FindingContext ctx = new FindingContext(counted, chains, List.of(), 0, Map.of(),
                AnalysisOptions.DEFAULT_PROOF_CAP, r -> null, ServerChoices.of(records));
        List<Finding> findings = new FindingEngine().run(ctx);
        assertThat(findings).isNotEmpty();
        int afterFindings = reads.get();
        DiagnosisWriter.Totals totals = DiagnosisWriter.Totals.of(records);
        Diagnosis written = new DiagnosisWriter().write(ctx, findings, totals);
        assertThat(reads.get()).as("reads of the records by the diagnosis").isEqualTo(afterFindings);

        // the same sentences as with chains that do not know their attempts' outcomes (read instead)
        ChainSet unknowing = new ChainSet(chains.chains(), chains.byConnection(), chains.roots(), chains.unlisted(),
                chains.rootCauses(), null);
        FindingContext reading = new FindingContext(RecordSource.of(records), unknowing, List.of(), 0, Map.of(),
                AnalysisOptions.DEFAULT_PROOF_CAP, r -> null, ServerChoices.of(records));
        assertThat(new DiagnosisWriter().write(reading, findings, totals)).isEqualTo(written);
    }
}
