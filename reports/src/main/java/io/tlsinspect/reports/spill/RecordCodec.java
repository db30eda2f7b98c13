package io.tlsinspect.reports.spill;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Heartbeats;
import io.tlsinspect.decoder.model.Transport;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TcpFacts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A HandshakeRecord as compact bytes for the spill file, and back. Every field round-trips exactly
 * (the report read back must be the report of the records). Strings are length-prefixed UTF-8
 * (a hostile 64 KiB hello's JA3 string may exceed {@code writeUTF}'s limit); -1 length is null.
 * Written to a reused growable buffer and read from a heap ByteBuffer: no stream call per field.
 */
final class RecordCodec {
    private static final Outcome[] OUTCOMES = Outcome.values();

    private RecordCodec() {
    }

    static void write(Out o, HandshakeRecord r) {
        o.writeLong(r.id());
        o.writeLong(r.tsNanos());
        o.writeLong(r.endTsNanos());
        clientEndpoint(o, r.client());
        endpoint(o, r.server());
        tcp(o, r.tcp());
        o.writeByte(r.outcome().ordinal());
        o.writeBoolean(r.established());
        o.writeInt(r.version());
        o.writeInt(r.cipher());
        o.writeBoolean(r.resumed());
        o.writeBoolean(r.helloRetry());
        if (r.alerts() == null) {
            o.writeInt(-1);
        } else {
            List<AlertEvent> alerts = r.alerts();
            int n = alerts.size();
            o.writeInt(n);
            for (int i = 0; i < n; i++) { // by index: an iterator per record was most of the encoder's garbage
                alert(o, alerts.get(i));
            }
        }
        decisive(o, r.alerts(), r.decisiveAlert());
        clientHello(o, r.clientHello());
        serverHello(o, r.serverHello(), r.clientHello());
        certificate(o, r.certificate());
        str(o, r.history());
        o.writeBoolean(r.inferred());
        strings(o, r.notes()); // shared per distinct content by the decoder (Interner.notes): found by identity
        o.writeBoolean(r.keyExchangeGroup() != null);
        if (r.keyExchangeGroup() != null) {
            o.writeInt(r.keyExchangeGroup());
        }
        transport(o, r.transport());
        heartbeats(o, r.heartbeats());
    }

    static HandshakeRecord read(ByteBuffer in, Values v) {
        return read(in, v, KEEP_ID);
    }

    /** Marks {@link #read(ByteBuffer, Values, long)}'s id as the one written. */
    static final long KEEP_ID = Long.MIN_VALUE;

    /**
     * Decodes one record, under {@code newId} unless it is {@link #KEEP_ID}: the spill numbers records
     * as it reads them, and decoding straight into the numbered record saves a copy of each.
     */
    static HandshakeRecord read(ByteBuffer buf, Values v, long newId) {
        In in = v.in.over(buf);
        HandshakeRecord r = read(in, v, newId);
        in.done(buf);
        return r;
    }

    private static HandshakeRecord read(In in, Values v, long newId) {
        long id = in.getLong();
        if (newId != KEEP_ID) {
            id = newId;
        }
        long ts = in.getLong();
        long end = in.getLong();
        Endpoint client = endpoint(in, v);
        Endpoint server = endpoint(in, v);
        TcpFacts tcp = tcp(in, v);
        Outcome outcome = OUTCOMES[in.get()];
        boolean established = (in.get() != 0);
        int version = in.getInt();
        int cipher = in.getInt();
        boolean resumed = (in.get() != 0);
        boolean hrr = (in.get() != 0);
        int na = in.getInt();
        List<AlertEvent> alerts = switch (na) { // no list to copy for the usual zero, one or two alerts
            case -1 -> null;
            case 0 -> List.of();
            case 1 -> List.of(alert(in, v));
            case 2 -> List.of(alert(in, v), alert(in, v));
            default -> {
                AlertEvent[] a = new AlertEvent[na];
                for (int i = 0; i < na; i++) {
                    a[i] = alert(in, v);
                }
                yield List.of(a);
            }
        };
        AlertEvent decisive = decisive(in, v, alerts);
        ClientHelloInfo ch = clientHello(in, v);
        ServerHelloInfo sh = serverHello(in, v, ch);
        CertificateInfo cert = certificate(in, v);
        String history = str(in, v);
        boolean inferred = (in.get() != 0);
        List<String> notes = strings(in, v);
        Integer group = (in.get() != 0) ? in.getInt() : null;
        Transport transport = transport(in, v);
        Heartbeats heartbeats = heartbeats(in, v);
        return new HandshakeRecord(id, ts, end, client, server, tcp, outcome, established, version, cipher, resumed,
                hrr, alerts, decisive, ch, sh, cert, history, inferred, notes, group, transport, heartbeats);
    }

