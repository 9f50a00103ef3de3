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
