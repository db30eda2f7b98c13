package io.tlsinspect.capture.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Integer reads from a byte array in either byte order; capture headers come in both. Through views
 * of the array as ints and shorts: one load each (and a byte swap), where assembling bytes took four
 * loads, shifts and a branch on the order, per field of every packet record.
 */
final class Bytes {
    private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return (bigEndian ? (short) I16_BE.get(b, i) : (short) I16_LE.get(b, i)) & 0xffff;
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (int) I32_BE.get(b, i) : (int) I32_LE.get(b, i);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }
}
