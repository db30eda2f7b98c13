package io.tlsinspect.decoder;

import static io.tlsinspect.testkit.CaptureBytes.ACK;
import static io.tlsinspect.testkit.CaptureBytes.FIN;
import static io.tlsinspect.testkit.CaptureBytes.PSH;
import static io.tlsinspect.testkit.CaptureBytes.RST;
import static io.tlsinspect.testkit.CaptureBytes.SYN;
import static io.tlsinspect.testkit.CaptureBytes.ipv4;
import static io.tlsinspect.testkit.CaptureBytes.ipv6;
import static io.tlsinspect.testkit.CaptureBytes.tcp;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.testkit.CaptureBytes;
import io.tlsinspect.testkit.CaptureBytes.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection's packets around the real TLS bytes of a {@link Transcript}, for the capture
 * fuzz target's seed corpus: three-way handshake, one segment per transcript step, acknowledgments,
 * FIN or RST. {@link CaptureBytes} frames them in a link layer and writes them as pcap or pcapng.
 */
final class Conversation {
    private final boolean ipv6;
    private final byte[] clientAddr;
    private final byte[] serverAddr;
    private final int clientPort;
    private final int serverPort;
    private final int[] next = new int[2];
    final List<Packet> packets = new ArrayList<>();
    private long ts;

    Conversation(boolean ipv6, int clientLastOctet, int clientPort, int clientIsn, int serverIsn, long startNanos) {
        this.ipv6 = ipv6;
        this.clientAddr = ipv6 ? v6(clientLastOctet) : new byte[] {(byte) 192, 0, 2, (byte) clientLastOctet};
        this.serverAddr = ipv6 ? v6(1) : new byte[] {(byte) 198, 51, 100, 1};
        this.clientPort = clientPort;
        this.serverPort = 443;
        this.ts = startNanos;
        next[0] = clientIsn;
        next[1] = serverIsn;
    }

    private static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    Conversation handshake() {
        send(Direction.CLIENT_TO_SERVER, SYN, new byte[0], 1);
        send(Direction.SERVER_TO_CLIENT, SYN | ACK, new byte[0], 1);
        send(Direction.CLIENT_TO_SERVER, ACK, new byte[0], 0);
        return this;
    }

    /** A data segment with PSH and ACK. */
    Conversation data(Direction dir, byte[] payload) {
        return send(dir, PSH | ACK, payload, payload.length);
    }

    Conversation fin(Direction dir) {
        return send(dir, FIN | ACK, new byte[0], 1);
    }

    Conversation rst(Direction dir) {
        return send(dir, RST | ACK, new byte[0], 0);
    }

    /** Skips {@code n} bytes of one direction's sequence space (bytes lost before the capture). */
    Conversation lose(Direction dir, int n) {
        next[dir.ordinal()] += n;
        return this;
    }

    /** Plays every step of a transcript. */
    Conversation play(Transcript t) {
        for (Transcript.Step s : t.steps()) {
            switch (s.kind()) {
                case "data" -> data(s.dir(), s.data());
                case "FIN" -> fin(s.dir());
                default -> rst(s.dir());
            }
        }
        return this;
    }

    private Conversation send(Direction dir, int flags, byte[] payload, int seqUse) {
        ts += 250_000L;
        int d = dir.ordinal();
        boolean fromClient = dir == Direction.CLIENT_TO_SERVER;
        int ack = (flags & ACK) != 0 ? next[1 - d] : 0;
        byte[] tcp = tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                next[d], ack, flags, payload);
        byte[] src = fromClient ? clientAddr : serverAddr;
        byte[] dst = fromClient ? serverAddr : clientAddr;
        packets.add(new Packet(ts, ipv6 ? ipv6(src, dst, tcp) : ipv4(src, dst, tcp)));
        next[d] += seqUse;
        return this;
    }
}
