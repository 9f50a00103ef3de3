package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training loop: reproducibility, resume, validation, metrics, early stopping, listeners, divergence. */
class TrainerTest {

    @Test
    void sameSeedGivesBitIdenticalWeightsWithEveryFeatureOn() {
        float[] a = trainRings(7, () -> new Adam(0.01));
        float[] b = trainRings(7, () -> new Adam(0.01));
        float[] c = trainRings(8, () -> new Adam(0.01));
        assertArrayEquals(a, b, 0f);
        assertFalse(Arrays.equals(a, c));
    }

    private static float[] trainRings(long seed, Supplier<Optimizer> optimizer) {
        Mlp model = classifier(seed);
        Trainer.builder().optimizer(optimizer.get()).schedule(LearningRateSchedule.cosine(1, 6, 0.1))
                .batchSize(16).epochs(6).seed(seed).validationSplit(0.2).clipNorm(1.0)
                .health(HealthConfig.defaults().withEverySteps(3)).build().train(model, rings());
        return model.parameters().clone();
    }

    /** Stop after 3 epochs with a checkpoint, resume to 7: the same weights as 7 epochs in one go. */
    @Test
    void stopAndResumeEndsBitIdenticalToAnUninterruptedRun() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(0.1, 1e-4),
                () -> new Momentum(0.05, 0.9, true, 1e-4), () -> new Adam(0.01), () -> Adam.adamW(0.01, 0.01));
        for (Supplier<Optimizer> optimizer : optimizers) {
            Mlp straight = classifier(3);
            trainer(optimizer.get(), 7, null).fit(straight, rings());

            List<Mlp> savedModels = new ArrayList<>();
            List<TrainingResume> savedResumes = new ArrayList<>();
            CheckpointSink memory = (model, resume) -> {
                savedModels.add(model.copy());
                savedResumes.add(resume);
            };
            Mlp interrupted = classifier(3);
            trainer(optimizer.get(), 3, memory).fit(interrupted, rings());
            assertEquals(1, savedModels.size(), "a checkpoint after epoch 3");
            TrainingResume resume = savedResumes.get(0);
            assertEquals(3, resume.epochsDone());
            assertEquals(3 * 10, resume.steps(), "160 training rows in batches of 16: 10 steps per epoch");

            Mlp resumed = savedModels.get(0);
            List<EpochReport> rest = trainer(optimizer.get(), 7, null).fit(resumed, rings(), resume);
            assertEquals(List.of(4, 5, 6, 7), rest.stream().map(EpochReport::epoch).toList());
            assertArrayEquals(straight.parameters(), resumed.parameters(), 0f, optimizer.get().toString());
        }
    }

    private static Trainer trainer(Optimizer optimizer, int epochs, CheckpointSink sink) {
        Trainer.Builder b = Trainer.builder().optimizer(optimizer).schedule(LearningRateSchedule.cosine(1, 7, 0.05))
                .batchSize(16).epochs(epochs).seed(11).validationSplit(0.2).clipNorm(1.0)
                .health(HealthConfig.defaults().withEverySteps(4));
        if (sink != null) {
            b.checkpoints(sink, 3);
        }
        return b.build();
    }

    @Test
    void validationSplitHoldsOutASeededShareAndReportsItsMetrics() {
        DataSet data = rings();
        DataSet[] parts = Trainer.split(data, 0.25, 5);
        assertEquals(150, parts[0].rows());
        assertEquals(50, parts[1].rows());
        DataSet[] again = Trainer.split(data, 0.25, 5);
        assertArrayEquals(parts[1].features(), again[1].features(), 0f);
        assertFalse(Arrays.equals(parts[1].features(), Trainer.split(data, 0.25, 6)[1].features()));

        Mlp model = classifier(1);
        List<TrainingStart> starts = new ArrayList<>();
        TrainingResult result = Trainer.builder().learningRate(0.1).batchSize(10).epochs(3).seed(5)
                .validationSplit(0.25).listener(new TrainingListener() {
                    @Override
                    public void onTrainingStart(TrainingStart start) {
                        starts.add(start);
                    }

                    @Override
                    public void onEpochEnd(EpochReport report) {
                    }
                }).build().train(model, data);
        assertEquals(150, starts.get(0).trainingRows());
        assertEquals(50, starts.get(0).validationRows());
        assertEquals(15, starts.get(0).stepsPerEpoch());
        EpochReport last = result.history().get(2);
        assertEquals(150, last.samples());
        Metrics direct = Evaluation.metrics(model, parts[1]);
        assertEquals(direct, last.validation(), "validation metrics are those of the held-out rows after the epoch");
        assertTrue(last.validation().accuracy() > 0 && Double.isNaN(last.validation().mae()));
    }

    @Test
    void explicitValidationDataOverridesTheSplit() {
        DataSet data = rings();
        DataSet validation = DataSet.ofClasses(new float[]{0.1f, 0.2f, -0.3f, 0.4f}, 2, new int[]{0, 1}, 2);
        Mlp model = classifier(2);
        List<EpochReport> reports = Trainer.builder().learningRate(0.1).epochs(2).validationSplit(0.5).build()
                .fit(model, data, validation);
        assertEquals(200, reports.get(0).samples());
        assertEquals(Evaluation.metrics(model, validation), reports.get(1).validation());
    }

    /** One full batch, no shuffle: the running metrics are those of the model before its update. */
    @Test
    void trainingMetricsAreMeasuredOnEachBatchBeforeItsUpdate() {
        DataSet cls = rings();
        Mlp model = classifier(4);
        Metrics before = Evaluation.metrics(model, cls);
        EpochReport r = Trainer.builder().learningRate(0.1).batchSize(200).epochs(1).build().fit(model, cls).get(0);
        assertEquals(before.loss(), r.training().loss(), 1e-6);
        assertEquals(before.accuracy(), r.training().accuracy(), 1e-12);
        assertNull(r.validation());

        SplittableRandom random = new SplittableRandom(2);
        float[] x = new float[60];
        float[] y = new float[60];
        for (int i = 0; i < 60; i++) {
            x[i] = (float) random.nextGaussian();
            y[i] = 2 * x[i] + 1;
        }
        DataSet reg = DataSet.of(x, 1, y, 1);
        Mlp regression = Mlp.builder(1).hidden(8, Activation.TANH).output(1, Activation.LINEAR)
                .seed(3).kernels(Backends.reference()).build();
        Metrics regBefore = Evaluation.metrics(regression, reg);
        EpochReport rr = Trainer.builder().learningRate(0.01).batchSize(60).epochs(1).build().fit(regression, reg).get(0);
        assertEquals(regBefore.mse(), rr.training().mse(), 1e-6);
        assertEquals(regBefore.mae(), rr.training().mae(), 1e-6);
        assertTrue(Double.isNaN(rr.training().accuracy()));
        double mae = 0;
        float[] out = Mlp.builder(1).hidden(8, Activation.TANH).output(1, Activation.LINEAR).seed(3)
                .kernels(Backends.reference()).build().predict(x, 60);
        for (int i = 0; i < 60; i++) {
            mae += Math.abs(out[i] - y[i]) / 60;
        }
        assertEquals(mae, regBefore.mae(), 1e-6, "MAE by hand");
    }

    /** Validation targets opposite to the training ones: validation gets worse as training fits. */
    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        DataSet train = rings();
        int[] flipped = new int[train.rows()];
        for (int r = 0; r < flipped.length; r++) {
            flipped[r] = 1 - train.targetClass(r);
        }
        DataSet validation = DataSet.ofClasses(train.features(), 2, flipped, 2);
        Mlp model = classifier(6);
        List<float[]> weightsAfter = new ArrayList<>();
        TrainingResult result = Trainer.builder().learningRate(0.2).batchSize(20).epochs(40)
                .earlyStopping(new EarlyStopping(Metrics.Metric.LOSS, 3, 0.0, true))
                .listener(report -> weightsAfter.add(model.parameters().clone()))
                .build().train(model, train, validation, null);
        assertTrue(result.stoppedEarly(), "epochs run: " + result.history().size());
        assertEquals(result.bestEpoch() + 3, result.history().size(), "patience 3 after the best epoch");
        assertTrue(result.restoredBest());
        assertArrayEquals(weightsAfter.get(result.bestEpoch() - 1), model.parameters(), 0f);
        double bestLoss = result.history().get(result.bestEpoch() - 1).validation().loss();
        assertEquals(bestLoss, result.bestValue());
        for (EpochReport r : result.history()) {
            assertTrue(r.validation().loss() >= bestLoss);
        }
    }

    @Test
    void listenersSeeEveryEpochStepAndVerdict() {
        Mlp.Builder b = Mlp.builder(2);
        for (int l = 0; l < 9; l++) {
            b.hidden(8, Activation.SIGMOID);
        }
        Mlp model = b.output(2, Activation.SOFTMAX).initializer(Initializer.XAVIER_UNIFORM).seed(1)
                .kernels(Backends.reference()).build();
        List<String> events = new ArrayList<>();
        List<int[]> progress = new ArrayList<>();
        List<HealthVerdict> verdicts = new ArrayList<>();
        TrainingResult result = Trainer.builder().learningRate(0.1).batchSize(64).epochs(2)
                .health(HealthConfig.defaults().withEverySteps(1)).listener(new TrainingListener() {
                    @Override
                    public void onTrainingStart(TrainingStart start) {
                        events.add("start " + start.firstEpoch() + ".." + start.epochs() + " x" + start.stepsPerEpoch());
                    }

                    @Override
                    public void onEpochStart(int epoch, int rows) {
                        events.add("epoch " + epoch + " of " + rows);
                    }

                    @Override
                    public void onStepEnd(int epoch, long step, double loss, int rowsDone, int rowsTotal) {
                        progress.add(new int[]{epoch, (int) step, rowsDone, rowsTotal});
                    }

                    @Override
                    public void onHealthVerdict(HealthVerdict verdict) {
                        verdicts.add(verdict);
                    }

                    @Override
                    public void onEpochEnd(EpochReport report) {
                        events.add("end " + report.epoch() + " verdicts " + report.verdicts().size());
                    }

                    @Override
                    public void onTrainingEnd(TrainingResult r) {
                        events.add("done " + r.history().size());
                    }
                }).build().train(model, rings());
        assertEquals(List.of("start 1..2 x4", "epoch 1 of 200", "end 1 verdicts " + result.history().get(0).verdicts().size(),
                "epoch 2 of 200", "end 2 verdicts " + result.history().get(1).verdicts().size(), "done 2"), events);
        assertEquals(8, progress.size());
        assertArrayEquals(new int[]{1, 1, 64, 200}, progress.get(0));
        assertArrayEquals(new int[]{1, 4, 200, 200}, progress.get(3));
        assertArrayEquals(new int[]{2, 8, 200, 200}, progress.get(7));
        assertTrue(verdicts.stream().anyMatch(v -> v.kind() == HealthVerdict.Kind.VANISHING && v.layer() == 0), "" + verdicts);
        assertEquals(result.monitor().verdicts(), verdicts);
        assertEquals(8, result.monitor().checkCount());
        assertEquals(8, result.monitor().gradientNorms(9).length);
    }

    @Test
    void skipPolicyCountsSkippedStepsAndGivesUpOnEndlessDivergence() {
        List<Long> skippedAt = new ArrayList<>();
        Mlp model = Mlp.builder(2).hidden(16, Activation.RELU).hidden(16, Activation.RELU).output(2, Activation.LINEAR)
                .loss(Loss.MSE).seed(1).kernels(Backends.reference()).build();
        DataSet rings = rings();
        DataSet regression = DataSet.of(rings.features(), 2, rings.targets(), 2);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder()
                .learningRate(1e4).batchSize(8).epochs(50).nonFinite(NonFinitePolicy.SKIP, 10)
                .listener(new TrainingListener() {
                    @Override
                    public void onSkippedStep(int epoch, long step, double loss) {
                        skippedAt.add(step);
                    }

                    @Override
                    public void onEpochEnd(EpochReport report) {
                    }
                }).build().fit(model, regression));
        assertTrue(skippedAt.size() >= 10, "skips " + skippedAt);
        assertTrue(e.getMessage().contains("10 steps in a row"), e.getMessage());
        assertTrue(model.kernels().allFinite(model.parameterCount(), model.parameters(), 0));
    }

    @Test
    void shuffleOrderIsAPureFunctionOfSeedAndEpoch() {
        Trainer t = Trainer.builder().seed(9).build();
        int[] third = new int[50];
        int[] thirdAgain = new int[50];
        int[] fourth = new int[50];
        t.orderFor(3, third);
        t.orderFor(4, fourth);
        t.orderFor(3, thirdAgain);
        assertArrayEquals(third, thirdAgain);
        assertFalse(Arrays.equals(third, fourth));
        int[] sorted = third.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void plateauScheduleLowersTheRateWhenTheLossStalls() {
        // a learning rate so small nothing improves by minDelta: the rate halves every 2 epochs
        List<EpochReport> reports = Trainer.builder().learningRate(1e-9).batchSize(50).epochs(5)
                .schedule(LearningRateSchedule.reduceOnPlateau(0.5, 1, 0.1, 0)).build().fit(classifier(1), rings());
        assertEquals(1e-9, reports.get(0).learningRate(), 1e-15);
        assertEquals(1e-9, reports.get(1).learningRate(), 1e-15);
        assertEquals(1e-9, reports.get(2).learningRate(), 1e-15);
        assertEquals(5e-10, reports.get(3).learningRate(), 1e-15);
    }

    @Test
    void aFailingCheckpointSinkStopsTrainingWithTheCause() {
        CheckpointSink broken = (model, resume) -> {
            throw new java.io.IOException("disk full");
        };
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> Trainer.builder()
                .learningRate(0.1).epochs(3).checkpoints(broken, 2).build().fit(classifier(1), rings()));
        assertTrue(e.getMessage().contains("after epoch 2") && e.getMessage().contains("disk full"), e.getMessage());
    }

    @Test
    void badSettingsAreRejectedWithTheValueFound() {
        for (Runnable bad : List.<Runnable>of(() -> Trainer.builder().validationSplit(1.0),
                () -> Trainer.builder().clipNorm(-1), () -> Trainer.builder().clipValue(Double.NaN),
                () -> Trainer.builder().checkpoints((m, r) -> { }, 0),
                () -> new EarlyStopping(Metrics.Metric.LOSS, 0, 0, true))) {
            dev.vecmlp.errors.InvalidConfigurationException e =
                    assertThrows(dev.vecmlp.errors.InvalidConfigurationException.class, bad::run);
            assertTrue(e.getMessage().contains("expected") && e.getMessage().contains("found"), e.getMessage());
        }
    }

    @Test
    void resumingPastTheLastEpochDoesNothing() {
        Mlp model = classifier(1);
        float[] before = model.parameters().clone();
        Sgd sgd = new Sgd(0.1);
        List<EpochReport> none = Trainer.builder().optimizer(sgd).epochs(2).build()
                .fit(model, rings(), new TrainingResume(sgd.state(), 2, 26));
        assertEquals(List.of(), none);
        assertArrayEquals(before, model.parameters(), 0f);
        assertNotNull(Trainer.builder().build().schedule());
    }

    // ---------------------------------------------------------------- fixtures

    private static Mlp classifier(long seed) {
        return Mlp.builder(2).hidden(16, Activation.RELU).hidden(16, Activation.TANH)
                .output(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).seed(seed).kernels(Backends.reference()).build();
    }

    /** Noisy rings, 200 rows: class 1 inside radius 0.5 of a unit disc, class 0 outside. */
    static DataSet rings() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 200;
        float[] x = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double angle = random.nextDouble() * 2 * Math.PI;
            double radius = Math.sqrt(random.nextDouble());
            x[2 * i] = (float) (radius * Math.cos(angle) + 0.05 * random.nextGaussian());
            x[2 * i + 1] = (float) (radius * Math.sin(angle) + 0.05 * random.nextGaussian());
            labels[i] = radius < 0.5 ? 1 : 0;
        }
        return DataSet.ofClasses(x, 2, labels, 2);
    }
}
