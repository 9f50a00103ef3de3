package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.MalformedDataException;
import dev.vecmlp.errors.ShapeMismatchException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
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
 * <p>Everything in the header is validated before the data array is allocated: the magic, the
 * type code (only unsigned bytes, code {@code 0x08}, are supported, as used by every MNIST-style
 * file), the number of dimensions, every dimension, and the total size against the bytes the
 * file actually holds (the file length for plain files, the gzip trailer's uncompressed length
 * for compressed ones). A corrupt header therefore fails with a {@link MalformedDataException}
 * instead of an attempt to allocate gigabytes.
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
            return pixels[i * width + j];
        }
    }

    /** Reads an image file (see {@link Images}). */
    public static Images readImages(Path file) throws IOException {
        Header header;
        byte[] raw;
        try (Source source = open(file)) {
            header = readHeader(source, file);
            if (header.dims.length < 2) {
                throw new MalformedDataException(file + ": expected an image file with at least 2 dimensions "
                        + "(count x rows x columns), found " + header.dims.length + " dimension(s) "
                        + Arrays.toString(header.dims));
            }
            raw = readValues(source, header, file);
        }
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
        byte[] raw;
        try (Source source = open(file)) {
            Header header = readHeader(source, file);
            if (header.dims.length != 1) {
                throw new MalformedDataException(file + ": expected a label file with 1 dimension, found "
                        + header.dims.length + " dimensions " + Arrays.toString(header.dims));
            }
            raw = readValues(source, header, file);
        }
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

    private static Header readHeader(Source source, Path file) throws IOException {
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
            throw new MalformedDataException(file + ": corrupt gzip data at the start: " + e.getMessage());
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
                    + (source.compressed ? " by the gzip trailer's uncompressed length" : "")
                    + (available < values ? " (truncated file)" : " (trailing bytes)"));
        }
        return new Header(dims, values);
    }

    private static byte[] readValues(Source source, Header header, Path file) throws IOException {
        byte[] raw = new byte[(int) header.values];
        int got;
        try {
            got = source.in.readNBytes(raw, 0, raw.length);
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file + ": corrupt or truncated gzip data after the IDX header: "
                    + e.getMessage());
        }
        if (got != raw.length) {
            throw new MalformedDataException(file + ": the header's shape " + Arrays.toString(header.dims) + " needs "
                    + raw.length + " data bytes, the file ends after " + got + " (truncated file)");
        }
        int next;
        try {
            next = source.in.read();
        } catch (ZipException | EOFException e) {
            throw new MalformedDataException(file + ": corrupt or truncated gzip data after " + raw.length
                    + " data bytes: " + e.getMessage());
        }
        if (next != -1) {
            throw new MalformedDataException(file + ": expected the file to end after " + raw.length
                    + " data bytes, found more (trailing bytes)");
        }
        return raw;
    }

    // ---------------------------------------------------------------- plain or gzip source

    /** An open file, decompressed when it starts with the gzip magic, with its payload length when known. */
    private static final class Source implements AutoCloseable {
        final DataInputStream in;
        final boolean compressed;
        /** Bytes of (uncompressed) content, or -1 when unknown. */
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
        boolean gzip = false;
        long gzipSize = -1;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (length >= 2 && raf.readUnsignedShort() == GZIP_MAGIC) {
                gzip = true;
                // The gzip trailer's last 4 bytes (little-endian) hold the uncompressed size mod 2^32;
                // IDX payloads are below 2^31 bytes, so for a single-member file it is exact.
                if (length >= 18) {
                    raf.seek(length - 4);
                    int b0 = raf.read();
                    int b1 = raf.read();
                    int b2 = raf.read();
                    int b3 = raf.read();
                    gzipSize = (b0 | b1 << 8 | b2 << 16 | (long) b3 << 24) & 0xffffffffL;
                } else {
                    throw new MalformedDataException(file + ": starts with the gzip magic but holds only " + length
                            + " bytes (expected at least 18: a truncated gzip file)");
                }
            }
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (gzip) {
            try {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new MalformedDataException(file + ": expected a valid gzip header, found: " + e.getMessage());
            }
        }
        return new Source(new DataInputStream(in), gzip, gzip ? gzipSize : length);
    }
}
