package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.train.TrainingResume;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property: for generated architectures, weights (any finite float32 bit pattern: subnormals,
 * -0.0, values near the limit), input scalings and metadata, a model file, a checkpoint and a
 * safetensors export each read back bit-identical, and writing the read model again gives the
 * same bytes.
 */
class RoundTripPropertyTest {
    private static final Activation[] HIDDEN = {Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.TANH};

    @Property(tries = 60)
    void modelFilesRoundTripBitIdentically(@ForAll @IntRange(min = 1, max = 7) int inputs,
                                           @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 7) Integer> widths,
                                           @ForAll long seed, @ForAll boolean scaled,
                                           @ForAll("metadata") Map<String, String> metadata) throws Exception {
        Mlp model = model(inputs, widths, seed, scaled);
        byte[] bytes = ModelFiles.toBytes(model, metadata);
        ModelFile back = ModelFiles.fromBytes(bytes);
        assertSameModel(model, back.model());
        assertEquals(metadata, back.metadata());
        assertArrayEquals(bytes, ModelFiles.toBytes(back.model(), back.metadata()), "re-encoding changed the bytes");
    }

    @Property(tries = 40)
    void checkpointsRoundTripBitIdentically(@ForAll @IntRange(min = 1, max = 5) int inputs,
                                            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 6) Integer> widths,
                                            @ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int arrays,
                                            @ForAll @IntRange(min = 0, max = 100000) int epochs,
                                            @ForAll @IntRange(min = 0, max = 1000) int skips) throws Exception {
        Mlp model = model(inputs, widths, seed, true);
        SplittableRandom random = new SplittableRandom(seed ^ 77);
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int a = 0; a < arrays; a++) {
            float[] values = new float[model.parameterCount()];
            fill(values, random);
            state.put("array" + a, values);
        }
        TrainingResume resume = new TrainingResume(new OptimizerState("kind" + arrays, epochs * 3L, state), epochs,
                epochs * 7L, skips);
        Checkpoint back = Checkpoints.fromBytes(Checkpoints.toBytes(model, resume));
        assertSameModel(model, back.model());
        assertEquals(resume.epochsDone(), back.resume().epochsDone());
        assertEquals(resume.steps(), back.resume().steps());
        assertEquals(resume.consecutiveSkips(), back.resume().consecutiveSkips());
        OptimizerState s = back.resume().optimizerState();
        assertEquals(resume.optimizerState().kind(), s.kind());
        assertEquals(resume.optimizerState().updates(), s.updates());
        assertEquals(state.keySet(), s.arrays().keySet());
        state.forEach((name, values) -> assertArrayEquals(bits(values), bits(s.arrays().get(name)), name));
    }

    @Property(tries = 40)
    void safeTensorsExportAndImportRoundTripBitIdentically(@ForAll @IntRange(min = 1, max = 7) int inputs,
                                                           @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 7) Integer> widths,
                                                           @ForAll long seed, @ForAll boolean scaled) throws Exception {
        Mlp model = model(inputs, widths, seed, scaled);
        byte[] bytes = SafeTensors.toBytes(model, null, Map.of());
        Mlp back = SafeTensors.toModel(SafeTensors.fromBytes(bytes), null, null, null);
        assertSameModel(model, back);
        assertArrayEquals(bytes, SafeTensors.toBytes(back, null, Map.of()), "re-exporting changed the bytes");
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff')
                .ofMaxLength(12);
        return Arbitraries.maps(text, text).ofMaxSize(4);
    }

    static Mlp model(int inputs, List<Integer> widths, long seed, boolean scaled) {
        SplittableRandom random = new SplittableRandom(seed);
        Mlp.Builder b = Mlp.builder(inputs).seed(seed);
        for (int l = 0; l < widths.size() - 1; l++) {
            b.hidden(widths.get(l), HIDDEN[random.nextInt(HIDDEN.length)]);
        }
        Activation[] outputs = Activation.values();
        int last = widths.get(widths.size() - 1);
        Activation out = outputs[random.nextInt(outputs.length)];
        b.output(last, out);
        Mlp model = b.build();
        fill(model.parameters(), random);
        if (scaled) {
            float[] shift = new float[inputs];
            float[] scale = new float[inputs];
            fill(shift, random);
            fill(scale, random);
            model.setInputScaling(new InputScaling(shift, scale));
        }
        return model;
    }

    /** Finite float32 values from random bit patterns, with the awkward ones mixed in. */
    static void fill(float[] values, SplittableRandom random) {
        float[] awkward = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
                -Float.MAX_VALUE, 1, -1, 0.1f};
        for (int i = 0; i < values.length; i++) {
            float v;
            if (random.nextInt(4) == 0) {
                v = awkward[random.nextInt(awkward.length)];
            } else {
                do {
                    v = Float.intBitsToFloat(random.nextInt());
                } while (!Float.isFinite(v));
            }
            values[i] = v;
        }
    }

    static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }

    static void assertSameModel(Mlp expected, Mlp actual) {
        assertEquals(expected.inputWidth(), actual.inputWidth());
        assertEquals(expected.loss(), actual.loss());
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Dense d : expected.layers()) {
            a.add(d.outputs() + ":" + d.activation());
        }
        for (Dense d : actual.layers()) {
            b.add(d.outputs() + ":" + d.activation());
        }
        assertEquals(a, b);
        assertArrayEquals(bits(expected.parameters()), bits(actual.parameters()), "parameters");
        InputScaling s = expected.inputScaling();
        InputScaling t = actual.inputScaling();
        assertEquals(s == null, t == null, "input scaling present");
        if (s != null) {
            assertArrayEquals(bits(s.shift()), bits(t.shift()), "shifts");
            assertArrayEquals(bits(s.scale()), bits(t.scale()), "scales");
        }
    }
}
