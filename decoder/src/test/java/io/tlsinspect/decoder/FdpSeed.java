package io.tlsinspect.decoder;

import java.io.ByteArrayOutputStream;

/**
 * Writes a fuzzer input that a {@code FuzzedDataProvider} reads back as a chosen sequence of values,
 * so the seed corpus can say "these real TLS segments, in this order" instead of random bytes.
 *
 * <p>Jazzer's provider (like libFuzzer's, which it mirrors) takes byte arrays from the front of the
 * input and integers from the back: {@code consumeInt(min, max)} reads as many bytes as the range
 * {@code max - min} needs, last byte of the input first, most significant first, and returns that
 * value itself if it lies in {@code [min, max]} (Jazzer 0.30 does this so that the fuzzer can plant
 * compared constants), else {@code min + value % (range + 1)}. {@code consumeBoolean()} is the low
 * bit of one such byte. {@code ConnectionFuzzTest} checks {@link Reader} against Jazzer's provider,
 * and {@code FuzzSeedsTest} that seeds written here replay to what they were written from.
 */
final class FdpSeed {
    private final ByteArrayOutputStream front = new ByteArrayOutputStream();
    /** Integer bytes in the order the provider consumes them (reversed onto the end of the input). */
    private final ByteArrayOutputStream back = new ByteArrayOutputStream();

    FdpSeed bool(boolean v) {
        back.write(v ? 1 : 0);
        return this;
    }

    FdpSeed integer(int min, int max, int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " not in [" + min + ", " + max + "]");
        }
        if (min < 0) {
            throw new IllegalArgumentException("negative minimum: not needed, not supported");
        }
        long range = (long) max - min;
        int n = 0;
        while (n < 4 && (range >>> (8 * n)) > 0) {
            n++;
        }
        // The provider hands back the raw value when it is in range: write the value itself.
        long v = value;
        if (n < 4 && v >>> (8 * n) != 0) {
            throw new IllegalArgumentException(value + " does not fit in the " + n + " bytes read for [" + min + ", " + max + "]");
        }
        for (int i = n - 1; i >= 0; i--) {
            back.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    /** The answer to {@code consumeBytes(maxLength)} when the data has at least that many bytes. */
    FdpSeed bytes(byte[] b) {
        front.writeBytes(b);
        return this;
    }

    byte[] toByteArray() {
        byte[] ints = back.toByteArray();
        byte[] out = new byte[front.size() + ints.length];
        System.arraycopy(front.toByteArray(), 0, out, 0, front.size());
        for (int i = 0; i < ints.length; i++) {
            out[out.length - 1 - i] = ints[i];
        }
        return out;
    }

    /**
     * Reads an input as Jazzer's (and libFuzzer's) FuzzedDataProvider does, for the calls a connection
     * script makes; {@code ConnectionFuzzTest} checks it against Jazzer's own.
     */
    static final class Reader implements ConnectionFuzzTest.Input {
        private final byte[] data;
        private int front;
        private int remaining;

        Reader(byte[] data) {
            this.data = data;
            this.remaining = data.length;
        }

        @Override
        public int consumeInt(int min, int max) {
            long range = (long) max - min;
            long result = 0;
            int offset = 0;
            while (offset < 32 && (range >>> offset) > 0 && remaining != 0) {
                remaining--;
                result = (result << 8) | (data[front + remaining] & 0xff);
                offset += 8;
            }
            if (result >= min && result <= max) {
                return (int) result;
            }
            return (int) (min + result % (range + 1));
        }

        @Override
        public byte[] consumeBytes(int maxLength) {
            int n = Math.min(maxLength, remaining);
            byte[] b = java.util.Arrays.copyOfRange(data, front, front + n);
            front += n;
            remaining -= n;
            return b;
        }

        @Override
        public int remainingBytes() {
            return remaining;
        }
    }
}
