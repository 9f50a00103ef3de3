package dev.vecmlp.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.MalformedDataException;
import dev.vecmlp.testing.FuzzCorpus;
import dev.vecmlp.testing.FuzzProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzz targets (Jazzer) for the data readers: IDX (plain and gzip) and CSV.
 * Corpus: {@code src/test/resources/dev/vecmlp/data/DataReadersFuzzTestInputs/<target>}; fuzz
 * one target with {@code tools/fuzz.sh idx-raw|idx-gzip|csv}.
 *
 * <p>The property ({@link FuzzProperty}): an input loads or is refused with a
 * {@link MalformedDataException} or {@link EmptyDataException}, within the time limit, allocating
 * at most {@link #IDX_BYTES_PER_BYTE} (IDX) or {@link #CSV_BYTES_PER_BYTE} (CSV) bytes per byte of
 * content plus {@link #FIXED_BYTES} (and, for CSV, {@link #CSV_BYTES_PER_CLASS} per class that
 * integer labels may imply, up to the reader's {@code maxClasses}). For gzip the content is the decompressed data (measured here
 * independently), which deflate lets be up to about 1032 times the compressed input.
 *
 * <p>The first input byte is a switch: bit 0 chooses images or labels (IDX) and the reading path
 * (CSV: file bytes or a {@link java.io.Reader}); for {@code idxGzip}, bit 1 set takes the rest as
 * gzip bytes as they are (fuzzing the decompression errors), clear compresses the rest first (so
 * the IDX structure behind the compression is fuzzed); for CSV, bits 1 to 3 choose the options.
 */
class DataReadersFuzzTest {
    /** IDX: the data array grows by doubling (2x), images become floats (4x), plus stream buffers. */
    static final long IDX_BYTES_PER_BYTE = 8;
    /**
     * CSV: every byte becomes a char (2x) in a line, a cell and a trimmed cell, each row a list
     * of cells, label cells strings kept for the class list: a few hundred bytes for a two-byte
     * row such as {@code "1\n"}, the worst case per byte.
     */
    static final long CSV_BYTES_PER_BYTE = 512;
    /**
     * CSV: an integer label {@code k} implies classes {@code 0..k}, each a name string and an
     * index entry (about 130 bytes measured); bounded by the reader's {@code maxClasses}, not by
     * the input (a campaign finding: {@code "8213"} alone costs 1.1 MB).
     */
    static final long CSV_BYTES_PER_CLASS = 160;
    static final long FIXED_BYTES = 1L << 20;
    /** The most decompressed bytes this target measures for its allowance (larger is a finding too). */
    private static final int MAX_CONTENT = 64 << 20;

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void idxRaw(byte[] input) {
        byte[] file = rest(input);
        boolean images = input.length > 0 && (input[0] & 1) != 0;
        FuzzProperty.check(file, IDX_BYTES_PER_BYTE, FIXED_BYTES, () -> readIdx(file, images),
                MalformedDataException.class, EmptyDataException.class);
    }

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void idxGzip(byte[] input) {
        boolean images = input.length > 0 && (input[0] & 1) != 0;
        boolean asIs = input.length > 0 && (input[0] & 2) != 0;
        byte[] file = asIs ? rest(input) : gzip(rest(input));
        long content = Math.max(file.length, decompressedLength(file));
        FuzzProperty.check(file, content, IDX_BYTES_PER_BYTE, FIXED_BYTES, () -> readIdx(file, images),
                MalformedDataException.class, EmptyDataException.class);
    }

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void csv(byte[] input) {
        int options = input.length > 0 ? input[0] : 0;
        byte[] file = rest(input);
        CsvReader.Builder builder = CsvReader.builder();
        switch ((options >> 1) & 3) {
            case 0: builder.labelColumn(0); break;
            case 1: builder.labelColumn("y"); break;
            case 2: builder.labelColumnSpec("1"); break;
            default: builder.noLabel(); break;
        }
        if ((options & 8) != 0) {
            builder.task(CsvReader.Task.REGRESSION);
        }
        int maxClasses = CsvReader.DEFAULT_MAX_CLASSES;
        if ((options & 16) != 0) {
            maxClasses = 100;
            builder.separator(';').maxClasses(maxClasses);
        }
        CsvReader reader = builder.build();
        boolean viaReader = (options & 1) != 0;
        CsvData[] read = new CsvData[1];
        FuzzProperty.check(file, CSV_BYTES_PER_BYTE, FIXED_BYTES + CSV_BYTES_PER_CLASS * maxClasses, () -> read[0] = viaReader
                        ? reader.read(new InputStreamReader(new ByteArrayInputStream(file),
                                StandardCharsets.UTF_8.newDecoder()), "fuzz.csv")
                        : reader.read(new ByteArrayInputStream(file), "fuzz.csv"),
                MalformedDataException.class, EmptyDataException.class, InvalidConfigurationException.class);
        if (read[0] != null) {
            CsvData data = read[0];
            assertEquals((long) data.rows() * data.featureNames().size(), data.features().length);
        }
    }

    @Test
    void seedsAreCommittedAndValid() throws IOException {
        Map<String, byte[]> seeds = seeds();
        FuzzCorpus.checkOrWrite(DataReadersFuzzTest.class, seeds);
        assertEquals(6, IdxFile.readImages(new ByteArrayInputStream(rest(seeds.get("idxRaw/seed-images"))), "s").count());
        assertEquals(6, IdxFile.readLabels(new ByteArrayInputStream(gzip(rest(seeds.get("idxGzip/seed-labels")))), "s").length);
        assertEquals(3, CsvReader.builder().labelColumn(0).build()
                .read(new ByteArrayInputStream(rest(seeds.get("csv/seed-classes"))), "s").rows());
    }

    /** Valid inputs of each target, with their switch byte: the seeds of the committed corpus. */
    static Map<String, byte[]> seeds() throws IOException {
        byte[] pixels = new byte[6 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 29);
        }
        byte[] images = IdxFileTest.idx(IdxFile.UNSIGNED_BYTE, new int[]{6, 3, 2}, pixels);
        byte[] labels = IdxFileTest.idx(IdxFile.UNSIGNED_BYTE, new int[]{6}, new byte[]{0, 1, 2, 9, 1, 0});
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("idxRaw/seed-images", switched(1, images));
        seeds.put("idxRaw/seed-labels", switched(0, labels));
        seeds.put("idxGzip/seed-images", switched(1, images));
        seeds.put("idxGzip/seed-labels", switched(0, labels));
        seeds.put("idxGzip/seed-images-gzip", switched(3, gzip(images)));
        seeds.put("csv/seed-classes", switched(0, "y,a,b\n3,1.5,-2\n0,\"3\",4e-1\r\n1,5,6\n".getBytes(StandardCharsets.UTF_8)));
        seeds.put("csv/seed-names", switched(3, "a,y,b\n1,setosa,2\n\n3,virginica,4\n".getBytes(StandardCharsets.UTF_8)));
        seeds.put("csv/seed-regression", switched(8 | 16, "y;a\n0.5;1\n-1e3;2\n".getBytes(StandardCharsets.UTF_8)));
        seeds.put("csv/seed-features", switched(6, "\uFEFFa,b,c\n1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8)));
        return seeds;
    }

    private static void readIdx(byte[] file, boolean images) throws IOException {
        if (images) {
            IdxFile.Images read = IdxFile.readImages(new ByteArrayInputStream(file), "fuzz.idx");
            assertEquals((long) read.count() * read.width(), read.pixels().length);
        } else {
            IdxFile.readLabels(new ByteArrayInputStream(file), "fuzz.idx");
        }
    }

    private static byte[] rest(byte[] input) {
        return input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    }

    private static byte[] switched(int switchByte, byte[] content) {
        byte[] out = new byte[content.length + 1];
        out[0] = (byte) switchByte;
        System.arraycopy(content, 0, out, 1, content.length);
        return out;
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(content);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many bytes {@code file} decompresses to (as far as it is valid gzip), at most {@link #MAX_CONTENT}. */
    private static long decompressedLength(byte[] file) {
        long total = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            byte[] buffer = new byte[8192];
            int n;
            while (total < MAX_CONTENT && (n = in.read(buffer)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // corrupt or truncated: what was decompressed before counts
        }
        return total;
    }
}
