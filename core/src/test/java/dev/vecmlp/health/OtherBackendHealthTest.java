package dev.vecmlp.health;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.train.NonFinitePolicy;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training features use only the kernel SPI, so they behave the same on another backend:
 * the failure modes are diagnosed, clipping removes the exploding verdict, and a diverging run
 * under SKIP keeps finite weights, on the EJML backend.
 */
class OtherBackendHealthTest {
    private static final Kernels EJML = Backends.ejml();

    @Test
    void failureModesAreDiagnosedOnEjml() {
        Mlp.Builder sigmoid = Mlp.builder(4);
        for (int l = 0; l < 9; l++) {
            sigmoid.hidden(8, Activation.SIGMOID);
        }
        TrainingResult vanishing = run(sigmoid.output(2, Activation.SOFTMAX).initializer(Initializer.XAVIER_UNIFORM)
                .seed(5).kernels(EJML).build(), 0, 0.1);
        assertTrue(vanishing.monitor().verdicts().stream().anyMatch(v -> v.kind() == HealthVerdict.Kind.VANISHING
                && v.layer() == 0), "" + vanishing.monitor().verdicts());

        assertTrue(run(scaledRelu(5f), 0, 1e-3).monitor().active(HealthVerdict.Kind.EXPLODING));
        TrainingResult clipped = run(scaledRelu(5f), 1.0, 1e-3);
        assertFalse(clipped.monitor().verdicts().stream().anyMatch(v -> v.kind() == HealthVerdict.Kind.EXPLODING),
                "" + clipped.monitor().verdicts());
    }

    private static TrainingResult run(Mlp model, double clipNorm, double lr) {
        SplittableRandom random = new SplittableRandom(2);
        int rows = 64;
        float[] x = new float[rows * model.inputWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = new float[rows * model.outputWidth()];
        for (int r = 0; r < rows; r++) {
            y[r * model.outputWidth() + (x[r * model.inputWidth()] > 0 ? 0 : model.outputWidth() - 1)] = 1;
        }
        TrainingResult result = Trainer.builder().optimizer(new Adam(lr)).batchSize(16).epochs(3).clipNorm(clipNorm)
                .nonFinite(NonFinitePolicy.SKIP).health(HealthConfig.defaults().withEverySteps(1)).build()
                .train(model, DataSet.of(x, model.inputWidth(), y, model.outputWidth()));
        assertTrue(EJML.allFinite(model.parameterCount(), model.parameters(), 0));
        return result;
    }

    private static Mlp scaledRelu(float scale) {
        Mlp.Builder b = Mlp.builder(8);
        for (int l = 0; l < 8; l++) {
            b.hidden(16, Activation.RELU);
        }
        Mlp model = b.output(1, Activation.LINEAR).loss(Loss.MSE).seed(4).kernels(EJML).build();
        for (int l = 0; l < model.layerCount(); l++) {
            Dense d = model.layer(l);
            EJML.scale(d.weightCount(), scale, model.parameters(), d.weightOffset());
        }
        return model;
    }
}
