package dev.vecmlp.kernel;

import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The double-precision formulas the reference backend uses, against tabulated values and their own derivatives. */
class ScalarActivationsTest {

    @Test
    void erfcMatchesTabulatedValues() {
        // Values from Abramowitz & Stegun / mpmath, to 16 digits.
        double[][] table = {{0, 1}, {0.1, 0.8875370839817152}, {0.5, 0.4795001221869535}, {1, 0.1572992070502851},
                {2, 0.004677734981047266}, {3, 2.209049699858544e-05},
                {3.5, 7.430983723414128e-07}, {5, 1.537459794428035e-12}, {10, 2.088487583762545e-45}};
        for (double[] row : table) {
            double relative = 1e-13;
            assertEquals(row[1], ScalarActivations.erfc(row[0]), relative * row[1], "erfc(" + row[0] + ")");
        }
    }

    @Test
    void geluMatchesPyTorch() {
        // torch.nn.functional.gelu(torch.tensor([...], dtype=torch.float64)) (exact erf form).
        assertEquals(0.8413447460685429, ScalarActivations.apply(Activation.GELU, 0, 1), 1e-15);
        assertEquals(-0.15865525393145707, ScalarActivations.apply(Activation.GELU, 0, -1), 1e-15);
        assertEquals(-0.004049694094890, ScalarActivations.apply(Activation.GELU, 0, -3), 1e-12);
        assertEquals(2.995950305905110, ScalarActivations.apply(Activation.GELU, 0, 3), 1e-12);
    }

    @Test
    void derivativesMatchCentralDifferencesOfTheFunctions() {
        Activation[] all = {Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.TANH, Activation.LEAKY_RELU,
                Activation.GELU, Activation.ELU, Activation.SILU, Activation.SOFTPLUS};
        for (Activation f : all) {
            double p = f == Activation.LEAKY_RELU ? 0.2 : f == Activation.ELU ? 0.7 : 0;
            for (double z = -12.05; z < 12; z += 0.1) {
                double h = 1e-6;
                double numeric = (ScalarActivations.apply(f, p, z + h) - ScalarActivations.apply(f, p, z - h)) / (2 * h);
                double analytic = ScalarActivations.derivative(f, p, z, ScalarActivations.apply(f, p, z));
                assertEquals(numeric, analytic, 1e-7 + 1e-7 * Math.abs(numeric), f + "'(" + z + ")");
            }
        }
    }
}