    /** Issue 11's heartbeat counts (RFC 6520): one byte when there were none (nearly every record). */
    private static void heartbeats(Out o, Heartbeats h) {
        o.writeBoolean(h != null);
        if (h != null) {
            o.writeInt(h.messages());
            o.writeInt(h.beforeHandshake());
            str(o, h.firstFrom());
            o.writeInt(h.firstType());
            o.writeInt(h.claimedPayload());
            o.writeInt(h.firstLength());
            o.writeInt(h.answered());
        }
    }

    private static Heartbeats heartbeats(In in, Values v) {
        if (in.get() == 0) {
            return null;
        }
        return new Heartbeats(in.getInt(), in.getInt(), str(in, v), in.getInt(), in.getInt(), in.getInt(), in.getInt());
    }

    /** Issue 11's transport: one byte for plain TCP (nearly every record), else its fields. */
    private static void transport(Out o, Transport t) {
        if (t == null || t == Transport.TCP || t.equals(Transport.TCP)) { // the constant first: no record equals per record
            o.writeBoolean(false);
            return;
        }
        o.writeBoolean(true);
        str(o, t.name());
        str(o, t.preamble());
        str(o, t.proxyTarget());
        optLong(o, t.quicVersion());
        optLong(o, t.quicCloseError());
        o.writeInt(t.quicVnVersions().size());
        for (long v : t.quicVnVersions()) {
            o.writeLong(v);
        }
        str(o, t.refusal());
    }

