package io.tlsinspect.reports.spill;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TcpFacts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A HandshakeRecord as compact bytes for the spill file, and back. Every field round-trips exactly
 * (the report read back must be the report of the records). Strings are length-prefixed UTF-8
 * (a hostile 64 KiB hello's JA3 string may exceed {@code writeUTF}'s limit); -1 length is null.
 */
final class RecordCodec {
    private static final Outcome[] OUTCOMES = Outcome.values();

    private RecordCodec() {
    }

    static void write(DataOutput o, HandshakeRecord r) throws IOException {
        o.writeLong(r.id());
        o.writeLong(r.tsNanos());
        o.writeLong(r.endTsNanos());
        endpoint(o, r.client());
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
            o.writeInt(r.alerts().size());
            for (AlertEvent a : r.alerts()) {
                alert(o, a);
            }
        }
        o.writeBoolean(r.decisiveAlert() != null);
        if (r.decisiveAlert() != null) {
            alert(o, r.decisiveAlert());
        }
        clientHello(o, r.clientHello());
        serverHello(o, r.serverHello());
        certificate(o, r.certificate());
        str(o, r.history());
        o.writeBoolean(r.inferred());
        strings(o, r.notes());
        o.writeBoolean(r.keyExchangeGroup() != null);
        if (r.keyExchangeGroup() != null) {
            o.writeInt(r.keyExchangeGroup());
        }
    }

    static HandshakeRecord read(DataInput in) throws IOException {
        long id = in.readLong();
        long ts = in.readLong();
        long end = in.readLong();
        Endpoint client = endpoint(in);
        Endpoint server = endpoint(in);
        TcpFacts tcp = tcp(in);
        Outcome outcome = OUTCOMES[in.readByte()];
        boolean established = in.readBoolean();
        int version = in.readInt();
        int cipher = in.readInt();
        boolean resumed = in.readBoolean();
        boolean hrr = in.readBoolean();
        int na = in.readInt();
        List<AlertEvent> alerts = null;
        if (na >= 0) {
            alerts = new ArrayList<>(na);
            for (int i = 0; i < na; i++) {
                alerts.add(alert(in));
            }
            alerts = List.copyOf(alerts);
        }
        AlertEvent decisive = in.readBoolean() ? alert(in) : null;
        ClientHelloInfo ch = clientHello(in);
        ServerHelloInfo sh = serverHello(in);
        CertificateInfo cert = certificate(in);
        String history = str(in);
        boolean inferred = in.readBoolean();
        List<String> notes = strings(in);
        Integer group = in.readBoolean() ? in.readInt() : null;
        return new HandshakeRecord(id, ts, end, client, server, tcp, outcome, established, version, cipher, resumed,
                hrr, alerts, decisive, ch, sh, cert, history, inferred, notes, group);
    }

    private static void endpoint(DataOutput o, Endpoint e) throws IOException {
        o.writeBoolean(e != null);
        if (e != null) {
            str(o, e.ip());
            o.writeInt(e.port());
        }
    }

    private static Endpoint endpoint(DataInput in) throws IOException {
        return in.readBoolean() ? new Endpoint(str(in), in.readInt()) : null;
    }

    private static void tcp(DataOutput o, TcpFacts t) throws IOException {
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

    private static TcpFacts tcp(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new TcpFacts(in.readBoolean(), in.readBoolean(), in.readBoolean(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readInt(), in.readInt(), str(in), str(in), str(in), in.readLong(),
                str(in));
    }

    private static void alert(DataOutput o, AlertEvent a) throws IOException {
        str(o, a.from());
        o.writeInt(a.level());
        str(o, a.description());
        o.writeInt(a.code());
        o.writeBoolean(a.encrypted());
        o.writeBoolean(a.inferred());
        o.writeLong(a.tsNanos());
    }

    private static AlertEvent alert(DataInput in) throws IOException {
        return new AlertEvent(str(in), in.readInt(), str(in), in.readInt(), in.readBoolean(), in.readBoolean(),
                in.readLong());
    }

    private static void clientHello(DataOutput o, ClientHelloInfo c) throws IOException {
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
        str(o, c.sessionId());
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

    private static ClientHelloInfo clientHello(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new ClientHelloInfo(in.readInt(), in.readInt(), ints(in), in.readInt(), in.readBoolean(), ints(in),
                in.readBoolean(), in.readBoolean(), str(in), in.readBoolean(), in.readBoolean(), str(in), strings(in),
                ints(in), ints(in), ints(in), ints(in), ints(in), str(in), str(in), str(in));
    }

    private static void serverHello(DataOutput o, ServerHelloInfo s) throws IOException {
        o.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        o.writeInt(s.version());
        o.writeInt(s.legacyVersion());
        o.writeInt(s.cipher());
        str(o, s.sessionId());
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

    private static ServerHelloInfo serverHello(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int version = in.readInt();
        int legacy = in.readInt();
        int cipher = in.readInt();
        String sid = str(in);
        int compression = in.readInt();
        List<Integer> ext = ints(in);
        boolean hrr = in.readBoolean();
        String alpn = str(in);
        Integer group = in.readBoolean() ? in.readInt() : null;
        return new ServerHelloInfo(version, legacy, cipher, sid, compression, ext, hrr, alpn, group, str(in), str(in));
    }

    private static void certificate(DataOutput o, CertificateInfo c) throws IOException {
        o.writeBoolean(c != null);
        if (c == null) {
            return;
        }
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

    private static CertificateInfo certificate(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new CertificateInfo(str(in), str(in), strings(in), str(in), str(in), str(in), in.readInt(), in.readInt(),
                in.readBoolean(), str(in));
    }

    private static void ints(DataOutput o, List<Integer> v) throws IOException {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        o.writeInt(v.size());
        for (Integer i : v) {
            o.writeInt(i);
        }
    }

    private static List<Integer> ints(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Integer[] a = new Integer[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return List.of(a);
    }

    private static void strings(DataOutput o, List<String> v) throws IOException {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        o.writeInt(v.size());
        for (String s : v) {
            str(o, s);
        }
    }

    private static List<String> strings(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(str(in));
        }
        return java.util.Collections.unmodifiableList(out); // may hold nulls: List.copyOf would refuse
    }

    private static void str(DataOutput o, String s) throws IOException {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    private static String str(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
