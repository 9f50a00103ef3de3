package dev.vecmlp.io;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.FileForge.Section;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The new activations, their parameters and dropout in model files ({@code ACTP} and
 * {@code drop} sections, activation codes 5 to 9) and in safetensors metadata.
 */
class LayerOptionsFileTest {

    static Mlp model() {
        return Mlp.builder(5)
                .hidden(7, Activation.LEAKY_RELU, 0.2).dropout(0.25)
                .hidden(6, Activation.GELU).dropout(0.5)
                .hidden(5, Activation.ELU, 0.5)
                .hidden(4, Activation.SILU)
                .hidden(4, Activation.SOFTPLUS)
                .output(3, Activation.SOFTMAX).seed(9).kernels(Backends.reference()).build();
    }

    @Test
    void parametersAndDropoutRoundTripThroughModelFiles() throws ModelFormatException {
        Mlp m = model();
        byte[] bytes = ModelFiles.toBytes(m, Map.of());
        Mlp loaded = ModelFiles.fromBytes(bytes).model();
        ModelFilesTest.assertSameModel(m, loaded);
        float[] x = {0.5f, -1, 2, 0.1f, -0.3f};
        loaded.useKernels(m.kernels());
        assertArrayEquals(Predictor.of(m).predict(x), Predictor.of(loaded).predict(x), 0f);
        FileForge f = new FileForge(bytes);
        ByteBuffer arch = f.section("ARCH").le();
        int[] codes = new int[6];
        for (int l = 0; l < 6; l++) {
            arch.getInt(8 + 8 * l);
            codes[l] = arch.getInt(8 + 8 * l + 4);
        }
        assertArrayEquals(new int[]{5, 6, 7, 8, 9, 4}, codes, "activation codes as docs/MODEL-FORMAT.md lists them");
        assertEquals(0.2f, f.section("ACTP").le().getFloat(4));
        assertEquals(0.25f, f.section("drop").le().getFloat(4));
    }

    @Test
    void filesWithoutTheNewSectionsLoadAsBefore() throws ModelFormatException {
        Mlp plain = ModelFilesTest.sample(0);
        FileForge f = new FileForge(ModelFiles.toBytes(plain, Map.of()));
        assertFalse(f.sections.stream().anyMatch(s -> s.tag.equals("ACTP") || s.tag.equals("drop")),
                "a model without parameterised activations or dropout is written exactly as before");
        // A leaky ReLU file without ACTP (the section removed) takes PyTorch's slope.
        FileForge leaky = new FileForge(ModelFiles.toBytes(
                Mlp.builder(2).hidden(3, Activation.LEAKY_RELU, 0.3).output(1, Activation.LINEAR).build(), Map.of()));
        leaky.sections.removeIf(s -> s.tag.equals("ACTP"));
        assertEquals(0.01f, ModelFiles.fromBytes(leaky.build()).model().layer(0).activationParameter());
    }

    @Test
    void badLayerSectionsAreRefused() {
        FileForge f = new FileForge(ModelFiles.toBytes(model(), Map.of()));
        Section actp = f.section("ACTP");
        actp.le().putFloat(4, -1f);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(f.build()));
        assertEquals(Reason.INVALID_VALUE, e.reason());
        assertTrue(e.getMessage().contains("negative slope"), e.getMessage());

        FileForge g = new FileForge(ModelFiles.toBytes(model(), Map.of()));
        g.section("drop").le().putInt(0, 5);
        assertEquals(Reason.MALFORMED, assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(g.build())).reason());

        FileForge h = new FileForge(ModelFiles.toBytes(model(), Map.of()));
        h.section("drop").le().putFloat(4 + 4 * 5, 0.5f); // dropout on the output layer
        assertEquals(Reason.INVALID_VALUE, assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(h.build())).reason());

        FileForge k = new FileForge(ModelFiles.toBytes(model(), Map.of()));
        k.section("drop").le().putFloat(4, 1.5f);
        assertEquals(Reason.INVALID_VALUE, assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(k.build())).reason());
    }

    @Test
    void safeTensorsCarryTheActivationsTheirParametersAndDropout() throws ModelFormatException {
        Mlp m = model();
        byte[] bytes = SafeTensors.toBytes(m, null, Map.of());
        SafeTensors.SafeTensorsFile file = SafeTensors.fromBytes(bytes);
        assertEquals("leaky_relu(0.2),gelu,elu(0.5),silu,softplus,softmax", file.metadata().get("vecmlp.activations"));
        Mlp back = SafeTensors.toModel(file, null, null, null);
        ModelFilesTest.assertSameModel(withoutScaling(m), back);
        // Given explicitly (a PyTorch state_dict), a parameterised activation takes PyTorch's default.
        Mlp given = SafeTensors.toModel(file, null, List.of(Activation.LEAKY_RELU, Activation.GELU, Activation.ELU,
                Activation.SILU, Activation.SOFTPLUS, Activation.SOFTMAX), null);
        assertEquals(0.01f, given.layer(0).activationParameter());
    }

    private static Mlp withoutScaling(Mlp m) {
        Mlp copy = m.copy();
        copy.setInputScaling(null);
        return copy;
    }
}
