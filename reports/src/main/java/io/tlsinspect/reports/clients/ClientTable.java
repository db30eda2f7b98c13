package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.OtherRows;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-client summaries (DESIGN §6 {@code clients}). A client is an IP plus a fingerprint
 * ({@link ClientFingerprint}), so two clients behind one NAT address are two rows.
 *
 * <p>Each connection is counted under the identity of its own ClientHello, never under its chain's
 * first attempt: a chain may only hold one program's hellos ({@code chains.FallbackRule}), but the
 * family the operator reads must be the one that hello shows (a fallback hello is listed as what it
 * is, e.g. a TLS 1.0 offer). A chain is listed on the row of its first attempt.
 *
 * <p>Bounded (DESIGN §3): records are counted as they stream by ({@link #add}); at most
 * {@code tracked} clients get a row of their own, and the connections of clients first seen after
 * that are counted in the "other clients" row. The table lists the {@code rows} clients with most
 * failures; the rest fold into the other row too.
 */
public final class ClientTable {
    private final FamilyCatalog catalog;
    private final int rows;
    private final int tracked;
    /**
     * The rows by client address; the other identities met at an address (another program behind the
     * same NAT) are chained on its first row. Keyed by the address, not by an identity object, so
     * counting a record makes no object (an identity per record was garbage, and one per row lived as
     * long as the table). The rows' order is not kept: {@link #finish} orders them totally.
     */
    private final Map<String, Row> table = new HashMap<>();
    private int rowCount;
    private final TallyBuilder untracked = new TallyBuilder();
    private long untrackedConnections;

    public ClientTable(FamilyCatalog catalog) {
        this(catalog, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public ClientTable(FamilyCatalog catalog, int rows, int tracked) {
        this.catalog = catalog;
        this.rows = rows;
        this.tracked = tracked;
    }

    /**
     * The result: the listed rows, the folded rest (null when every client is listed), and for each
     * connection id the identity it was counted under (only from {@link #build}: a streaming run asks
     * {@link #identity} per record instead of keeping a map of every connection).
     */
    public record Result(List<ClientSummary> clients, Map<Long, ClientIdentity> identities, OtherRows other) {
        public Result {
            clients = List.copyOf(clients);
            identities = Map.copyOf(identities);
        }

        public Result(List<ClientSummary> clients, Map<Long, ClientIdentity> identities) {
            this(clients, identities, null);
        }

        /** Clients counted one by one: the listed ones and those folded into the other row. */
        public long counted() {
            return clients.size() + (other == null ? 0 : other.rows());
        }

        /** Connections of clients not counted one by one. */
        public long untracked() {
            return other == null ? 0 : other.untrackedConnections();
        }
    }

    /** Every record at once (tests, small inputs). */
    public Result build(Iterable<HandshakeRecord> sorted, ChainSet chains) {
        Map<Long, ClientIdentity> identities = new HashMap<>();
        for (HandshakeRecord r : sorted) {
            ClientIdentity id = add(r);
            identities.put(r.id(), id);
            Chain c = chains.chainOf(r.id());
            Row row = find(r, false);
            if (c != null && c.rootConnection() == r.id() && row != null) {
                row.addChain(c.id());
            }
        }
        Result res = finish();
        return new Result(res.clients(), identities, res.other());
    }

    /** The client a connection is counted under: the one its own hello shows (issue 8), never its chain's. */
    public ClientIdentity identity(HandshakeRecord r, ChainSet chains) {
        return identityOf(r);
    }

    /**
     * Counts one record (in time order); returns the identity it was counted under. The chains are
     * not known yet while the records stream by the first time: {@link #listChains} places them after.
     */
    public ClientIdentity add(HandshakeRecord r) {
        return add(r, OutcomeKey.of(r));
    }

    /** {@link #add(HandshakeRecord)} with the record's outcome key, when the caller has it already. */
    public ClientIdentity add(HandshakeRecord r, OutcomeKey key) {
        count(r, key);
        return identityOf(r);
    }

    /**
     * {@link #add(HandshakeRecord, OutcomeKey)} for a caller that needs only the family the record was
     * counted under (null: none): no identity object per record.
     */
    public String count(HandshakeRecord r, OutcomeKey key) {
        Row row = find(r, true);
        if (row == null) {
            untracked.add(r, key);
            untrackedConnections++;
            return catalog.familyOf(ja4Of(r));
        }
        row.add(r, key);
        row.countVersion(r.clientHello() == null ? NO_HELLO : r.clientHello().maxVersion());
        return row.family;
    }

    /**
     * The row of the record's identity (address, fingerprint, JA4: the family follows from the JA4);
     * with {@code create}, a new row when there is none and fewer than {@code tracked} rows; else null.
     */
    private Row find(HandshakeRecord r, boolean create) {
        String ip = r.client().ip();
        String fp = ClientFingerprint.of(r.clientHello());
        String ja4 = ja4Of(r);
        Row first = table.get(ip);
        Row last = null;
        for (Row row = first; row != null; row = row.next) {
            if (Objects.equals(row.fingerprint, fp) && Objects.equals(row.ja4, ja4)) {
                return row;
            }
            last = row;
        }
        if (!create || rowCount >= tracked) {
            return null;
        }
        Row row = new Row(ip, fp, ja4, catalog.familyOf(ja4));
        rowCount++;
        if (last == null) {
            table.put(ip, row);
        } else {
            last.next = row;
        }
        return row;
    }

    private static String ja4Of(HandshakeRecord r) {
        String ja4 = r.clientHello() == null ? null : r.clientHello().ja4();
        return ja4 != null && ja4.isEmpty() ? null : ja4;
    }

    /**
     * Lists each listed chain on the row of its first attempt, after every record was counted. The
     * root's row exists exactly when the root was counted one by one: a row is made when its client
     * is first seen and the table never drops one, so a client untracked then stays untracked. Chain
     * ids follow their roots' order in time, so each row's chains come in the order its roots came.
     */
    public void listChains(ChainSet chains) {
        for (Chain c : chains.chains()) {
            HandshakeRecord root = chains.roots().get(c.rootConnection());
            Row row = root == null ? null : find(root, false);
            if (row != null) {
                row.addChain(c.id());
            }
        }
    }

    /** The table: most failures first, cut at {@code rows}; only the listed rows are built. */
    public Result finish() {
        Ranked[] all = new Ranked[rowCount];
        int n = 0;
        for (Row first : table.values()) {
            for (Row row = first; row != null; row = row.next) {
                all[n++] = new Ranked(row);
            }
        }
        // most failures first: the clients an operator should look at lead the table
        Arrays.sort(all, Ranked::mostFailuresFirst);
        int listed = (int) Math.min(rows, all.length);
        List<ClientSummary> out = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            out.add(all[i].row.summary());
        }
        if (all.length <= rows && untrackedConnections == 0) {
            return new Result(out, Map.of(), null);
        }
        TallyBuilder other = new TallyBuilder();
        other.addAll(untracked);
        for (int i = listed; i < all.length; i++) {
            other.addAll(all[i].row);
        }
        return new Result(out, Map.of(), new OtherRows(all.length - listed, untrackedConnections, other.build()));
    }

    /**
     * A row's sort key, copied out of it so that sorting 50,000 rows reads one small object per row:
     * the counts, and the address's first 16 chars packed into two longs (compared as the strings
     * would be while both fit; the strings themselves are read only past that).
     */
    private static final class Ranked {
        final Row row;
        final int failed;
        final int attempts;
        final long ipHi;
        final long ipLo;
        /** The address is at most 16 chars, each in 1..0xff: the two longs hold it exactly. */
        final boolean packed;

        Ranked(Row row) {
            this.row = row;
            this.failed = row.failed();
            this.attempts = row.attempts();
            String ip = row.ip;
            long hi = 0;
            long lo = 0;
            boolean fits = ip != null && ip.length() <= 16;
            for (int i = 0; fits && i < ip.length(); i++) {
                char c = ip.charAt(i);
                fits = c >= 1 && c <= 0xff;
                if (i < 8) {
                    hi |= (long) c << (56 - 8 * i);
                } else {
                    lo |= (long) c << (56 - 8 * (i - 8));
                }
            }
            this.packed = fits;
            this.ipHi = hi;
            this.ipLo = lo;
        }

        /** Most failures first, then most attempts, then by address and fingerprint (none sorts as ""). */
        static int mostFailuresFirst(Ranked a, Ranked b) {
            int c = Integer.compare(b.failed, a.failed);
            if (c == 0) {
                c = Integer.compare(b.attempts, a.attempts);
            }
            if (c != 0) {
                return c;
            }
            if (a.packed && b.packed) {
                // zero-padded, so a shorter address that is a prefix of the other sorts first, as String does
                c = Long.compareUnsigned(a.ipHi, b.ipHi);
                if (c == 0) {
                    c = Long.compareUnsigned(a.ipLo, b.ipLo);
                }
            } else {
                c = a.row.ip.compareTo(b.row.ip);
            }
            return c != 0 ? c : Objects.toString(a.row.fingerprint, "").compareTo(Objects.toString(b.row.fingerprint, ""));
        }
    }

    private ClientIdentity identityOf(HandshakeRecord r) {
        String ja4 = ja4Of(r);
        return new ClientIdentity(r.client().ip(), ClientFingerprint.of(r.clientHello()), ja4, catalog.familyOf(ja4));
    }

    /** The version key of a connection without a ClientHello: counted as "none". */
    private static final int NO_HELLO = -1;

    /**
     * One client's counts: its tally, and its offered max versions, the first in two fields (a client
     * offers one or two) and further ones in short arrays. A table holds up to {@code tracked} of these
     * until the report, so each object a row is made of was one more copied by every young collection
     * it lived through.
     */
    private static final class Row extends TallyBuilder {
        final String ip;
        final String fingerprint;
        final String ja4;
        final String family;
        /** The next identity met at this address, or null. */
        Row next;
        int firstVersion;
        int firstVersionCount;
        /** Offered max versions after the first (wire codes, {@link #NO_HELLO}) and their counts. */
        int[] versions;
        int[] versionCounts;
        int distinctVersions;
        int[] chains;
        int chainCount;

        Row(String ip, String fingerprint, String ja4, String family) {
            this.ip = ip;
            this.fingerprint = fingerprint;
            this.ja4 = ja4;
            this.family = family;
        }

        void countVersion(int code) {
            if (distinctVersions > 0 && firstVersion == code) {
                firstVersionCount++;
                return;
            }
            for (int i = 0; i < distinctVersions - 1; i++) {
                if (versions[i] == code) {
                    versionCounts[i]++;
                    return;
                }
            }
            if (distinctVersions == 0) {
                firstVersion = code;
                firstVersionCount = 1;
                distinctVersions = 1;
                return;
            }
            int at = distinctVersions - 1;
            if (versions == null) {
                versions = new int[1];
                versionCounts = new int[1];
            } else if (at == versions.length) {
                versions = Arrays.copyOf(versions, at * 2);
                versionCounts = Arrays.copyOf(versionCounts, at * 2);
            }
            versions[at] = code;
            versionCounts[at] = 1;
            distinctVersions++;
        }

        void addChain(int chainId) {
            if (chains == null) {
                chains = new int[2];
            } else if (chainCount == chains.length) {
                chains = Arrays.copyOf(chains, chainCount * 2);
            }
            chains[chainCount++] = chainId;
        }

        ClientSummary summary() {
            Map<String, Integer> maxVersions = new TreeMap<>();
            for (int i = 0; i < distinctVersions; i++) {
                int code = i == 0 ? firstVersion : versions[i - 1];
                String name = code == NO_HELLO ? "none" : TlsVersion.name(code);
                maxVersions.merge(name, i == 0 ? firstVersionCount : versionCounts[i - 1], Integer::sum);
            }
            List<Integer> chainIds = new ArrayList<>(chainCount);
            for (int i = 0; i < chainCount; i++) {
                chainIds.add(chains[i]);
            }
            return new ClientSummary(ip, fingerprint, ja4, family, build(), maxVersions,
                    List.copyOf(chainIds));
        }
    }
}
