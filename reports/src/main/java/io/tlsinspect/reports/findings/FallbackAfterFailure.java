package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every retry (second or later attempt) of a listed chain: a fallback that followed a failure. */
public final class FallbackAfterFailure implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.FALLBACK_AFTER_FAILURE;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        List<Chain> chains = ctx.chains().chains();
        if (chains.isEmpty()) {
            return Optional.empty();
        }
        Hits<Long> retries = ctx.hits();
        List<OutcomeKey> roots = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        int recovered = 0;
        for (Chain c : chains) {
            c.attempts().subList(1, c.attempts().size()).forEach(retries::add);
            roots.add(c.rootOutcome());
            clients.add(c.clientIp());
            if (c.recovered()) {
                recovered++;
            }
        }
        String s = Phrases.count(retries.total(), "retry") + " in " + Phrases.count(chains.size(), "chain")
                + " by " + Phrases.names(clients) + " fell back after a failed attempt; the first attempts failed with "
                + Phrases.tally(roots) + ", and " + recovered + " of " + chains.size()
                + " chains recovered."
                + (ctx.chains().unlisted() > 0 ? " These are the first " + chains.size() + " chains; "
                        + Phrases.count(ctx.chains().unlisted(), "more chain") + " counted but not listed (--max-chains) are not in these counts." : "");
        return Optional.of(new Finding(kind(), s, retries, retries.total()));
    }
}
