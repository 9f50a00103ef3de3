package dev.vecmlp.cli.run;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureTest {
    @Test
    void parsesWidthsAndActivationsWithReluAsDefault() {
        Architecture a = Architecture.parse(" 256:relu, 128 ,16:TANH", "softmax");
        assertEquals(List.of(new Architecture.Hidden(256, Activation.RELU), new Architecture.Hidden(128, Activation.RELU),
                new Architecture.Hidden(16, Activation.TANH)), a.hidden());
        assertEquals(Activation.SOFTMAX, a.output());
        Mlp model = a.build(784, 10, 1, Backends.reference());
        assertEquals("784-256-128-16-10 (relu, relu, tanh, softmax; loss cross entropy, "
                + model.parameterCount() + " parameters)", Architecture.describe(model));
        assertEquals(Loss.CROSS_ENTROPY, model.loss());
    }

    @Test
    void noneOrEmptyMeansNoHiddenLayer() {
        assertTrue(Architecture.parse("none", "linear").hidden().isEmpty());
        assertTrue(Architecture.parse("", "sigmoid").hidden().isEmpty());
        assertEquals(Loss.BINARY_CROSS_ENTROPY, Architecture.parse("", "sigmoid").build(3, 1, 1, Backends.reference()).loss());
    }

    @Test
    void parsesTheNewActivationsTheirParametersAndDropout() {
        Architecture a = Architecture.parse("512:gelu:dropout=0.2, 256:leaky_relu(0.1), 64:elu(0.5):dropout=0.1,"
                + "32:silu,16:softplus,8:leaky_relu,4:dropout=0.3", "softmax");
        assertEquals(List.of(new Architecture.Hidden(512, Activation.GELU, 0f, 0.2),
                new Architecture.Hidden(256, Activation.LEAKY_RELU, 0.1f, 0),
                new Architecture.Hidden(64, Activation.ELU, 0.5f, 0.1),
                new Architecture.Hidden(32, Activation.SILU),
                new Architecture.Hidden(16, Activation.SOFTPLUS),
                new Architecture.Hidden(8, Activation.LEAKY_RELU, 0.01f, 0),
                new Architecture.Hidden(4, Activation.RELU, 0f, 0.3)), a.hidden());
        Mlp model = a.build(10, 3, 1, Backends.reference());
        assertEquals(0.1f, model.layer(1).activationParameter());
        assertEquals(0.2, model.layer(0).dropout());
        assertTrue(Architecture.describe(model).contains("gelu dropout 0.2, leaky_relu(0.1), elu(0.5) dropout 0.1"),
                Architecture.describe(model));
    }

    @Test
    void rejectsBadParametersAndDropout() {
        assertMessage("takes no parameter", () -> Architecture.parse("8:relu(0.2)", "softmax"));
        assertMessage("negative slope", () -> Architecture.parse("8:leaky_relu(-1)", "softmax"));
        assertMessage("expected a number in parentheses, found 'x'", () -> Architecture.parse("8:leaky_relu(x)", "softmax"));
        assertMessage("dropout: expected a probability in [0, 1), found 1", () -> Architecture.parse("8:relu:dropout=1", "softmax"));
        assertMessage("found 'abc'", () -> Architecture.parse("8:relu:dropout=abc", "softmax"));
    }

    @Test
    void rejectsMalformedSpecsNamingThePart() {
        assertMessage("found 'x12'", () -> Architecture.parse("x12:relu", "softmax"));
        assertMessage("expected a value > 0, found 0", () -> Architecture.parse("0:relu", "softmax"));
        assertMessage("softmax is only allowed on the output", () -> Architecture.parse("8:softmax", "softmax"));
        assertMessage("found 'gelu2'", () -> Architecture.parse("8:gelu2", "softmax"));
        assertMessage("found '8:relu:3'", () -> Architecture.parse("8:relu:3", "softmax"));
        assertMessage("output: expected an activation", () -> Architecture.parse("8", "soft"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
