package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.MalformedDataException;
import dev.vecmlp.errors.ShapeMismatchException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type code, the
 * number of dimensions, each dimension as a big-endian 32-bit integer, then the values in
 * row-major order. Files may be gzip-compressed; compression is detected from the first two
 * bytes (the gzip magic {@code 1f 8b}), never from the file name.
 *
 * <p>Everything in the header is validated before any data is read: the magic, the type code
 * (only unsigned bytes, code {@code 0x08}, are supported, as used by every MNIST-style file), the
 * number of dimensions, every dimension, and, for plain files, the total size against the file's
 * length. Memory grows with the bytes actually read, never with the header's claim alone: the
 * data array starts small and doubles as data arrives (for gzip files nothing else is trusted,
 * neither the header nor the gzip trailer's length field), so a forged header fails with a
 * {@link MalformedDataException} ("truncated") instead of an attempt to allocate gigabytes.
 * Corrupt gzip data is a {@link MalformedDataException} too, naming the file and how many
 * decompressed bytes were read before it.
 */
public final class IdxFile {
    /** Type code of unsigned bytes, the only one MNIST-style files use. */
    public static final int UNSIGNED_BYTE = 0x08;

    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int MAX_DIMENSIONS = 8;

    private IdxFile() {
    }

    /**
     * Images: an IDX file of unsigned bytes with at least 2 dimensions (count x rows x columns
     * for MNIST). Each image becomes one row of {@code width = product of the other dimensions}
     * floats, scaled from {@code [0, 255]} to {@code [0, 1]}.
     */
    public record Images(float[] pixels, int count, int width, int[] shape) {
        /** Pixel value of image {@code i} at flat position {@code j}. */
        public float pixel(int i, int j) {
            ShapeMismatchException.checkIndex("image index", i, count, "images");
            ShapeMismatchException.checkIndex("pixel index", j, width, "pixels per image");
            return pixels[i * width + j];
        }
    }

    /** Reads an image file (see {@link Images}). */
    public static Images readImages(Path file) throws IOException {
        try (Source source = open(file)) {
            return readImages(source, file.toString());
        }
    }

    /** Reads an image file from {@code in} (plain or gzip, not closed); {@code source} names it in messages. */
    static Images readImages(InputStream in, String source) throws IOException {
        return readImages(wrap(in, source, -1), source);
    }

    private static Images readImages(Source source, String file) throws IOException {
        Header header = readHeader(source, file);
        if (header.dims.length < 2) {
            throw new MalformedDataException(file + ": expected an image file with at least 2 dimensions "
                    + "(count x rows x columns), found " + header.dims.length + " dimension(s) "
                    + Arrays.toString(header.dims));
        }
        byte[] raw = readValues(source, header, file);
        int count = header.dims[0];
        int width = (int) (header.values / Math.max(count, 1));
        if (count == 0 || width == 0) {
            throw new EmptyDataException(file + ": expected at least one image with at least one pixel, found shape "
                    + Arrays.toString(header.dims));
        }
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = (raw[i] & 0xff) * (1f / 255f);
        }
        return new Images(pixels, count, width, header.dims.clone());
    }

    /** Reads a label file: an IDX file of unsigned bytes with exactly one dimension. */
    public static int[] readLabels(Path file) throws IOException {
        try (Source source = open(file)) {
            return readLabels(source, file.toString());
        }
    }

    /** Reads a label file from {@code in} (plain or gzip, not closed); {@code source} names it in messages. */
    static int[] readLabels(InputStream in, String source) throws IOException {
        return readLabels(wrap(in, source, -1), source);
    }

    private static int[] readLabels(Source source, String file) throws IOException {
        Header header = readHeader(source, file);
        if (header.dims.length != 1) {
            throw new MalformedDataException(file + ": expected a label file with 1 dimension, found "
                    + header.dims.length + " dimensions " + Arrays.toString(header.dims));
        }
        byte[] raw = readValues(source, header, file);
        if (raw.length == 0) {
            throw new EmptyDataException(file + ": expected at least one label, found none");
        }
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = raw[i] & 0xff;
        }
        return labels;
    }

    /**
     * Reads an image file and its label file into a classification data set with
     * {@code classes} one-hot outputs.
     *
     * @throws ShapeMismatchException when the files hold different numbers of samples
     */
    public static DataSet readDataSet(Path images, Path labels, int classes) throws IOException {
        Images img = readImages(images);
        int[] lab = readLabels(labels);
        if (lab.length != img.count()) {
            throw new ShapeMismatchException("labels in " + labels + ": expected one per image in " + images + ", "
                    + img.count() + ", found " + lab.length);
        }
        return DataSet.ofClasses(img.pixels(), img.width(), lab, classes);
    }

    // ---------------------------------------------------------------- header and values

    private record Header(int[] dims, long values) {
    }

    private static Header readHeader(Source source, String file) throws IOException {
        DataInputStream in = source.in;
        int zero0;
        int zero1;
        int type;
        int rank;
        try {
            zero0 = in.readUnsignedByte();
            zero1 = in.readUnsignedByte();
            type = in.readUnsignedByte();
            rank = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new MalformedDataException(file + ": expected a 4-byte IDX magic number, found a file of fewer bytes");
        } catch (ZipException e) {
            throw new MalformedDataException(file + ": expected gzip data, found corrupt data at the start: "
                    + e.getMessage(), e);
        }
        if (zero0 != 0 || zero1 != 0) {
            throw new MalformedDataException(String.format("%s: expected an IDX magic number starting with bytes 00 00, "
                    + "found %02x %02x (not an IDX file)", file, zero0, zero1));
        }
        if (type != UNSIGNED_BYTE) {
            throw new MalformedDataException(String.format("%s: expected IDX type code 0x08 (unsigned byte), found 0x%02x",
                    file, type));
        }
        if (rank < 1 || rank > MAX_DIMENSIONS) {
            throw new MalformedDataException(file + ": expected 1 to " + MAX_DIMENSIONS
                    + " dimensions in the IDX header, found " + rank);
        }
        int[] dims = new int[rank];
        long values = 1;
        for (int d = 0; d < rank; d++) {
            try {
                dims[d] = in.readInt();
            } catch (EOFException e) {
                throw new MalformedDataException(file + ": expected " + rank + " dimension sizes in the IDX header, "
                        + "the file ends after " + d);
            } catch (ZipException e) {
                throw new MalformedDataException(file + ": expected gzip data, found corrupt data in the IDX header: "
                        + e.getMessage(), e);
            }
            if (dims[d] < 0) {
                throw new MalformedDataException(file + ": expected a non-negative size for dimension " + d
                        + ", found " + dims[d]);
            }
            values *= dims[d];
            if (values > Integer.MAX_VALUE - 16) {
                throw new MalformedDataException(file + ": expected at most " + (Integer.MAX_VALUE - 16)
                        + " values, the header's shape " + Arrays.toString(Arrays.copyOf(dims, d + 1)) + " holds more");
            }
        }
        long headerBytes = 4L + 4L * rank;
        long available = source.payloadBytes - headerBytes;
        if (source.payloadBytes >= 0 && available != values) {
            throw new MalformedDataException(file + ": the header's shape " + Arrays.toString(dims) + " needs "
                    + values + " data bytes, found " + available
                    + (available < values ? " (truncated file)" : " (trailing bytes)"));
        }
        return new Header(dims, values);
    }

    /** First size of the data array; it doubles as data arrives, up to the header's size. */
    private static final int FIRST_CHUNK = 1 << 16;

    /**
     * The header's {@code values} data bytes, read into an array that grows with the data
     * (doubling from {@link #FIRST_CHUNK}), so at most about twice the bytes really present are
     * allocated whatever the header claims; then the end of the data is checked.
     */
    private static byte[] readValues(Source source, Header header, String file) throws IOException {
        int wanted = (int) header.values;
        byte[] raw = new byte[Math.min(wanted, FIRST_CHUNK)];
        int got = 0;
        try {
            while (got < wanted) {
                if (got == raw.length) {
                    raw = Arrays.copyOf(raw, (int) Math.min(wanted, 2L * raw.length));
                }
                int n = source.in.read(raw, got, raw.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file + ": expected " + wanted + " data bytes after the IDX header, found "
                    + (e instanceof EOFException ? "a truncated" : "a corrupt") + " gzip stream after " + got
                    + " of them: " + e.getMessage(), e);
        }
        if (got != wanted) {
            throw new MalformedDataException(file + ": the header's shape " + Arrays.toString(header.dims) + " needs "
                    + wanted + " data bytes, the " + (source.compressed ? "decompressed " : "") + "data ends after "
                    + got + " (truncated file)");
        }
        int next;
        try {
            next = source.in.read();
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file + ": expected the gzip stream to end after " + wanted
                    + " data bytes, found " + (e instanceof EOFException ? "it truncated" : "corrupt data")
                    + ": " + e.getMessage(), e);
        }
        if (next != -1) {
            throw new MalformedDataException(file + ": expected the file to end after " + wanted
                    + " data bytes, found more (trailing bytes)");
        }
        return raw;
    }

    // ---------------------------------------------------------------- plain or gzip source

    /** An open file, decompressed when it starts with the gzip magic, with its payload length when known. */
    private static final class Source implements AutoCloseable {
        final DataInputStream in;
        final boolean compressed;
        /** Bytes of content (a plain file's length), or -1 when unknown (gzip, streams). */
        final long payloadBytes;

        Source(DataInputStream in, boolean compressed, long payloadBytes) {
            this.in = in;
            this.compressed = compressed;
            this.payloadBytes = payloadBytes;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Source open(Path file) throws IOException {
        long length = Files.size(file);
        InputStream in = Files.newInputStream(file);
        try {
            return wrap(in, file.toString(), length);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Buffers {@code raw} and, when it starts with the gzip magic, decompresses it. The gzip
     * trailer is not consulted (it is only checked, by the decompressor, at the end): its length
     * field is a claim like the header's. {@code length} is a plain file's size, or -1.
     */
    private static Source wrap(InputStream raw, String file, long length) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if ((b0 << 8 | b1) != GZIP_MAGIC) {
            return new Source(new DataInputStream(in), false, length);
        }
        try {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file + ": starts with the gzip magic; expected a valid gzip header, found "
                    + (e instanceof EOFException ? "the file ends inside it (a truncated gzip file)" : e.getMessage()), e);
        }
        return new Source(new DataInputStream(in), true, -1);
    }
}
