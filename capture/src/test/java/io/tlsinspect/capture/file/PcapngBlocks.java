package io.tlsinspect.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-side surgery on a little-endian pcapng file (the samples' byte order), block by block, with its
 * own reading of the block framing (draft-ietf-opsawg-pcapng §3.1), independent of the reader.
 */
final class PcapngBlocks {
    static final int EPB = 6;
    static final int CUSTOM = 0x00000BAD;

    private PcapngBlocks() {
    }

    static List<byte[]> split(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).as("pcapng section header").isEqualTo(0x0A0D0D0A);
        assertThat(b.getInt(8)).as("little-endian section").isEqualTo(0x1A2B3C4D);
        List<byte[]> blocks = new ArrayList<>();
        int p = 0;
        while (p < file.length) {
            int len = b.getInt(p + 4);
            assertThat(b.getInt(p + len - 4)).as("closing length of the block at " + p).isEqualTo(len);
            blocks.add(Arrays.copyOfRange(file, p, p + len));
            p += len;
        }
        return blocks;
    }

    static int type(byte[] block) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    static byte[] join(List<byte[]> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        blocks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** A custom block (§4.7, type 0x00000BAD: PEN then data) of {@code total} bytes, well formed. */
    static byte[] custom(int total) {
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(CUSTOM).putInt(total).putInt(32473); // PEN 32473: the IANA example enterprise number
        for (int i = 12; i < total - 4; i++) {
            b.put((byte) (i * 7));
        }
        b.putInt(total);
        return b.array();
    }

    /** Offset of block {@code index} in the joined file. */
    static int offsetOf(List<byte[]> blocks, int index) {
        int p = 0;
        for (int i = 0; i < index; i++) {
            p += blocks.get(i).length;
        }
        return p;
    }
}