    private static Transport transport(In in, Values v) {
        if (in.get() == 0) {
            return Transport.TCP;
        }
        String name = str(in, v);
        String preamble = str(in, v);
        String proxyTarget = str(in, v);
        Long quicVersion = optLong(in, v);
        Long quicCloseError = optLong(in, v);
        int n = in.getInt();
        List<Long> vn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            vn.add(in.getLong());
        }
        return new Transport(name, preamble, proxyTarget, quicVersion, quicCloseError, vn, str(in, v));
    }

    private static void optLong(Out o, Long v) {
        o.writeBoolean(v != null);
        if (v != null) {
            o.writeLong(v);
        }
    }

    private static Long optLong(In in, Values v) {
        return in.get() != 0 ? in.getLong() : null;
    }

    /** 0: null, 1: inline, 2: a number in the run's dictionary (a server's address and port). */
    private static void endpoint(Out o, Endpoint e) {
        if (e == null) {
            o.writeByte(0);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refEndpoint(e);
        if (ref >= 0) {
            o.writeByte(2);
            o.writeInt(ref);
            return;
        }
        o.writeByte(1);
        endpointBody(o, e);
    }

    /**
     * A client's address and port are met once (a new source port per connection): inline, without
     * hashing the endpoint for a dictionary it would never be found in again; its address alone still
     * goes through the dictionary (a client comes back). Read by {@link #endpoint(ByteBuffer, Values)}.
     */
    private static void clientEndpoint(Out o, Endpoint e) {
        if (e == null) {
            o.writeByte(0);
            return;
        }
        o.writeByte(1);
        endpointBody(o, e);
    }

    private static void endpointBody(Out o, Endpoint e) {
        str(o, e.ip());
        o.writeInt(e.port());
    }

    private static Endpoint endpoint(In in, Values v) {
        return switch (in.get()) {
            case 0 -> null;
            case 2 -> (Endpoint) v.refs[in.getInt()];
            default -> endpointBody(in, v);
        };
    }

    private static Endpoint endpointBody(In in, Values v) {
        return new Endpoint(str(in, v), in.getInt());
    }

    private static void tcp(Out o, TcpFacts t) {
        o.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        o.writeBoolean(t.synSeen());
        o.writeBoolean(t.synAckSeen());
        o.writeBoolean(t.midStream());
        o.writeLong(t.clientPackets());
        o.writeLong(t.serverPackets());
        o.writeLong(t.clientBytes());
        o.writeLong(t.serverBytes());
        o.writeInt(t.clientGaps());
        o.writeInt(t.serverGaps());
        str(o, t.finFrom());
        str(o, t.rstFrom());
        str(o, t.endReason());
        o.writeLong(t.durationNanos());
        str(o, t.source());
    }

    private static TcpFacts tcp(In in, Values v) {
        if (!(in.get() != 0)) {
            return null;
        }
        return new TcpFacts((in.get() != 0), (in.get() != 0), (in.get() != 0), in.getLong(), in.getLong(),
                in.getLong(), in.getLong(), in.getInt(), in.getInt(), str(in, v), str(in, v), str(in, v), in.getLong(),
                str(in, v));
    }

    /**
     * The decisive alert is nearly always one of the record's alerts: 0 none, 1 inline, 2 and the
     * alert's index in the list (below 256), so a pass decodes one object, not two equal ones.
     */
    private static void decisive(Out o, List<AlertEvent> alerts, AlertEvent d) {
        if (d == null) {
            o.writeByte(0);
            return;
        }
        int n = alerts == null ? 0 : Math.min(alerts.size(), 256);
        for (int i = 0; i < n; i++) {
            AlertEvent a = alerts.get(i);
            if (a == d || a.equals(d)) {
                o.writeByte(2);
                o.writeByte(i);
                return;
            }
        }
        o.writeByte(1);
        alert(o, d);
    }

    private static AlertEvent decisive(In in, Values v, List<AlertEvent> alerts) {
        return switch (in.get()) {
            case 0 -> null;
            case 2 -> alerts.get(in.get() & 0xff);
            default -> alert(in, v);
        };
    }

    private static void alert(Out o, AlertEvent a) {
        str(o, a.from());
        o.writeInt(a.level());
        str(o, a.description());
        o.writeInt(a.code());
        o.writeBoolean(a.encrypted());
        o.writeBoolean(a.inferred());
        o.writeLong(a.tsNanos());
    }

    private static AlertEvent alert(In in, Values v) {
        return new AlertEvent(str(in, v), in.getInt(), str(in, v), in.getInt(), (in.get() != 0), (in.get() != 0),
                in.getLong());
    }

    private static void clientHello(Out o, ClientHelloInfo c) {
        o.writeBoolean(c != null);
        if (c == null) {
            return;
        }
        o.writeInt(c.recordVersion());
        o.writeInt(c.legacyVersion());
        ints(o, c.supportedVersions());
        o.writeInt(c.maxVersion());
        o.writeBoolean(c.sslv2Format());
        ints(o, c.cipherSuites());
        o.writeBoolean(c.fallbackScsv());
        o.writeBoolean(c.renegotiationScsv());
        sessionId(o, c.sessionId());
        o.writeBoolean(c.sessionTicket());
        o.writeBoolean(c.psk());
        str(o, c.sni());
        strings(o, c.alpn());
        ints(o, c.groups());
        ints(o, c.signatureAlgorithms());
        ints(o, c.extensions());
        ints(o, c.ecPointFormats());
        ints(o, c.keyShareGroups());
        str(o, c.ja3());
        str(o, c.ja3Hash());
        str(o, c.ja4());
    }

    private static ClientHelloInfo clientHello(In in, Values v) {
        if (!(in.get() != 0)) {
            return null;
        }
        return new ClientHelloInfo(in.getInt(), in.getInt(), ints(in, v), in.getInt(), (in.get() != 0), ints(in, v),
                (in.get() != 0), (in.get() != 0), str(in, v), (in.get() != 0), (in.get() != 0), str(in, v), strings(in, v),
                ints(in, v), ints(in, v), ints(in, v), ints(in, v), ints(in, v), str(in, v), str(in, v), str(in, v));
    }

    /**
     * The session ID is a byte, 1 when it equals the ClientHello's (a TLS 1.3 server echoes the
     * client's random legacy_session_id, RFC 8446 §4.1.3; a TLS 1.2 server resuming by ID too), then
     * the reader shares the ClientHello's string; else 0 and the string inline.
     */
    private static void serverHello(Out o, ServerHelloInfo s, ClientHelloInfo c) {
        o.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        o.writeInt(s.version());
        o.writeInt(s.legacyVersion());
        o.writeInt(s.cipher());
        String sid = s.sessionId();
        if (sid != null && c != null && sid.equals(c.sessionId())) {
            o.writeByte(1);
        } else {
            o.writeByte(0);
            sessionId(o, sid); // a new session's ID comes back in the client's next hello: the dictionary
        }
        o.writeInt(s.compression());
        ints(o, s.extensions());
        o.writeBoolean(s.helloRetryRequest());
        str(o, s.alpn());
        o.writeBoolean(s.keyShareGroup() != null);
        if (s.keyShareGroup() != null) {
            o.writeInt(s.keyShareGroup());
        }
        str(o, s.ja3s());
        str(o, s.ja3sHash());
    }

    private static ServerHelloInfo serverHello(In in, Values v, ClientHelloInfo c) {
        if (!(in.get() != 0)) {
            return null;
        }
        int version = in.getInt();
        int legacy = in.getInt();
        int cipher = in.getInt();
        String sid = in.get() != 0 ? c.sessionId() : str(in, v);
        int compression = in.getInt();
        List<Integer> ext = ints(in, v);
        boolean hrr = (in.get() != 0);
        String alpn = str(in, v);
        Integer group = (in.get() != 0) ? in.getInt() : null;
        return new ServerHelloInfo(version, legacy, cipher, sid, compression, ext, hrr, alpn, group, str(in, v), str(in, v));
    }

    /** 0: null, 1: inline, 2: a number in the run's dictionary (a server's certificate). */
    private static void certificate(Out o, CertificateInfo c) {
        if (c == null) {
            o.writeByte(0);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refCertificate(c);
        if (ref >= 0) {
            o.writeByte(2);
            o.writeInt(ref);
            return;
        }
        o.writeByte(1);
        certificateBody(o, c);
    }

    private static void certificateBody(Out o, CertificateInfo c) {
        str(o, c.subject());
        str(o, c.issuer());
        strings(o, c.subjectAltNames());
        str(o, c.notBefore());
        str(o, c.notAfter());
        str(o, c.keyType());
        o.writeInt(c.keyBits());
        o.writeInt(c.chainLength());
        o.writeBoolean(c.selfSigned());
        str(o, c.sha256());
    }

    private static CertificateInfo certificate(In in, Values v) {
        return switch (in.get()) {
            case 0 -> null;
            case 2 -> (CertificateInfo) v.refs[in.getInt()];
            default -> certificateBody(in, v);
        };
    }

    private static CertificateInfo certificateBody(In in, Values v) {
        return new CertificateInfo(str(in, v), str(in, v), strings(in, v), str(in, v), str(in, v), str(in, v), in.getInt(), in.getInt(),
                (in.get() != 0), str(in, v));
    }

    private static void ints(Out o, List<Integer> v) {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refInts(v);
        if (ref >= 0) {
            o.writeInt(-2 - ref);
            return;
        }
        intsInline(o, v);
    }

    private static void intsInline(Out o, List<Integer> v) {
        int n = v.size();
        o.room(4 + 4 * n);
        o.putInt(n);
        for (int i = 0; i < n; i++) { // by index: the model's lists are random-access, an iterator is garbage
            o.putInt(v.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> ints(In in, Values v) {
        int n = in.getInt();
        if (n < 0) {
            return n == -1 ? null : (List<Integer>) v.lists[-2 - n]; // no checkcast: an interface check per list was visible
        }
        int at = in.pos;
        if (!v.defining) {
            return intsFresh(in, n);
        }
        @SuppressWarnings("unchecked")
        List<Integer> known = (List<Integer>) v.ints.find(in.a, at, 4 * n);
        if (known != null) {
            in.pos = at + 4 * n;
            return known;
        }
        List<Integer> list = intsFresh(in, n);
        v.ints.keep(list);
        return list;
    }

    private static List<Integer> intsFresh(In in, int n) {
        Integer[] a = new Integer[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.getInt();
        }
        return List.of(a);
    }

    private static void strings(Out o, List<String> v) {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refStrings(v);
        if (ref >= 0) {
            o.writeInt(-2 - ref);
            return;
        }
        stringsInline(o, v);
    }

    /** Its strings inline, never as references: the reader keys shared lists by these bytes across runs. */
    private static void stringsInline(Out o, List<String> v) {
        int n = v.size();
        o.writeInt(n);
        for (int i = 0; i < n; i++) {
            strInline(o, v.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(In in, Values v) {
        int n = in.getInt();
        if (n < 0) {
            return n == -1 ? null : (List<String>) v.lists[-2 - n];
        }
        int at = in.pos;
        if (!v.defining) {
            return stringsFresh(in, n, v);
        }
        int len = 0;
        for (int i = 0; i < n; i++) { // the list's length in bytes: its strings' lengths, each prefixed
            int k = in.getInt(at + len);
            len += 4 + Math.max(0, k);
        }
        @SuppressWarnings("unchecked")
        List<String> known = (List<String>) v.stringLists.find(in.a, at, len);
        if (known != null) {
            in.pos = at + len;
            return known;
        }
        List<String> list = stringsFresh(in, n, v);
        v.stringLists.keep(list);
        return list;
    }

    private static List<String> stringsFresh(In in, int n, Values v) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(str(in, v));
        }
        return java.util.Collections.unmodifiableList(out); // may hold nulls: List.copyOf would refuse
    }

    private static void str(Out o, String s) {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refString(s);
        if (ref >= 0) {
            o.writeInt(-2 - ref);
            return;
        }
        strInline(o, s);
    }

    /** As {@link #str}, for a session ID ({@link Dict#refSessionId}). */
    private static void sessionId(Out o, String s) {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        int ref = o.dict == null ? -1 : o.dict.refSessionId(s);
        if (ref >= 0) {
            o.writeInt(-2 - ref);
            return;
        }
        strInline(o, s);
    }

    /** Length-prefixed UTF-8; ASCII (nearly every wire string) copied char by char, without a byte[] per string. */
    private static void strInline(Out o, String s) {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        int n = s.length();
        o.room(4 + n);
        int start = o.pos;
        o.putInt(n);
        byte[] a = o.a;
        int p = o.pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // not ASCII: the encoder's bytes
                o.pos = start;
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                o.writeInt(b.length);
                o.write(b);
                return;
            }
            a[p++] = (byte) c;
        }
        o.pos = p;
    }

    private static String str(In in, Values v) {
        int n = in.getInt();
        if (n < 0) {
            return n == -1 ? null : v.texts[-2 - n]; // no checkcast: it read each string's header, a cache miss per field
        }
        int at = in.pos;
        in.pos = at + n;
        if (!v.defining) {
            return new String(in.a, at, n, StandardCharsets.UTF_8);
        }
        String known = (String) v.strings.find(in.a, at, n);
        if (known == null) {
            known = new String(in.a, at, n, StandardCharsets.UTF_8);
            v.strings.keep(known);
        }
        return known;
    }

    /**
     * The values one reader of the spill has met, one object per distinct encoding (DESIGN §9: once
     * per distinct value): a client program sends the same suites, extensions and JA3/JA4 strings on
     * every connection and a server the same certificate, so a pass over the spill decodes each of
     * them once instead of once per record (before: most of a pass's time and nearly all of its
     * garbage). Fixed tables, so bounded; the values are immutable and shared between records.
     */
    static final class Values {
        final Table strings = new Table();
        final Table ints = new Table();
        final Table stringLists = new Table();
        /** The reader over the record being decoded. */
        final In in = new In();
        /** The values of the run being read, by reference number (see {@link Dict}); set by the reader per run. */
        Object[] refs = NO_REFS;
        /** The run's lists by reference number (null for other kinds), beside {@link #refs}: read without an interface check. */
        List<?>[] lists = NO_LISTS;
        /** The run's strings by reference number (null for other kinds), beside {@link #refs}, for the same reason. */
        String[] texts = NO_STRINGS;
        /**
         * Decoding a run's dictionary: values go through the tables, so the runs of a pass share one
         * object per value. A value inline in a record was met once in its run, most likely once at all
         * (a session ID, a client port): decoded without a look-up.
         */
        boolean defining;
    }

    private static final Object[] NO_REFS = new Object[0];
    private static final List<?>[] NO_LISTS = new List<?>[0];
    private static final String[] NO_STRINGS = new String[0];

    /**
     * Decodes a run's dictionary ({@link Dict#writeTo}): {@code count} definitions, each a kind byte
     * and the value inline. Definitions decode through the pass's {@link Values}, so runs share the objects.
     */
    static Object[] readRefs(ByteBuffer buf, int count, Values v) {
        In in = new In().over(buf);
        v.defining = true;
        Object[] refs = new Object[count];
        List<?>[] lists = new List<?>[count];
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            int kind = in.get();
            refs[i] = switch (kind) {
                case Dict.STRING -> texts[i] = str(in, v);
                case Dict.INTS -> lists[i] = ints(in, v);
                case Dict.STRINGS -> lists[i] = strings(in, v);
                case Dict.ENDPOINT -> endpointBody(in, v);
                case Dict.CERTIFICATE -> certificateBody(in, v);
                default -> throw new IllegalStateException("spill dictionary kind " + kind);
            };
        }
        v.defining = false;
        v.lists = lists;
        v.texts = texts;
        in.done(buf);
        return refs;
    }

    /**
     * The writer's dictionary of one run (DESIGN §9, once per distinct value): a string or list met a
     * second time in the run is defined once in the run's dictionary (written before its records) and
     * every later occurrence is its number, 4 bytes, instead of its bytes; the reader decodes each
     * definition once per run into one shared object. Values met once (addresses, session IDs) stay
     * inline, so they cost no dictionary room. Bounded: a direct-mapped table of {@link #SLOTS}
     * (a newcomer replaces an older value in its slot; numbers already given stay valid), values of at
     * most {@link #MAX_CHARS} characters or elements and {@link #MAX_DEFINITION} bytes, and at most {@link #BUDGET} bytes of definitions
     * a run (less in a long spill's later runs): past it, values go inline. So a hostile capture of millions of distinct values costs each
     * run at most that much on disk and in the reader, whatever the capture's length.
     */
    static final class Dict {
        static final int STRING = 1;
        static final int INTS = 2;
        static final int STRINGS = 3;
        static final int ENDPOINT = 4;
        static final int CERTIFICATE = 5;
        static final int SLOTS = 4096; // a power of two
        static final int MAX_CHARS = 1024;
        static final int BUDGET = 64 * 1024;
        static final int MAX_DEFINITION = 4096;
        private final Object[] keys = new Object[SLOTS];
        private final int[] kinds = new int[SLOTS];
        private final int[] hashes = new int[SLOTS]; // compared first: a miss (most values met once) reads no key
        private final int[] ids = new int[SLOTS];
        private final long[] seen = new long[SLOTS]; // hash and kind of the last value met once in the slot; 0: none
        private final Out defs = new Out();
        private int count;
        private int budget = BUDGET;

        /** Bytes of definitions this run may have (at most {@link #BUDGET}); see {@code RecordSpill.dictionaryBudget}. */
        void budget(int bytes) {
            budget = Math.min(bytes, BUDGET);
        }

        /**
         * Lists, endpoints and certificates by identity first: the decoder shares one object per distinct
         * list (its Interner), per certificate and per server endpoint (the flow table's endpoint cache),
         * and a list's or record's hash is computed anew on every call (every element). Strings by value
         * alone, by the hash they cache.
         */
        private final Object[] sameKeys = new Object[SLOTS];
        private final int[] sameIds = new int[SLOTS];
        private final int[] sameKinds = new int[SLOTS];

        /** The value's number in this run, defining it if this is its second sighting; -1: write it inline. */
        @SuppressWarnings("unchecked")
        int ref(int kind, Object v) {
            return switch (kind) {
                case STRING -> refString((String) v);
                case INTS -> refInts((List<Integer>) v);
                case STRINGS -> refStrings((List<String>) v);
                case ENDPOINT -> refEndpoint((Endpoint) v);
                default -> refCertificate((CertificateInfo) v);
            };
        }

        /** By the string's own hash: the decoder interns the strings that repeat (JA3, JA4, SNI, history), so it is cached. */
        int refString(String s) {
            return s.length() > MAX_CHARS ? -1 : refByValue(STRING, s, s.hashCode() * 31 + STRING);
        }

        int refInts(List<Integer> l) {
            int id = byIdentity(INTS, l);
            if (id < 0 && l.size() <= MAX_CHARS) {
                id = remember(INTS, l, refByValue(INTS, l, intsHash(l) * 31 + INTS));
            }
            return id;
        }

        int refStrings(List<String> l) {
            int id = byIdentity(STRINGS, l);
            if (id < 0 && l.size() <= MAX_CHARS) {
                id = remember(STRINGS, l, refByValue(STRINGS, l, stringsHash(l) * 31 + STRINGS));
            }
            return id;
        }

        int refEndpoint(Endpoint e) {
            int id = byIdentity(ENDPOINT, e);
            return id >= 0 ? id : remember(ENDPOINT, e, refByValue(ENDPOINT, e, endpointHash(e) * 31 + ENDPOINT));
        }

        int refCertificate(CertificateInfo c) {
            int id = byIdentity(CERTIFICATE, c);
            return id >= 0 ? id : remember(CERTIFICATE, c, refByValue(CERTIFICATE, c, c.hashCode() * 31 + CERTIFICATE));
        }

        /** The identity slot of the last {@link #byIdentity}. */
        private int sameSlot;

        private int byIdentity(int kind, Object v) {
            int same = System.identityHashCode(v) & (SLOTS - 1);
            sameSlot = same;
            return sameKeys[same] == v && sameKinds[same] == kind ? sameIds[same] : -1; // kind: List.of() is both a suite and a string list
        }

        private int remember(int kind, Object v, int id) {
            if (id >= 0) {
                sameKeys[sameSlot] = v;
                sameIds[sameSlot] = id;
                sameKinds[sameSlot] = kind;
            }
            return id;
        }

        /**
         * A string list's hash from {@link #freshHash} of each element, without an iterator: a list met as
         * a new object may hold strings formatted afresh (a preamble's notes), whose own hash is not cached.
         */
        private int stringsHash(List<String> l) {
            int n = l.size();
            int h = n;
            for (int i = 0; i < n; i++) {
                String s = l.get(i);
                h = h * 31 + (s == null ? 0 : freshHash(s));
            }
            return h;
        }

        /** A session ID: random per connection, so made afresh per record; by {@link #freshHash}. */
        int refSessionId(String s) {
            return s.length() > MAX_CHARS ? -1 : refByValue(STRING, s, freshHash(s) * 31 + STRING);
        }

        private final byte[] chars = new byte[MAX_CHARS];

        /**
         * A hash of every character of a string met once as an object (its own hash cache never used
         * again): its characters' low bytes copied out at once and mixed 8 at a time, about a quarter of
         * {@link String#hashCode}'s serial loop over each character, which was the encoder's hottest
         * frame. Strings whose characters differ only above the low byte share a hash; a hit is still
         * checked by {@code equals}.
         */
        @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the low bytes, without a new array
        private int freshHash(String s) {
            int n = s.length();
            if (n > chars.length) {
                return s.hashCode();
            }
            s.getBytes(0, n, chars, 0);
            long h = n;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                h = (h ^ (long) Table.LONGS.get(chars, i)) * Table.MIX;
            }
            for (; i < n; i++) {
                h = (h ^ chars[i]) * Table.MIX;
            }
            h ^= h >>> 29;
            return (int) (h ^ (h >>> 32));
        }

        /** A suite list's hash without a call per element through {@code Objects.hashCode}. */
        static int intsHash(List<Integer> l) {
            int n = l.size();
            int h = n;
            for (int i = 0; i < n; i++) {
                Integer x = l.get(i);
                h = h * 31 + (x == null ? 0 : x);
            }
            return h;
        }

        static int endpointHash(Endpoint e) {
            return (e.ip() == null ? 0 : e.ip().hashCode()) * 31 + e.port();
        }

        private int refByValue(int kind, Object v, int h) {
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            Object k = keys[slot];
            if (k != null && hashes[slot] == h && kinds[slot] == kind && (k == v || same(kind, k, v))) {
                return ids[slot];
            }
            long mark = (1L << 32) | (h & 0xffffffffL);
            if (seen[slot] != mark) {
                seen[slot] = mark;
                return -1;
            }
            if (defs.pos >= budget) {
                return -1;
            }
            int start = defs.pos;
            defs.writeByte(kind);
            switch (kind) {
                case STRING -> strInline(defs, (String) v);
                case INTS -> intsInline(defs, castInts(v));
                case STRINGS -> stringsInline(defs, castStrings(v));
                case ENDPOINT -> endpointBody(defs, (Endpoint) v); // defs has no dictionary: all inline
                default -> certificateBody(defs, (CertificateInfo) v);
            }
            if (defs.pos - start > MAX_DEFINITION) { // a list of long strings: inline
                defs.pos = start;
                return -1;
            }
            keys[slot] = v;
            hashes[slot] = h;
            kinds[slot] = kind;
            ids[slot] = count;
            seen[slot] = 0;
            return count++;
        }

        /**
         * {@code k.equals(v)}, lists compared by index: a list's equals walks two iterators, and a
         * decoder's list met again as another object (the notes, made per record) was compared per record.
         */
        private static boolean same(int kind, Object k, Object v) {
            if (kind == ENDPOINT) {
                return sameEndpoint((Endpoint) k, (Endpoint) v);
            }
            if (kind != INTS && kind != STRINGS) {
                return k.equals(v);
            }
            List<?> a = (List<?>) k;
            List<?> b = (List<?>) v;
            int n = a.size();
            if (n != b.size()) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!java.util.Objects.equals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * {@code Endpoint.equals}, component by component (RecordCodecTest checks they are these two): a
         * server's endpoint comes as a new object with nearly every connection, and the record's generated
         * equals went through invokedynamic for each.
         */
        static boolean sameEndpoint(Endpoint a, Endpoint b) {
            return a.port() == b.port() && java.util.Objects.equals(a.ip(), b.ip());
        }

        @SuppressWarnings("unchecked")
        private static List<Integer> castInts(Object v) {
            return (List<Integer>) v;
        }

        @SuppressWarnings("unchecked")
        private static List<String> castStrings(Object v) {
            return (List<String>) v;
        }

        /** Bytes of definitions so far. */
        int bytes() {
            return defs.pos;
        }

        int count() {
            return count;
        }

        /** The definitions, in number order. */
        ByteBuffer definitions() {
            return defs.flipped();
        }

        /** Forgets every value: the next run starts an empty dictionary. */
        void reset() {
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(sameKeys, null);
            java.util.Arrays.fill(seen, 0);
            defs.reset();
            count = 0;
        }
    }

    /**
     * A direct-mapped table from encoded bytes to the value they decode to. A value is kept on the
     * second sighting of its bytes' hash in a slot, so values seen once (session IDs, addresses) do
     * not push out the ones that repeat; a hit is checked byte for byte, never by hash alone.
     */
    static final class Table {
        private static final int SLOTS = 4096; // a power of two
        private static final int MAX_KEY = 4096; // longer encodings (hostile hellos) are decoded each time
        private final int[] seen = new int[SLOTS];
        private final int[] hashes = new int[SLOTS];
        private final byte[][] keys = new byte[SLOTS][];
        private final Object[] values = new Object[SLOTS];
        private byte[] pendingArray;
        private int pendingAt;
        private int pendingLen;
        private int pendingHash;

        /** The value these bytes decode to, if known; else null, and {@link #keep} may store what the caller decodes. */
        Object find(byte[] a, int at, int len) {
            pendingArray = null;
            if (len <= 0 || len > MAX_KEY) {
                return null;
            }
            int h = hash(a, at, len);
            int slot = h & (SLOTS - 1);
            byte[] k = keys[slot];
            if (k != null && hashes[slot] == h && java.util.Arrays.equals(k, 0, k.length, a, at, at + len)) {
                return values[slot];
            }
            if (seen[slot] == h) { // met before: worth keeping
                pendingArray = a;
                pendingAt = at;
                pendingLen = len;
                pendingHash = h;
            } else {
                seen[slot] = h;
            }
            return null;
        }

        /** Stores the value decoded from the bytes of the last {@link #find} that missed, when they are worth keeping. */
        void keep(Object value) {
            if (pendingArray == null) {
                return;
            }
            int slot = pendingHash & (SLOTS - 1);
            keys[slot] = java.util.Arrays.copyOfRange(pendingArray, pendingAt, pendingAt + pendingLen);
            hashes[slot] = pendingHash;
            values[slot] = value;
            pendingArray = null;
        }

        /**
         * A hash of the length and five 8-byte samples (ends, quarters, middle), not of every byte:
         * hashing every byte was the reader's hottest loop. Values equal in those samples only share
         * a slot; a hit is still checked byte for byte.
         */
        private static int hash(byte[] a, int at, int len) {
            long h = len;
            if (len < 8) {
                for (int i = at, end = at + len; i < end; i++) {
                    h = h * 31 + a[i];
                }
            } else {
                int last = len - 8;
                h = h * MIX + (long) LONGS.get(a, at);
                h = h * MIX + (long) LONGS.get(a, at + (last >>> 2));
                h = h * MIX + (long) LONGS.get(a, at + (last >>> 1));
                h = h * MIX + (long) LONGS.get(a, at + last - (last >>> 2));
                h = h * MIX + (long) LONGS.get(a, at + last);
            }
            h ^= h >>> 29;
            return (int) (h ^ (h >>> 32));
        }

        static final long MIX = 0x9E3779B97F4A7C15L;
        static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A big-endian reader over a heap buffer's array: a position and byte-array views (a HeapByteBuffer's
     * get checked its limit and memory session on every field). The array's bounds are still checked on
     * every read, and {@link #done} that the record did not run past the buffer's limit.
     */
    static final class In {
        byte[] a;
        int pos;
        private int limit;

        In over(ByteBuffer b) {
            a = b.array();
            pos = b.arrayOffset() + b.position();
            limit = b.arrayOffset() + b.limit();
            return this;
        }

        /** Moves the buffer past what was read. */
        void done(ByteBuffer b) {
            if (pos > limit) {
                throw new IllegalStateException("spill record overruns its length by " + (pos - limit) + " bytes");
            }
            b.position(pos - b.arrayOffset());
        }

        byte get() {
            return a[pos++];
        }

        int getInt() {
            int v = (int) Out.INT_BE.get(a, pos);
            pos += 4;
            return v;
        }

        /** The int at an absolute index of {@link #a}. */
        int getInt(int at) {
            return (int) Out.INT_BE.get(a, at);
        }

        long getLong() {
            long v = (long) Out.LONG_BE.get(a, pos);
            pos += 8;
            return v;
        }
    }

    /**
     * A growable big-endian buffer, reused for every record: a plain array and a position, written
     * through byte-array views (a HeapByteBuffer's put checked its position, limit and memory session
     * on every field: most of the encoder's own time).
     */
    static final class Out {
        byte[] a = new byte[4096];
        int pos;
        /** The run's dictionary, or null: every value inline. */
        Dict dict;

        void reset() {
            pos = 0;
        }

        /** The bytes written since the last {@link #reset}, as a buffer over this one's array (valid until the next write). */
        ByteBuffer flipped() {
            return ByteBuffer.wrap(a, 0, pos);
        }

        void room(int n) {
            if (a.length - pos < n) {
                grow(n);
            }
        }

        /**
         * Apart from {@link #room}, which is inlined at every field written: the copy, nearly never
         * run, was compiled into each of them (the encoder was the JIT's largest piece of work).
         */
        private void grow(int n) {
            a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, pos + n));
        }

        void writeLong(long v) {
            room(8);
            LONG_BE.set(a, pos, v);
            pos += 8;
        }

        void writeInt(int v) {
            room(4);
            INT_BE.set(a, pos, v);
            pos += 4;
        }

        /** An int where {@link #room} was already made. */
        void putInt(int v) {
            INT_BE.set(a, pos, v);
            pos += 4;
        }

        void writeByte(int v) {
            room(1);
            a[pos++] = (byte) v;
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void write(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, a, pos, b.length);
            pos += b.length;
        }

        private static final java.lang.invoke.VarHandle INT_BE =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
        private static final java.lang.invoke.VarHandle LONG_BE =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    }
}
