package dev.vecmlp.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecmlp.inference.NonFiniteInputPolicy;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.testing.FuzzCorpus;
import dev.vecmlp.testing.FuzzProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzz targets (Jazzer) for the binary and JSON readers of this package: model
 * files, checkpoints, safetensors and the strict JSON reader. In {@code mvn verify} each runs once
 * per file of its committed corpus ({@code src/test/resources/dev/vecmlp/io/FileFormatsFuzzTestInputs/<target>}:
 * seeds and every input a campaign found); with {@code JAZZER_FUZZ=1} one target is fuzzed
 * (see {@code tools/fuzz.sh}).
 *
 * <p>Every target checks {@link FuzzProperty}: an input loads or is refused with a
 * {@link ModelFormatException}, allocating at most {@link #BYTES_PER_INPUT_BYTE} bytes per input
 * byte plus {@link #FIXED_BYTES}, within the time limit. A model that loads must also work: a
 * prediction of the right width.
 *
 * <p>Model files end in a CRC32C the fuzzer cannot solve, so the model and checkpoint targets use
 * the first input byte as a switch: odd, the rest of the input is taken as it is (the checksum
 * check must hold); even, its declared length and checksum are set right first, so the structure
 * checks behind them are fuzzed too. Bit 1 of that byte reads through the stream reader instead.
 */
class FileFormatsFuzzTest {
    static final long BYTES_PER_INPUT_BYTE = 16;
    static final long FIXED_BYTES = 1L << 20;

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void modelFile(byte[] input) {
        byte[] file = forged(input);
        Mlp[] loaded = new Mlp[1];
        FuzzProperty.check(file, BYTES_PER_INPUT_BYTE, FIXED_BYTES, () -> {
            loaded[0] = (input.length > 0 && (input[0] & 2) != 0)
                    ? ModelFiles.read(new ByteArrayInputStream(file)).model()
                    : ModelFiles.fromBytes(file).model();
        }, ModelFormatException.class);
        works(loaded[0]);
    }

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void checkpoint(byte[] input) {
        byte[] file = forged(input);
        Checkpoint[] loaded = new Checkpoint[1];
        FuzzProperty.check(file, BYTES_PER_INPUT_BYTE, FIXED_BYTES, () -> loaded[0] = Checkpoints.fromBytes(file),
                ModelFormatException.class);
        if (loaded[0] != null) {
            works(loaded[0].model());
        }
    }

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void safeTensors(byte[] input) {
        Mlp[] loaded = new Mlp[1];
        FuzzProperty.check(input, BYTES_PER_INPUT_BYTE, FIXED_BYTES,
                () -> loaded[0] = SafeTensors.toModel(SafeTensors.fromBytes(input), null, null, null),
                ModelFormatException.class);
        works(loaded[0]);
    }

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void json(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzProperty.check(input, BYTES_PER_INPUT_BYTE, FIXED_BYTES, () -> Json.parse(text, "fuzz input"),
                ModelFormatException.class);
    }

    /** The input after its switch byte; for an even switch, with the declared length and checksum made right. */
    static byte[] forged(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0 && file.length >= ModelCodec.HEADER_BYTES + ModelCodec.CHECKSUM_BYTES) {
            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(16, file.length);
            FileForge.withChecksum(file);
        }
        return file;
    }

    @Test
    void seedsAreCommittedAndValid() throws Exception {
        java.util.Map<String, byte[]> seeds = seeds();
        FuzzCorpus.checkOrWrite(FileFormatsFuzzTest.class, seeds);
        works(ModelFiles.fromBytes(forged(seeds.get("modelFile/seed-model"))).model());
        works(Checkpoints.fromBytes(forged(seeds.get("checkpoint/seed-checkpoint"))).model());
        works(SafeTensors.toModel(SafeTensors.fromBytes(seeds.get("safeTensors/seed-export")), null, null, null));
        Json.parse(new String(seeds.get("json/seed-values"), StandardCharsets.UTF_8), "seed");
    }

    /** Valid inputs of each target, the seeds of its corpus (committed, see {@link FuzzCorpus}). */
    static java.util.Map<String, byte[]> seeds() {
        Mlp small = ModelFilesTest.sample(0);
        Mlp binary = ModelFilesTest.sample(1);
        byte[] model = ModelFiles.toBytes(small, java.util.Map.of("name", "fuzz"));
        byte[] checkpoint = Checkpoints.toBytes(binary, CheckpointsTest.resume(binary.parameterCount()));
        byte[] safeTensors = SafeTensors.toBytes(small, null, java.util.Map.of("name", "fuzz"));
        String header = new String(safeTensors, 8, (int) ByteBuffer.wrap(safeTensors, 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN).getLong(), StandardCharsets.UTF_8);
        java.util.Map<String, byte[]> seeds = new java.util.LinkedHashMap<>();
        seeds.put("modelFile/seed-model", switched(0, model));
        seeds.put("modelFile/seed-model-stream", switched(2, model));
        seeds.put("modelFile/seed-checkpoint", switched(0, checkpoint));
        seeds.put("checkpoint/seed-checkpoint", switched(0, checkpoint));
        seeds.put("safeTensors/seed-export", safeTensors);
        seeds.put("json/seed-header", header.getBytes(StandardCharsets.UTF_8));
        seeds.put("json/seed-values", "[1, -2.5e-3, \"a\\u00e9\\n\", true, false, null, {\"k\": {}}, []]"
                .getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    private static byte[] switched(int switchByte, byte[] file) {
        byte[] out = new byte[file.length + 1];
        out[0] = (byte) switchByte;
        System.arraycopy(file, 0, out, 1, file.length);
        return out;
    }

    private static void works(Mlp model) {
        if (model == null) {
            return;
        }
        Predictor p = Predictor.of(model, NonFiniteInputPolicy.ALLOW);
        assertEquals(model.outputWidth(), p.predict(new float[p.inputWidth()]).length);
    }
}
