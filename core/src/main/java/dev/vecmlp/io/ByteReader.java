package dev.vecmlp.io;

import dev.vecmlp.io.ModelFormatException.Reason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over a slice of a byte array. Every read first checks
 * that the bytes are there and every count read from the file is checked against the bytes
 * left before anything is allocated from it, so a forged size fails with
 * {@link Reason#MALFORMED} instead of an {@link OutOfMemoryError} or an index exception.
 */
final class ByteReader {
    private final byte[] data;
    private final int end;
    private final String context;
    private int pos;

    ByteReader(byte[] data, int from, int to, String context) {
        this.data = data;
        this.pos = from;
        this.end = to;
        this.context = context;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    String context() {
        return context;
    }

    /** Throws unless {@code n} more bytes are present. */
    void require(long n, String what) throws ModelFormatException {
        if (n < 0 || n > remaining()) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + " needs " + n
                    + " bytes, found " + remaining() + " left");
        }
    }

    int u8(String what) throws ModelFormatException {
        require(1, what);
        return data[pos++] & 0xff;
    }

    /** An unsigned 32-bit value. */
    long u32(String what) throws ModelFormatException {
        require(4, what);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    /** A 64-bit value that must fit a non-negative {@code long}. */
    long u64(String what) throws ModelFormatException {
        require(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (data[pos + i] & 0xffL);
        }
        pos += 8;
        if (v < 0) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + ": expected a size below 2^63, found "
                    + Long.toUnsignedString(v));
        }
        return v;
    }

    /** A u32 in {@code [min, max]}. */
    int intInRange(String what, long min, long max) throws ModelFormatException {
        long v = u32(what);
        if (v < min || v > max) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + ": expected " + min + " to " + max
                    + ", found " + v);
        }
        return (int) v;
    }

    /**
     * A u32 count of items that each take at least {@code minBytesEach} bytes: bounded by the
     * bytes left, so a forged count is refused before anything is allocated for it.
     */
    int count(String what, int minBytesEach) throws ModelFormatException {
        long v = u32(what);
        if (v * minBytesEach > remaining()) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + " " + v + " needs at least "
                    + v * minBytesEach + " bytes, found " + remaining() + " left");
        }
        return (int) v;
    }

    /** {@code count} float32 values. */
    float[] floats(long count, String what) throws ModelFormatException {
        if (count < 0 || count > Integer.MAX_VALUE - 16) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + ": " + count + " values is not a valid count");
        }
        require(count * 4, what);
        float[] out = new float[(int) count];
        ByteBuffer.wrap(data, pos, (int) count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        pos += (int) count * 4;
        return out;
    }

    /** A string: u32 byte length, then strict UTF-8 (malformed sequences are refused). */
    String string(String what) throws ModelFormatException {
        int len = count(what + " length", 1);
        return utf8(len, what);
    }

    /** {@code len} bytes of strict UTF-8. */
    String utf8(int len, String what) throws ModelFormatException {
        require(len, what);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, pos, len));
            pos += len;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": " + what + ": expected UTF-8 text, found "
                    + "invalid bytes at offset " + pos, e);
        }
    }

    /** A reader over the next {@code length} bytes (which this one skips). */
    ByteReader slice(long length, String sliceContext) throws ModelFormatException {
        require(length, sliceContext);
        ByteReader r = new ByteReader(data, pos, pos + (int) length, sliceContext);
        pos += (int) length;
        return r;
    }

    /** The next {@code length} bytes, copied. */
    byte[] bytes(int length, String what) throws ModelFormatException {
        require(length, what);
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + length);
        pos += length;
        return out;
    }

    /** Throws unless every byte of the slice was read. */
    void requireEnd() throws ModelFormatException {
        if (pos != end) {
            throw new ModelFormatException(Reason.MALFORMED, context + ": expected its end, found " + remaining()
                    + " unread bytes");
        }
    }
}
