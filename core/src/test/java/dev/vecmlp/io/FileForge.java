package dev.vecmlp.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Test helper that takes a valid model file apart into its sections and puts (possibly
 * altered) sections back together with a correct length and checksum: a forger's tool, to
 * check that structure checks hold even when the checksum does.
 */
final class FileForge {
    /** One section: a 4-character tag and its payload. */
    static final class Section {
        String tag;
        byte[] payload;

        Section(String tag, byte[] payload) {
            this.tag = tag;
            this.payload = payload;
        }

        ByteBuffer le() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    final byte[] header;
    final List<Section> sections = new ArrayList<>();

    FileForge(byte[] valid) {
        header = Arrays.copyOf(valid, ModelCodec.HEADER_BYTES);
        ByteBuffer b = ByteBuffer.wrap(valid, 0, valid.length - ModelCodec.CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.position(ModelCodec.HEADER_BYTES);
        while (b.hasRemaining()) {
            byte[] tag = new byte[4];
            b.get(tag);
            byte[] payload = new byte[(int) b.getLong()];
            b.get(payload);
            sections.add(new Section(new String(tag, StandardCharsets.US_ASCII), payload));
        }
    }

    Section section(String tag) {
        return sections.stream().filter(s -> s.tag.equals(tag)).findFirst().orElseThrow();
    }

    /** The file with a correct total length and checksum. */
    byte[] build() {
        ByteBuffer out = ByteBuffer.allocate(total()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header);
        for (Section s : sections) {
            out.put(s.tag.getBytes(StandardCharsets.US_ASCII));
            out.putLong(s.payload.length);
            out.put(s.payload);
        }
        out.putLong(16, out.capacity());
        return withChecksum(out.array());
    }

    private int total() {
        int n = ModelCodec.HEADER_BYTES + ModelCodec.CHECKSUM_BYTES;
        for (Section s : sections) {
            n += 12 + s.payload.length;
        }
        return n;
    }

    /** {@code file} with its last four bytes set to the CRC32C of the rest. */
    static byte[] withChecksum(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - 4, (int) crc.getValue());
        return file;
    }
}
