package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.MalformedDataException;
import dev.vecmlp.errors.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files written here byte by byte, plain and gzip, well-formed and broken in each way the reader checks. */
class IdxFileTest {
    @TempDir
    Path dir;

    /** An IDX file: magic 00 00 type rank, big-endian dimensions, then the payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Three 2x3 images with pixel values 0, 1, ..., 17 scaled by 255/17 so both ends of the range appear. */
    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + i / 7);
        }
        return p;
    }

    private static byte[] pixels() {
        byte[] p = new byte[18];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 15);
        }
        return p;
    }

    @Test
    void readsPlainAndGzipImagesAlike() throws IOException {
        byte[] file = idx(0x08, new int[]{3, 2, 3}, pixels());
        IdxFile.Images plain = IdxFile.readImages(write("plain-images", file));
        IdxFile.Images zipped = IdxFile.readImages(write("zipped-images.gz", gzip(file)));
        for (IdxFile.Images images : new IdxFile.Images[]{plain, zipped}) {
            assertEquals(3, images.count());
            assertEquals(6, images.width());
            assertArrayEquals(new int[]{3, 2, 3}, images.shape());
            assertEquals(0f, images.pixel(0, 0));
            assertEquals(15f / 255f, images.pixel(0, 1), 1e-7);
            assertEquals(1f, images.pixel(2, 5), 1e-7);
            assertEquals(7 * 15 / 255f, images.pixel(1, 1), 1e-7);
        }
        assertArrayEquals(plain.pixels(), zipped.pixels());
    }

    @Test
    void compressionIsDetectedByMagicNotByName() throws IOException {
        byte[] labels = idx(0x08, new int[]{4}, new byte[]{3, 0, (byte) 200, 9});
        assertArrayEquals(new int[]{3, 0, 200, 9}, IdxFile.readLabels(write("labels.gz", labels)));
        assertArrayEquals(new int[]{3, 0, 200, 9}, IdxFile.readLabels(write("labels.idx", gzip(labels))));
    }

    @Test
    void readsAClassificationDataSet() throws IOException {
        Path images = write("i", gzip(idx(0x08, new int[]{3, 2, 3}, pixels())));
        Path labels = write("l", idx(0x08, new int[]{3}, new byte[]{2, 0, 1}));
        DataSet data = IdxFile.readDataSet(images, labels, 4);
        assertEquals(3, data.rows());
        assertEquals(6, data.featureWidth());
        assertEquals(4, data.targetWidth());
        assertEquals(2, data.targetClass(0));
        assertEquals(0, data.targetClass(1));
        assertEquals(1, data.targetClass(2));
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        Path images = write("i", idx(0x08, new int[]{3, 2, 3}, pixels()));
        Path labels = write("l", idx(0x08, new int[]{2}, new byte[]{2, 0}));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> IdxFile.readDataSet(images, labels, 4));
        assertTrue(e.getMessage().contains("3, found 2"), e.getMessage());
    }

    @Test
    void rejectsAWrongMagic() throws IOException {
        byte[] file = idx(0x08, new int[]{3}, new byte[3]);
        file[1] = 7;
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(write("m", file)));
        assertTrue(e.getMessage().contains("00 07"), e.getMessage());
    }

    @Test
    void rejectsAnUnsupportedTypeCode() throws IOException {
        byte[] file = idx(0x0D, new int[]{1}, new byte[4]);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(write("t", file)));
        assertTrue(e.getMessage().contains("expected IDX type code 0x08") && e.getMessage().contains("0x0d"),
                e.getMessage());
    }

    @Test
    void rejectsWrongDimensionCounts() throws IOException {
        Path images = write("i", idx(0x08, new int[]{3, 2, 3}, pixels()));
        MalformedDataException asLabels = assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(images));
        assertTrue(asLabels.getMessage().contains("expected a label file with 1 dimension, found 3"), asLabels.getMessage());
        Path labels = write("l", idx(0x08, new int[]{3}, new byte[3]));
        MalformedDataException asImages = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(labels));
        assertTrue(asImages.getMessage().contains("at least 2 dimensions"), asImages.getMessage());
        Path rankZero = write("r", new byte[]{0, 0, 8, 0});
        MalformedDataException none = assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(rankZero));
        assertTrue(none.getMessage().contains("found 0"), none.getMessage());
    }

    @Test
    void rejectsTruncatedAndOverlongPlainFiles() throws IOException {
        byte[] whole = idx(0x08, new int[]{3, 2, 3}, pixels());
        Path truncated = write("short", Arrays.copyOf(whole, whole.length - 1));
        MalformedDataException shortE = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(truncated));
        assertTrue(shortE.getMessage().contains("needs 18 data bytes, found 17") && shortE.getMessage().contains("truncated"),
                shortE.getMessage());
        Path overlong = write("long", Arrays.copyOf(whole, whole.length + 2));
        MalformedDataException longE = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(overlong));
        assertTrue(longE.getMessage().contains("found 20") && longE.getMessage().contains("trailing"), longE.getMessage());
    }

    @Test
    void rejectsAHeaderCutShort() throws IOException {
        byte[] whole = idx(0x08, new int[]{3, 2, 3}, pixels());
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> IdxFile.readImages(write("cut", Arrays.copyOf(whole, 9))));
        assertTrue(e.getMessage().contains("ends after 1"), e.getMessage());
        assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(write("tiny", new byte[]{0, 0})));
    }

    @Test
    void hugeHeadersFailBeforeAllocating() throws IOException {
        // 65536^3 values would need 256 TiB: rejected from the header alone.
        Path huge = write("huge", idx(0x08, new int[]{65536, 65536, 65536}, new byte[8]));
        MalformedDataException over = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(huge));
        assertTrue(over.getMessage().contains("holds more"), over.getMessage());
        // 2^30 values fit an array but not this 8-byte payload: rejected against the file size.
        Path lying = write("lying", idx(0x08, new int[]{1 << 20, 1 << 10}, new byte[8]));
        MalformedDataException big = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(lying));
        assertTrue(big.getMessage().contains("needs 1073741824 data bytes, found 8"), big.getMessage());
        Path negative = write("neg", idx(0x08, new int[]{-1}, new byte[0]));
        MalformedDataException neg = assertThrows(MalformedDataException.class, () -> IdxFile.readLabels(negative));
        assertTrue(neg.getMessage().contains("found -1"), neg.getMessage());
    }

    @Test
    void gzipSizesAreCheckedAgainstTheDataPresent() throws IOException {
        // A well-formed gzip stream whose content is one byte short of what the header promises.
        byte[] whole = idx(0x08, new int[]{3, 2, 3}, pixels());
        Path shortGzip = write("short.gz", gzip(Arrays.copyOf(whole, whole.length - 1)));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(shortGzip));
        assertTrue(e.getMessage().contains("needs 18 data bytes, the decompressed data ends after 17 (truncated file)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("trailer"), e.getMessage());
    }

    @Test
    void aForgedGzipTrailerCannotMakeTheReaderAllocateTheHeadersClaim() throws IOException {
        // Under 100 bytes: a header claiming 2^31 - 64 pixels and a gzip trailer whose length field
        // agrees with it; the old reader trusted the two and allocated 2 GiB before reading.
        int count = (1 << 21) - 1;
        byte[] header = idx(0x08, new int[]{count, 32, 32}, new byte[64]);
        byte[] forged = gzip(header);
        long claimed = 16L + (long) count * 32 * 32;
        java.nio.ByteBuffer.wrap(forged).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(forged.length - 4, (int) claimed);
        assertTrue(forged.length < 100, "forged length " + forged.length);
        Path file = write("forged.gz", forged);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(file));
        assertTrue(e.getMessage().startsWith(file + ": expected 2147482624 data bytes after the IDX header, found a corrupt"
                + " gzip stream after 64 of them"), e.getMessage());
        long allocated = allocatedBy(() -> {
            try {
                IdxFile.readImages(file);
            } catch (MalformedDataException expected) {
                // measured below
            }
        });
        assertTrue(allocated < 4L << 20, "expected a few buffers' worth of allocation, found " + allocated + " bytes");
    }

    @Test
    void corruptGzipDataIsMalformedDataNamingTheFile() throws IOException {
        byte[] compressed = gzip(idx(0x08, new int[]{50, 10, 10}, pixels(5000)));
        for (int at : new int[]{12, compressed.length / 2, compressed.length - 6}) {
            byte[] corrupt = compressed.clone();
            corrupt[at] ^= (byte) 0xff;
            Path file = write("corrupt" + at + ".gz", corrupt);
            MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(file),
                    "corruption at byte " + at);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
        // The CRC32 in the trailer is checked: a changed trailer CRC is corrupt data, not a silent success.
        byte[] badCrc = compressed.clone();
        badCrc[compressed.length - 8] ^= 1;
        Path crc = write("crc.gz", badCrc);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(crc));
        assertTrue(e.getMessage().contains("expected the gzip stream to end"), e.getMessage());
    }

    @Test
    void streamsReadLikeFiles() throws IOException {
        byte[] plain = idx(0x08, new int[]{3, 2, 3}, pixels());
        IdxFile.Images fromStream = IdxFile.readImages(new java.io.ByteArrayInputStream(gzip(plain)), "stream");
        IdxFile.Images fromFile = IdxFile.readImages(write("s.gz", gzip(plain)));
        assertArrayEquals(fromFile.pixels(), fromStream.pixels());
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(
                new java.io.ByteArrayInputStream(Arrays.copyOf(plain, plain.length - 1)), "stream"));
        assertTrue(e.getMessage().contains("stream: the header's shape [3, 2, 3] needs 18 data bytes, the data ends after 17"),
                e.getMessage());
    }

    private static long allocatedBy(ThrowingRunnable action) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        action.run();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private interface ThrowingRunnable {
        void run() throws IOException;
    }

    @Test
    void rejectsATruncatedGzipFile() throws IOException {
        byte[] compressed = gzip(idx(0x08, new int[]{200, 10, 10}, new byte[20_000]));
        Path cut = write("cut.gz", Arrays.copyOf(compressed, compressed.length / 2));
        assertThrows(MalformedDataException.class, () -> IdxFile.readImages(cut));
        Path stub = write("stub.gz", new byte[]{0x1f, (byte) 0x8b, 8});
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxFile.readImages(stub));
        assertTrue(e.getMessage().contains("truncated gzip"), e.getMessage());
    }

    @Test
    void rejectsEmptyImageSets() throws IOException {
        Path empty = write("e", idx(0x08, new int[]{0, 28, 28}, new byte[0]));
        assertThrows(EmptyDataException.class, () -> IdxFile.readImages(empty));
        Path noLabels = write("n", idx(0x08, new int[]{0}, new byte[0]));
        assertThrows(EmptyDataException.class, () -> IdxFile.readLabels(noLabels));
    }
}
