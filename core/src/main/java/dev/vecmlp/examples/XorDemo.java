package dev.vecmlp.examples;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;

/**
 * The runnable example: learns XOR, the classic problem no single layer can solve, with a
 * 2-8-1 tanh/sigmoid network and pure (per-sample) SGD at learning rate 0.1, printing the loss as it goes and the
 * final accuracy. Exits with status 1 if XOR was not learned.
 */
public final class XorDemo {
    private XorDemo() {
    }

    public static void main(String[] args) {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        float[] y = {0, 1, 1, 0};
        DataSet data = DataSet.of(x, 2, y, 1);
        Mlp model = Mlp.builder(2)
                .hidden(8, Activation.TANH)
                .output(1, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY)
                .seed(7)
                .build();
        System.out.println("vecmlp XOR demo: " + model + " on the " + model.kernels().name() + " backend");
        int epochs = 1000;
        Trainer trainer = Trainer.builder()
                .learningRate(0.1)
                .batchSize(1)
                .epochs(epochs)
                .seed(7)
                .listener(report -> {
                    if (report.epoch() % 50 == 0 || report.epoch() == 1) {
                        System.out.printf("epoch %4d  loss %.5f%n", report.epoch(), report.loss());
                    }
                })
                .build();
        trainer.fit(model, data);
        float[] out = model.predict(x, 4);
        for (int i = 0; i < 4; i++) {
            System.out.printf("  %d XOR %d -> %.3f (want %d)%n", (int) x[2 * i], (int) x[2 * i + 1], out[i], (int) y[i]);
        }
        double accuracy = Evaluation.accuracy(model, data);
        System.out.printf("final accuracy %.0f%%%n", accuracy * 100);
        if (accuracy < 1.0) {
            System.exit(1);
        }
    }
}
