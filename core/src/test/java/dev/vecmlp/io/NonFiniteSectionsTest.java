package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.train.TrainingResume;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every float section of model files and checkpoints refuses NaN and infinities, naming the
 * section and the index, even in files forged with a correct checksum: the parameters
 * ({@code PARM}), the input scaling ({@code SCAL}), each optimiser array ({@code optm}) and the
 * weight average ({@code wavg}).
 */
class NonFiniteSectionsTest {
    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    private static Mlp model() {
        Mlp model = Mlp.builder(3).hidden(4, Activation.TANH).output(2, Activation.SOFTMAX).seed(2).build();
        model.setInputScaling(new InputScaling(new float[]{1, 2, 3}, new float[]{0.5f, 0.25f, 2}));
        return model;
    }

    private static void assertRefused(byte[] forged, String... parts) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoints.fromBytes(forged));
        assertEquals(ModelFormatException.Reason.INVALID_VALUE, e.reason(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private static byte[] checkpoint(Map<String, float[]> arrays) {
        return Checkpoints.toBytes(model(), new TrainingResume(new OptimizerState("adam", 7, arrays), 1, 7));
    }

    @Test
    void optimizerMomentsAndVelocitiesMustBeFinite() {
        for (float bad : BAD) {
            Map<String, float[]> arrays = new LinkedHashMap<>();
            float[] m = new float[26];
            float[] v = new float[26];
            v[17] = bad;
            arrays.put("m", m);
            arrays.put("v", v);
            // The writer takes the state as given; the checksum is right; the reader must refuse it.
            assertRefused(checkpoint(arrays), "section optm", "array 'v'", "index 17", String.valueOf(bad));
            Map<String, float[]> velocity = new LinkedHashMap<>();
            float[] vel = new float[26];
            vel[0] = bad;
            velocity.put("velocity", vel);
            assertRefused(checkpoint(velocity), "section optm", "array 'velocity'", "index 0");
        }
    }

    @Test
    void inputScalingMustBeFinite() {
        byte[] valid = checkpoint(Map.of());
        for (float bad : BAD) {
            for (int index = 0; index < 3; index++) {
                FileForge forge = new FileForge(valid);
                forge.section(ModelCodec.SCALING).le().putFloat(4 + 4 * index, bad);
                assertRefused(forge.build(), "section SCAL", "shifts", "index " + index, String.valueOf(bad));
                forge = new FileForge(valid);
                forge.section(ModelCodec.SCALING).le().putFloat(4 + 12 + 4 * index, bad);
                assertRefused(forge.build(), "section SCAL", "scales", "index " + index);
            }
        }
    }

    @Test
    void parametersMustBeFiniteAndTheIndexIsNamed() {
        byte[] valid = ModelFiles.toBytes(model(), Map.of());
        // 3 -> 4: weights 0..11, bias 12..15; 4 -> 2: weights 16..23, bias 24..25.
        int[][] cases = {{5, 0, 5}, {13, 0, 1}, {18, 1, 2}, {25, 1, 1}};
        for (int[] c : cases) {
            FileForge forge = new FileForge(valid);
            forge.section(ModelCodec.PARAMETERS).le().putFloat(8 + 4 * c[0], Float.NaN);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(forge.build()));
            String where = "layer " + c[1] + (c[0] == 13 || c[0] == 25 ? " bias" : " weights") + " at index " + c[2];
            assertTrue(e.getMessage().contains("section PARM") && e.getMessage().contains(where)
                    && e.getMessage().contains("parameter " + c[0]), e.getMessage());
        }
    }

    @Test
    void theSkipCountRoundTripsAndIsOptional() throws Exception {
        TrainingResume resume = new TrainingResume(new OptimizerState("sgd", 3, Map.of()), 2, 3, 41);
        Checkpoint back = Checkpoints.fromBytes(Checkpoints.toBytes(model(), resume));
        assertEquals(41, back.resume().consecutiveSkips());
        byte[] without = Checkpoints.toBytes(model(), new TrainingResume(new OptimizerState("sgd", 3, Map.of()), 2, 3));
        FileForge forge = new FileForge(without);
        assertTrue(forge.sections.stream().noneMatch(s -> s.tag.equals(Checkpoints.SKIPS)),
                "a zero count writes no section: the file is what older versions wrote");
        assertEquals(0, Checkpoints.fromBytes(without).resume().consecutiveSkips());
        // Older readers skip the ancillary section: the model part still loads as a model file.
        assertEquals(model().parameterCount(), ModelFiles.fromBytes(Checkpoints.toBytes(model(), resume)).model().parameterCount());
    }

    @Test
    void theWeightAverageRoundTripsIsOptionalAndMustBeFiniteAndFitTheModel() throws Exception {
        int n = model().parameterCount();
        float[] average = new float[n];
        for (int i = 0; i < n; i++) {
            average[i] = (float) Math.sin(i + 0.5) / 3;
        }
        OptimizerState state = new OptimizerState("momentum", 9, Map.of("velocity", new float[n]));
        byte[] with = Checkpoints.toBytes(model(), new TrainingResume(state, 2, 9, 0, average));
        float[] back = Checkpoints.fromBytes(with).resume().averagedWeights();
        assertEquals(n, back.length);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(average[i]), Float.floatToRawIntBits(back[i]), "average[" + i + "]");
        }
        // A checkpoint of a run without averaging has no such section (as before it existed) and reads with none.
        byte[] without = Checkpoints.toBytes(model(), new TrainingResume(state, 2, 9));
        assertTrue(new FileForge(without).sections.stream().noneMatch(s -> s.tag.equals(Checkpoints.AVERAGE)));
        assertEquals(null, Checkpoints.fromBytes(without).resume().averagedWeights());
        // Older readers skip it: the checkpoint still loads as its model.
        assertEquals(n, ModelFiles.fromBytes(with).model().parameterCount());

        for (float bad : BAD) {
            FileForge forge = new FileForge(with);
            forge.section(Checkpoints.AVERAGE).le().putFloat(8 + 4 * 11, bad);
            assertRefused(forge.build(), "section wavg", "weight average", "index 11", String.valueOf(bad));
        }
        FileForge shorter = new FileForge(with);
        shorter.section(Checkpoints.AVERAGE).le().putLong(0, n - 1);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoints.fromBytes(shorter.build()));
        assertEquals(ModelFormatException.Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("expected a weight average of " + n + " values")
                && e.getMessage().contains("found " + (n - 1)), e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Checkpoints.toBytes(model(),
                new TrainingResume(state, 2, 9, 0, new float[n + 1])));
        assertTrue(wrong.getMessage().contains("found " + (n + 1)), wrong.getMessage());
    }
}
