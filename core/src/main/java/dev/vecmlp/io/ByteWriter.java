package dev.vecmlp.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for building a file in memory before it is written in
 * one piece (so the checksum covers exactly what lands on disk).
 */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    int size() {
        return size;
    }

    private void ensure(long extra) {
        long need = size + extra;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("file content: expected at most " + (Integer.MAX_VALUE - 16)
                    + " bytes, found " + need);
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, 2L * buf.length)));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** Overwrites the 8 bytes at {@code at} with {@code v}. */
    void patchU64(int at, long v) {
        for (int i = 0; i < 8; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void floats(float[] a, int off, int len) {
        ensure(4L * len);
        ByteBuffer.wrap(buf, size, 4 * len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(a, off, len);
        size += 4 * len;
    }

    /** u32 byte length, then the UTF-8 bytes. */
    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        bytes(b);
    }

    /** The bytes written so far (a view of the buffer up to {@link #size()}). */
    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
