package io.tlsinspect.decoder.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsinspect.decoder.DecoderStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeAssemblerReleaseTest {
    private final List<byte[]> messages = new ArrayList<>();
    private final HandshakeAssembler assembler = new HandshakeAssembler(new HandshakeAssembler.Sink() {
        @Override
        public void onMessage(int type, byte[] b, int off, int len, int tag) {
            messages.add(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void onOversizedMessage(int type, int claimedLength) {
        }
    }, 1 << 16, new DecoderStats());

    /** A Certificate message (RFC 8446 §4: type 11, uint24 length) of 3000 body bytes. */
    private static byte[] message() {
        byte[] m = new byte[4 + 3000];
        m[0] = 11;
        m[2] = (byte) (3000 >> 8);
        m[3] = (byte) 3000;
        for (int i = 4; i < m.length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    @Test
    void aStoppedDirectionGivesBackTheBufferOfAMessageThatSpannedRecords() {
        byte[] m = message();
        assembler.feed(m, 0, 1000, 0x0303);
        assembler.feed(m, 1000, m.length - 1000, 0x0303);
        assertEquals(1, messages.size());
        assertArrayEquals(Arrays.copyOfRange(m, 4, m.length), messages.get(0));
        assertTrue(assembler.capacity() >= 3004, "the spanning message was held");
        assembler.release();
        assertEquals(0, assembler.capacity());
    }

    @Test
    void aHalfHeldMessageKeepsItsBytes() {
        byte[] m = message();
        assembler.feed(m, 0, 1000, 0x0303);
        assembler.release();
        assertEquals(1000, assembler.buffered());
        assertTrue(assembler.inMessage());
        assembler.feed(m, 1000, m.length - 1000, 0x0303);
        assertEquals(1, messages.size());
        assertArrayEquals(Arrays.copyOfRange(m, 4, m.length), messages.get(0));
    }
}
