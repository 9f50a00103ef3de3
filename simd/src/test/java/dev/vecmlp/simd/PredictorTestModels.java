package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;

import java.util.SplittableRandom;

/** The 784-256-70-10 model and seeded inputs shared by the SIMD predictor tests. */
final class PredictorTestModels {
    private PredictorTestModels() {
    }

    static Mlp model(SimdKernels kernels, Activation second) {
        return Mlp.builder(784).hidden(256, Activation.RELU).hidden(70, second)
                .output(10, Activation.SOFTMAX).seed(5).kernels(kernels).build();
    }

    static float[] inputs(int rows) {
        SplittableRandom random = new SplittableRandom(rows);
        float[] x = new float[rows * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
