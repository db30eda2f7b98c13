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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

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
    /** How many attempts between sweeps of the open chains (each sweep visits only keys that went quiet). */
    private static final int SWEEP_EVERY = 256;

    private final long windowNanos;
    private final int maxListed;
    /**
     * The open chains of each key, in access order: a key moves to the end when an attempt of it comes,
     * so the keys at the head are those that went quiet first, and a sweep stops at the first key still
     * within the window.
     */
    private final LinkedHashMap<Key, ArrayList<Open>> open = new LinkedHashMap<>(16, 0.75f, true);
    /** The listed chains so far: the {@code maxListed} with the earliest first attempts (latest on top). */
    private final PriorityQueue<Closed> listed = new PriorityQueue<>((a, b) -> Long.compare(b.seq(), a.seq()));
    private final RootCauses.Counter rootCauses = new RootCauses.Counter();
    /** The offers' sorted sets, shared by the attempts that carry the same lists. */
    private final FallbackRule.Sets sets = new FallbackRule.Sets();
    private long unlisted;
    private long seq;

    /**
     * A chain that may still grow: every attempt is kept until it closes (at most the retry window),
     * and its last attempt's offer, whose sets the next retries are compared with.
     */
    private static final class Open {
        private final long seq;
        private final List<HandshakeRecord> members = new ArrayList<>(2);
        private FallbackRule.Offer last;

        Open(long seq, HandshakeRecord first, FallbackRule.Offer offer) {
            this.seq = seq;
            add(first, offer);
        }

        void add(HandshakeRecord r, FallbackRule.Offer offer) {
            members.add(r);
            last = offer;
        }

        long seq() {
            return seq;
        }

        List<HandshakeRecord> members() {
            return members;
        }
    }

    /** A closed chain of two or more attempts, numbered at the end by its first attempt's place. */
    private record Closed(long seq, Chain unnumbered, HandshakeRecord root, Map<Long, OutcomeKey> failures) {
    }

    public ChainBuilder(Duration retryWindow) {
        this(retryWindow, Integer.MAX_VALUE);
    }

    /**
     * @param maxListed most chains listed ({@code --max-chains}): those whose first attempts came first;
     *     the rest are counted (DESIGN §3: a list that grows with the clients is capped, the cut counted)
     */
    public ChainBuilder(Duration retryWindow, int maxListed) {
        if (maxListed < 1) {
            throw new IllegalArgumentException("maxListed must be positive");
        }
        this.windowNanos = retryWindow.toNanos();
        this.maxListed = maxListed;
    }

    /** @param sorted records in time order (ts, then id) */
    public ChainSet build(Iterable<HandshakeRecord> sorted) {
        for (HandshakeRecord r : sorted) {
            accept(r);
        }
        return finish();
    }

    /**
     * One record, in time order. Streaming (DESIGN §3): a chain is kept whole only while it can still
     * grow, that is for at most the retry window after its last attempt; then it is closed, and a
     * lone attempt is forgotten.
     */
    public void accept(HandshakeRecord r) {
        if (r.clientHello() == null || r.outcome() == Outcome.MID_STREAM) {
            return;
        }
        // An attempt that nothing could join (its outcome is not retryable) is only kept if it joins a
        // chain: alone it would be a lone attempt closed at its key's next visit. Most attempts are
        // such (established ones), so they neither add a key nor wait in the table for the window.
        boolean canGrow = RetryableOutcomes.includes(r.outcome());
        Key key = key(r);
        ArrayList<Open> candidates = open.get(key);
        if (candidates == null) {
            if (canGrow) {
                candidates = new ArrayList<>(1);
                open.put(key, candidates);
            } else {
                next(r);
                return;
            }
        }
        Open joined = null;
        boolean joinedLooksSame = false;
        FallbackRule.Offer offer = new FallbackRule.Offer(r.clientHello(), sets);
        // newest first; a chain whose last offer contains every suite of this one (same device, fewer
        // suites) beats a merely more recent one (another device behind the same NAT address)
        for (int i = candidates.size() - 1; i >= 0; i--) {
            Open chain = candidates.get(i);
            HandshakeRecord last = chain.members().get(chain.members().size() - 1);
            if (!canExtend(last, r.tsNanos())) {
                candidates.remove(i); // closed for good: too old, or ended by a non-retryable outcome
                close(chain);
                continue;
            }
            if ((joined == null || !joinedLooksSame) && FallbackRule.isFallback(chain.last, offer)) {
                boolean same = FallbackRule.offersNoNewSuite(chain.last, offer);
                if (joined == null || same) {
                    joined = chain;
                    joinedLooksSame = same;
                }
            }
        }
        if (joined != null) {
            joined.add(r, offer);
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i) == joined) {
                    candidates.remove(i);
                    break;
                }
            }
            candidates.add(joined); // keep the list ordered by last-attempt time
        } else if (canGrow) {
            candidates.add(new Open(seq, r, offer));
        } else if (candidates.isEmpty()) {
            open.remove(key);
        }
        next(r);
    }

    /** Counts the attempt (its place orders the chains) and now and then closes what went quiet. */
    private void next(HandshakeRecord r) {
        seq++;
        if (seq % SWEEP_EVERY == 0) {
            sweep(r.tsNanos());
        }
    }

    /**
     * Closes the chains that can no longer grow at capture time {@code now}, and drops empty keys, from
     * the quietest key on; stops at the first key whose last attempt is still within the window (every
     * later key had an attempt since). A closed chain left in a later key is closed when its key is next
     * swept or gets an attempt: when a chain closes changes nothing in what is counted or listed.
     */
    private void sweep(long now) {
        for (Iterator<ArrayList<Open>> keys = open.values().iterator(); keys.hasNext(); ) {
            ArrayList<Open> chains = keys.next();
            HandshakeRecord newest = lastOf(chains.get(chains.size() - 1));
            for (Iterator<Open> it = chains.iterator(); it.hasNext(); ) {
                Open chain = it.next();
                if (!canExtend(lastOf(chain), now)) {
                    it.remove();
                    close(chain);
                }
            }
            if (chains.isEmpty()) {
                keys.remove();
            } else if (now - newest.tsNanos() <= windowNanos) {
                return;
            }
        }
    }

    private static HandshakeRecord lastOf(Open chain) {
        return chain.members().get(chain.members().size() - 1);
    }

    private void close(Open chain) {
        List<HandshakeRecord> members = chain.members();
        if (members.size() < 2) {
            return;
        }
        HandshakeRecord last = members.get(members.size() - 1);
        rootCauses.add(chain.seq(), OutcomeKey.of(members.get(0)), OutcomeKey.of(last), last.outcome() == Outcome.ESTABLISHED);
        if (listed.size() >= maxListed) {
            if (listed.peek().seq() < chain.seq()) {
                unlisted++; // later than every listed one: counted, and not built
                return;
            }
            listed.poll(); // a chain that closed late but began earlier takes the place of the latest
            unlisted++;
        }
        Map<Long, OutcomeKey> failures = new HashMap<>(); // for the diagnosis, which names listed attempts
        for (HandshakeRecord m : members) {
            if (m.outcome().isFailure()) {
                failures.put(m.id(), OutcomeKey.of(m));
            }
        }
        listed.add(new Closed(chain.seq(), toChain(0, members), slim(members.get(0)), failures));
    }

    /**
     * The root as kept until the report: what the client table and the findings read of it (hello,
     * outcome, alerts, addresses), without the certificate summary and notes, which they do not read
     * and which are most of a record's size.
     */
    private static HandshakeRecord slim(HandshakeRecord r) {
        return new HandshakeRecord(r.id(), r.tsNanos(), r.endTsNanos(), r.client(), r.server(), r.tcp(), r.outcome(),
                r.established(), r.version(), r.cipher(), r.resumed(), r.helloRetry(), r.alerts(), r.decisiveAlert(),
                r.clientHello(), r.serverHello(), null, r.history(), r.inferred(), List.of(), r.keyExchangeGroup(), r.transport());
    }

    /** Ends the input: closes every chain and numbers the listed ones (1, 2, ... by first attempt). */
    public ChainSet finish() {
        for (List<Open> chains : open.values()) {
            chains.forEach(this::close);
        }
        open.clear();
        List<Closed> inOrder = new ArrayList<>(listed);
        inOrder.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        List<Chain> chains = new ArrayList<>();
        Map<Long, ChainRef> refs = new HashMap<>();
        Map<Long, HandshakeRecord> roots = new HashMap<>();
        Map<Long, OutcomeKey> failures = new HashMap<>();
        for (Closed c : inOrder) {
            failures.putAll(c.failures());
            Chain u = c.unnumbered();
            int id = chains.size() + 1;
            chains.add(new Chain(id, u.clientIp(), u.server(), u.attempts(), u.versions(), u.serverIps(),
                    u.fallbackScsv(), u.rootOutcome(), u.finalOutcome(), u.recovered()));
            for (int i = 0; i < u.attempts().size(); i++) {
                refs.put(u.attempts().get(i), new ChainRef(id, i + 1, u.attempts().size()));
            }
            roots.put(c.root().id(), c.root());
        }
        listed.clear();
        return new ChainSet(chains, refs, roots, unlisted, rootCauses.rows(), failures);
    }

    private boolean canExtend(HandshakeRecord last, long nextTs) {
        long gap = nextTs - last.tsNanos();
        return RetryableOutcomes.includes(last.outcome()) && gap >= 0 && gap <= windowNanos;
    }

    /** A chain's key: the client address and the server name (lower case), else the server address. */
    record Key(String clientIp, boolean byName, String server) {
        // Written out, as the record's own would compute them (same hash): the generated ones go through
        // ObjectMethods' invokedynamic, a method-handle chain per call and costly to compile, on a key
        // looked up for every record.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && byName == k.byName && Objects.equals(server, k.server)
                    && Objects.equals(clientIp, k.clientIp);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(clientIp) * 31 + Boolean.hashCode(byName)) * 31 + Objects.hashCode(server);
        }
    }

    static Key key(HandshakeRecord r) {
        String sni = r.serverName();
        return sni != null && !sni.isEmpty()
                ? new Key(r.client().ip(), true, sni.toLowerCase(Locale.ROOT))
                : new Key(r.client().ip(), false, r.server().ip());
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
