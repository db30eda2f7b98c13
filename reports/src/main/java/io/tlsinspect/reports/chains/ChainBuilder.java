package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ChainRef;
import io.tlsinspect.reports.model.OutcomeKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retry-chain rule of DESIGN §5, in one place.
 *
 * <p>Key: client IP + server name (SNI, compared case-insensitively since DNS names are; else the
 * server IP). Several input files are one fleet, so the key names no server address and a chain may
 * cross servers behind round-robin DNS.
 *
 * <p>An attempt joins an open chain of its key when, against that chain's last attempt: it starts
 * no later than the retry window after the last attempt started (inclusive: exactly 30 s joins,
 * 30 s + 1 ns does not; measured start to start because an idle-timeout end is an artefact of the
 * capture, not the client's clock), the last attempt's outcome is retryable
 * ({@link RetryableOutcomes}), and it is a fallback of it ({@link FallbackRule}). Otherwise it
 * begins a new chain.
 *
 * <p>Several chains of one key may be open at once: two clients behind one NAT address retry
 * independently, and one's fresh attempt must not cut the other's chain. A retry joins the open
 * chain whose last attempt is the most recent that qualifies, preferring one whose last offer held
 * every suite the retry offers (a retry drops suites, it does not invent them).
 *
 * <p>Only connections with a ClientHello take part (there is no offer to compare otherwise), and not
 * mid_stream ones (their start is unknown). Such connections neither join nor break chains.
 *
 * <p>Only chains of two or more attempts are listed and numbered (1, 2, ... by first attempt time);
 * a lone attempt is not a retry chain, and its connection's {@code chain} is null.
 */
public final class ChainBuilder {
    private final long windowNanos;

    public ChainBuilder(Duration retryWindow) {
        this.windowNanos = retryWindow.toNanos();
    }

    /** @param sorted records in time order (ts, then id) */
    public ChainSet build(List<HandshakeRecord> sorted) {
        Map<String, LinkedList<List<HandshakeRecord>>> open = new HashMap<>();
        List<List<HandshakeRecord>> all = new ArrayList<>();
        for (HandshakeRecord r : sorted) {
            if (r.clientHello() == null || r.outcome() == Outcome.MID_STREAM) {
                continue;
            }
            LinkedList<List<HandshakeRecord>> candidates = open.computeIfAbsent(key(r), k -> new LinkedList<>());
            List<HandshakeRecord> joined = null;
            boolean joinedLooksSame = false;
            // newest first; a chain whose last offer contains every suite of this one (same device, fewer
            // suites) beats a merely more recent one (another device behind the same NAT address)
            for (Iterator<List<HandshakeRecord>> it = candidates.descendingIterator(); it.hasNext(); ) {
                List<HandshakeRecord> chain = it.next();
                HandshakeRecord last = chain.get(chain.size() - 1);
                if (!canExtend(last, r.tsNanos())) {
                    it.remove(); // closed for good: too old, or ended by a non-retryable outcome
                    continue;
                }
                if ((joined == null || !joinedLooksSame) && FallbackRule.isFallback(last.clientHello(), r.clientHello())) {
                    boolean same = FallbackRule.offersNoNewSuite(last.clientHello(), r.clientHello());
                    if (joined == null || same) {
                        joined = chain;
                        joinedLooksSame = same;
                    }
                }
            }
            if (joined != null) {
                joined.add(r);
                candidates.remove(joined);
                candidates.addLast(joined); // keep the list ordered by last-attempt time
            } else {
                List<HandshakeRecord> fresh = new ArrayList<>();
                fresh.add(r);
                candidates.addLast(fresh);
                all.add(fresh);
            }
        }
        return number(all);
    }

    private boolean canExtend(HandshakeRecord last, long nextTs) {
        long gap = nextTs - last.tsNanos();
        return RetryableOutcomes.includes(last.outcome()) && gap >= 0 && gap <= windowNanos;
    }

    static String key(HandshakeRecord r) {
        String sni = r.serverName();
        String server = sni != null && !sni.isEmpty() ? "sni:" + sni.toLowerCase(Locale.ROOT) : "ip:" + r.server().ip();
        return r.client().ip() + '\u0000' + server;
    }

    private static ChainSet number(List<List<HandshakeRecord>> all) {
        List<Chain> chains = new ArrayList<>();
        Map<Long, ChainRef> refs = new HashMap<>();
        // 'all' is in order of first attempt already: chains are created as their first attempt is seen
        for (List<HandshakeRecord> members : all) {
            if (members.size() < 2) {
                continue;
            }
            int id = chains.size() + 1;
            chains.add(toChain(id, members));
            for (int i = 0; i < members.size(); i++) {
                refs.put(members.get(i).id(), new ChainRef(id, i + 1, members.size()));
            }
        }
        return new ChainSet(chains, refs);
    }

    private static Chain toChain(int id, List<HandshakeRecord> members) {
        HandshakeRecord first = members.get(0);
        HandshakeRecord last = members.get(members.size() - 1);
        List<Long> ids = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        List<Boolean> scsv = new ArrayList<>();
        for (HandshakeRecord m : members) {
            ids.add(m.id());
            versions.add(TlsVersion.name(m.clientHello().maxVersion()));
            servers.add(m.server().ip());
            scsv.add(m.clientHello().fallbackScsv());
        }
        String sni = first.serverName();
        String server = sni != null && !sni.isEmpty() ? sni : first.server().ip();
        return new Chain(id, first.client().ip(), server, ids, versions, servers, scsv,
                OutcomeKey.of(first), OutcomeKey.of(last), last.outcome() == Outcome.ESTABLISHED);
    }
}
