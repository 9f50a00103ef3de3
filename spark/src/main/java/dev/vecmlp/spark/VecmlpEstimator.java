package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.train.NonFinitePolicy;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The params and the training driver shared by {@link VecmlpClassifier} and
 * {@link VecmlpRegressor}: the network (hidden widths and activations, output activation,
 * loss), the optimiser and its settings, the learning-rate schedule, batch size, epochs, seed,
 * clipping, gradient-health settings, validation fraction, the distributed mode and its settings,
 * and the column names. Defaults are those of vecmlp's single-machine {@code Trainer} (SGD, learning
 * rate 0.01, batch 32, 10 epochs, seed 42, no clipping, stop on a non-finite step, health checks
 * every 50 steps) and of the command-line tool for the network (one hidden layer of 128 ReLU units).
 *
 * <p>Every param validates what it is given and rejects a bad value with a message that names
 * the stage, the param, what is expected and what was found. Combinations (activation and loss,
 * one activation per hidden layer) are checked when {@code fit} starts, before any job runs.
 *
 * @param <M> the fitted model
 * @param <E> the concrete estimator (what the setters return)
 */
public abstract class VecmlpEstimator<M extends VecmlpModel<M>, E extends VecmlpEstimator<M, E>> extends Estimator<M>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    static final Set<String> HIDDEN_ACTIVATIONS = Set.of("relu", "tanh", "sigmoid", "linear");
    static final Set<String> OUTPUT_ACTIVATIONS = Set.of("softmax", "sigmoid", "linear", "relu", "tanh");
    static final Set<String> LOSSES = Set.of("cross_entropy", "binary_cross_entropy", "mse");
    static final Set<String> OPTIMIZERS = Set.of("sgd", "momentum", "nesterov", "adam", "adamw");
    static final Set<String> SCHEDULES = Set.of("constant", "step", "exponential", "cosine", "plateau");
    static final Set<String> NON_FINITE = Set.of("stop", "skip");
    static final Set<String> MODES = Set.of("sync", "averaging");

    private final String uid;

    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final IntArrayParam hiddenLayers;
    private final StringArrayParam hiddenActivations;
    private final Param<String> outputActivation;
    private final Param<String> loss;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final DoubleParam momentum;
    private final DoubleParam beta1;
    private final DoubleParam beta2;
    private final DoubleParam epsilon;
    private final DoubleParam weightDecay;
    private final Param<String> schedule;
    private final DoubleParam decayGamma;
    private final IntParam decayEveryEpochs;
    private final IntParam warmupEpochs;
    private final DoubleParam minLearningRateFactor;
    private final IntParam plateauPatience;
    private final IntParam batchSize;
    private final IntParam epochs;
    private final LongParam seed;
    private final BooleanParam shuffle;
    private final DoubleParam clipNorm;
    private final DoubleParam clipValue;
    private final Param<String> nonFinite;
    private final IntParam maxConsecutiveSkips;
    private final IntParam healthEverySteps;
    private final DoubleParam explodingNorm;
    private final DoubleParam validationFraction;
    private final Param<String> mode;
    private final IntParam localSteps;
    private final IntParam aggregationDepth;
    private final IntParam numPartitions;
    private final IntParam kernelThreads;
    private final Param<String> weightCol;
    private final DoubleArrayParam dropout;

    protected VecmlpEstimator(String uid, String defaultOutputActivation, String defaultLoss) {
        this.uid = uid;
        String o = getClass().getSimpleName();
        featuresCol = new Param<>(this, "featuresCol", "features column, an ML Vector of the input width", ParamCheck.columnName(o, "featuresCol"));
        labelCol = new Param<>(this, "labelCol", "label column (numeric)", ParamCheck.columnName(o, "labelCol"));
        predictionCol = new Param<>(this, "predictionCol", "prediction column", ParamCheck.columnName(o, "predictionCol"));
        hiddenLayers = new IntArrayParam(this, "hiddenLayers", "widths of the hidden layers, input side first (empty: none)",
                new ParamCheck<>(o, "hiddenLayers", "widths >= 1", v -> {
                    for (int w : (int[]) v) {
                        if (w < 1) {
                            return false;
                        }
                    }
                    return true;
                }));
        hiddenActivations = new StringArrayParam(this, "hiddenActivations",
                "activation of the hidden layers, one for all or one per layer: " + HIDDEN_ACTIVATIONS,
                new ParamCheck<>(o, "hiddenActivations", "one or more of " + HIDDEN_ACTIVATIONS, v -> {
                    String[] a = (String[]) v;
                    for (String s : a) {
                        if (!HIDDEN_ACTIVATIONS.contains(s.toLowerCase(Locale.ROOT))) {
                            return false;
                        }
                    }
                    return a.length > 0;
                }));
        outputActivation = new Param<>(this, "outputActivation", "activation of the output layer: " + OUTPUT_ACTIVATIONS,
                ParamCheck.oneOf(o, "outputActivation", OUTPUT_ACTIVATIONS));
        loss = new Param<>(this, "loss", "loss: " + LOSSES + " (cross_entropy needs softmax, binary_cross_entropy sigmoid)",
                ParamCheck.oneOf(o, "loss", LOSSES));
        optimizer = new Param<>(this, "optimizer", "optimiser: " + OPTIMIZERS, ParamCheck.oneOf(o, "optimizer", OPTIMIZERS));
        learningRate = new DoubleParam(this, "learningRate", "base learning rate", ParamCheck.positive(o, "learningRate"));
        momentum = new DoubleParam(this, "momentum", "momentum of the momentum and nesterov optimisers, in [0, 1)",
                ParamCheck.fraction(o, "momentum", "[0, 1)", true, false));
        beta1 = new DoubleParam(this, "beta1", "Adam's first-moment decay, in [0, 1)", ParamCheck.fraction(o, "beta1", "[0, 1)", true, false));
        beta2 = new DoubleParam(this, "beta2", "Adam's second-moment decay, in [0, 1)", ParamCheck.fraction(o, "beta2", "[0, 1)", true, false));
        epsilon = new DoubleParam(this, "epsilon", "Adam's epsilon", ParamCheck.positive(o, "epsilon"));
        weightDecay = new DoubleParam(this, "weightDecay", "L2 weight decay (decoupled for adamw)",
                ParamCheck.doubleAtLeast(o, "weightDecay", 0, ""));
        schedule = new Param<>(this, "schedule", "learning-rate schedule: " + SCHEDULES, ParamCheck.oneOf(o, "schedule", SCHEDULES));
        decayGamma = new DoubleParam(this, "decayGamma", "factor of the step, exponential and plateau schedules, in (0, 1]",
                ParamCheck.fraction(o, "decayGamma", "(0, 1]", false, true));
        decayEveryEpochs = new IntParam(this, "decayEveryEpochs", "epochs between decays of the step schedule",
                ParamCheck.intAtLeast(o, "decayEveryEpochs", 1));
        warmupEpochs = new IntParam(this, "warmupEpochs", "linear warm-up epochs of the cosine schedule",
                ParamCheck.intAtLeast(o, "warmupEpochs", 0));
        minLearningRateFactor = new DoubleParam(this, "minLearningRateFactor",
                "floor of the cosine and plateau schedules, as a fraction of the base rate, in [0, 1]",
                ParamCheck.fraction(o, "minLearningRateFactor", "[0, 1]", true, true));
        plateauPatience = new IntParam(this, "plateauPatience", "epochs without improvement before the plateau schedule decays",
                ParamCheck.intAtLeast(o, "plateauPatience", 0));
        batchSize = new IntParam(this, "batchSize", "rows per step (the global mini-batch in sync mode, the local one when averaging)",
                ParamCheck.intAtLeast(o, "batchSize", 1));
        epochs = new IntParam(this, "epochs", "passes over the training data", ParamCheck.intAtLeast(o, "epochs", 1));
        seed = new LongParam(this, "seed", "seed of the initial weights, the shuffling and the validation split",
                new ParamCheck<>(o, "seed", "a long", v -> true));
        shuffle = new BooleanParam(this, "shuffle", "whether each epoch visits the rows in a fresh seeded order");
        clipNorm = new DoubleParam(this, "clipNorm", "clip the gradient to this global L2 norm (0 = off)",
                ParamCheck.doubleAtLeast(o, "clipNorm", 0, " (0 = off)"));
        clipValue = new DoubleParam(this, "clipValue", "clamp each gradient element to [-v, v] (0 = off)",
                ParamCheck.doubleAtLeast(o, "clipValue", 0, " (0 = off)"));
        nonFinite = new Param<>(this, "nonFinite", "what a step with a non-finite loss or gradient does: " + NON_FINITE,
                ParamCheck.oneOf(o, "nonFinite", NON_FINITE));
        maxConsecutiveSkips = new IntParam(this, "maxConsecutiveSkips", "skipped steps in a row that stop training (nonFinite=skip)",
                ParamCheck.intAtLeast(o, "maxConsecutiveSkips", 1));
        healthEverySteps = new IntParam(this, "healthEverySteps", "gradient-health check period in steps (0 = off)",
                ParamCheck.intAtLeast(o, "healthEverySteps", 0));
        explodingNorm = new DoubleParam(this, "explodingNorm", "gradient norm above which the health check reports exploding gradients",
                ParamCheck.positive(o, "explodingNorm"));
        validationFraction = new DoubleParam(this, "validationFraction", "share of the rows held out for validation, in [0, 1)",
                ParamCheck.fraction(o, "validationFraction", "[0, 1)", true, false));
        mode = new Param<>(this, "mode", "distributed training mode: " + MODES, ParamCheck.oneOf(o, "mode", MODES));
        localSteps = new IntParam(this, "localSteps", "averaging mode: local steps per round (0 = one local epoch)",
                ParamCheck.intAtLeast(o, "localSteps", 0));
        aggregationDepth = new IntParam(this, "aggregationDepth", "depth of treeAggregate", ParamCheck.intAtLeast(o, "aggregationDepth", 1));
        numPartitions = new IntParam(this, "numPartitions", "partitions to train on (0 = those of the input)",
                ParamCheck.intAtLeast(o, "numPartitions", 0));
        kernelThreads = new IntParam(this, "kernelThreads", "vecmlp kernel threads per Spark task (Spark runs one task per core)",
                ParamCheck.intAtLeast(o, "kernelThreads", 1));

        weightCol = new Param<>(this, "weightCol", "sample-weight column (numeric, each weight finite and > 0; empty: no weights)",
                new ParamCheck<>(o, "weightCol", "a column name or '' (no weights)", v -> true));
        dropout = new DoubleArrayParam(this, "dropout",
                "dropout rate after the hidden layers, one for all or one per layer, each in [0, 1) (0: none)",
                new ParamCheck<>(o, "dropout", "one or more rates in [0, 1)", v -> {
                    double[] a = (double[]) v;
                    for (double d : a) {
                        if (!(d >= 0 && d < 1)) {
                            return false;
                        }
                    }
                    return a.length > 0;
                }));

        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(hiddenLayers, new int[]{128});
        setDefault(hiddenActivations, new String[]{"relu"});
        setDefault(outputActivation, defaultOutputActivation);
        setDefault(loss, defaultLoss);
        setDefault(optimizer, "sgd");
        setDefault(learningRate, 0.01);
        setDefault(momentum, 0.9);
        setDefault(beta1, 0.9);
        setDefault(beta2, 0.999);
        setDefault(epsilon, 1e-8);
        setDefault(weightDecay, 0.0);
        setDefault(schedule, "constant");
        setDefault(decayGamma, 0.1);
        setDefault(decayEveryEpochs, 10);
        setDefault(warmupEpochs, 0);
        setDefault(minLearningRateFactor, 0.0);
        setDefault(plateauPatience, 5);
        setDefault(batchSize, 32);
        setDefault(epochs, 10);
        setDefault(seed, 42L);
        setDefault(shuffle, true);
        setDefault(clipNorm, 0.0);
        setDefault(clipValue, 0.0);
        setDefault(nonFinite, "stop");
        setDefault(maxConsecutiveSkips, 50);
        setDefault(healthEverySteps, 50);
        setDefault(explodingNorm, 1e3);
        setDefault(validationFraction, 0.0);
        setDefault(mode, "sync");
        setDefault(localSteps, 0);
        setDefault(aggregationDepth, 2);
        setDefault(numPartitions, 0);
        setDefault(kernelThreads, 1);
        setDefault(weightCol, "");
        setDefault(dropout, new double[]{0.0});
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    /** Sets {@code param} (validated by Spark, which calls the param's check) and returns this estimator. */
    protected final <T> E put(Param<T> param, T value) {
        set(param, value);
        return self();
    }

    // ------------------------------------------------------------ params (Spark finds them by these accessors)

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public IntArrayParam hiddenLayers() { return hiddenLayers; }
    public StringArrayParam hiddenActivations() { return hiddenActivations; }
    public Param<String> outputActivation() { return outputActivation; }
    public Param<String> loss() { return loss; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public DoubleParam momentum() { return momentum; }
    public DoubleParam beta1() { return beta1; }
    public DoubleParam beta2() { return beta2; }
    public DoubleParam epsilon() { return epsilon; }
    public DoubleParam weightDecay() { return weightDecay; }
    public Param<String> schedule() { return schedule; }
    public DoubleParam decayGamma() { return decayGamma; }
    public IntParam decayEveryEpochs() { return decayEveryEpochs; }
    public IntParam warmupEpochs() { return warmupEpochs; }
    public DoubleParam minLearningRateFactor() { return minLearningRateFactor; }
    public IntParam plateauPatience() { return plateauPatience; }
    public IntParam batchSize() { return batchSize; }
    public IntParam epochs() { return epochs; }
    public LongParam seed() { return seed; }
    public BooleanParam shuffle() { return shuffle; }
    public DoubleParam clipNorm() { return clipNorm; }
    public DoubleParam clipValue() { return clipValue; }
    public Param<String> nonFinite() { return nonFinite; }
    public IntParam maxConsecutiveSkips() { return maxConsecutiveSkips; }
    public IntParam healthEverySteps() { return healthEverySteps; }
    public DoubleParam explodingNorm() { return explodingNorm; }
    public DoubleParam validationFraction() { return validationFraction; }
    public Param<String> mode() { return mode; }
    public IntParam localSteps() { return localSteps; }
    public IntParam aggregationDepth() { return aggregationDepth; }
    public IntParam numPartitions() { return numPartitions; }
    public IntParam kernelThreads() { return kernelThreads; }

    // ------------------------------------------------------------ getters

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getLabelCol() { return getOrDefault(labelCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }
    public int[] getHiddenLayers() { return getOrDefault(hiddenLayers).clone(); }
    public String[] getHiddenActivations() { return getOrDefault(hiddenActivations).clone(); }
    public String getOutputActivation() { return getOrDefault(outputActivation); }
    public String getLoss() { return getOrDefault(loss); }
    public String getOptimizer() { return getOrDefault(optimizer); }
    public double getLearningRate() { return (Double) getOrDefault(learningRate); }
    public double getMomentum() { return (Double) getOrDefault(momentum); }
    public double getBeta1() { return (Double) getOrDefault(beta1); }
    public double getBeta2() { return (Double) getOrDefault(beta2); }
    public double getEpsilon() { return (Double) getOrDefault(epsilon); }
    public double getWeightDecay() { return (Double) getOrDefault(weightDecay); }
    public String getSchedule() { return getOrDefault(schedule); }
    public double getDecayGamma() { return (Double) getOrDefault(decayGamma); }
    public int getDecayEveryEpochs() { return (Integer) getOrDefault(decayEveryEpochs); }
    public int getWarmupEpochs() { return (Integer) getOrDefault(warmupEpochs); }
    public double getMinLearningRateFactor() { return (Double) getOrDefault(minLearningRateFactor); }
    public int getPlateauPatience() { return (Integer) getOrDefault(plateauPatience); }
    public int getBatchSize() { return (Integer) getOrDefault(batchSize); }
    public int getEpochs() { return (Integer) getOrDefault(epochs); }
    public long getSeed() { return (Long) getOrDefault(seed); }
    public boolean getShuffle() { return (Boolean) getOrDefault(shuffle); }
    public double getClipNorm() { return (Double) getOrDefault(clipNorm); }
    public double getClipValue() { return (Double) getOrDefault(clipValue); }
    public String getNonFinite() { return getOrDefault(nonFinite); }
    public int getMaxConsecutiveSkips() { return (Integer) getOrDefault(maxConsecutiveSkips); }
    public int getHealthEverySteps() { return (Integer) getOrDefault(healthEverySteps); }
    public double getExplodingNorm() { return (Double) getOrDefault(explodingNorm); }
    public double getValidationFraction() { return (Double) getOrDefault(validationFraction); }
    public String getMode() { return getOrDefault(mode); }
    public int getLocalSteps() { return (Integer) getOrDefault(localSteps); }
    public int getAggregationDepth() { return (Integer) getOrDefault(aggregationDepth); }
    public int getNumPartitions() { return (Integer) getOrDefault(numPartitions); }
    public int getKernelThreads() { return (Integer) getOrDefault(kernelThreads); }

    // ------------------------------------------------------------ setters

    public E setFeaturesCol(String value) { return put(featuresCol, value); }
    public E setLabelCol(String value) { return put(labelCol, value); }
    public E setPredictionCol(String value) { return put(predictionCol, value); }
    public E setHiddenLayers(int... value) { return put(hiddenLayers, value.clone()); }
    public E setHiddenActivations(String... value) { return put(hiddenActivations, value.clone()); }
    /** One activation for every hidden layer. */
    public E setHiddenActivation(String value) { return put(hiddenActivations, new String[]{value}); }
    public E setOutputActivation(String value) { return put(outputActivation, value); }
    public E setLoss(String value) { return put(loss, value); }
    public E setOptimizer(String value) { return put(optimizer, value); }
    public E setLearningRate(double value) { return put(learningRate, value); }
    public E setMomentum(double value) { return put(momentum, value); }
    public E setBeta1(double value) { return put(beta1, value); }
    public E setBeta2(double value) { return put(beta2, value); }
    public E setEpsilon(double value) { return put(epsilon, value); }
    public E setWeightDecay(double value) { return put(weightDecay, value); }
    public E setSchedule(String value) { return put(schedule, value); }
    public E setDecayGamma(double value) { return put(decayGamma, value); }
    public E setDecayEveryEpochs(int value) { return put(decayEveryEpochs, value); }
    public E setWarmupEpochs(int value) { return put(warmupEpochs, value); }
    public E setMinLearningRateFactor(double value) { return put(minLearningRateFactor, value); }
    public E setPlateauPatience(int value) { return put(plateauPatience, value); }
    public E setBatchSize(int value) { return put(batchSize, value); }
    public E setEpochs(int value) { return put(epochs, value); }
    public E setSeed(long value) { return put(seed, value); }
    public E setShuffle(boolean value) { return put(shuffle, value); }
    public E setClipNorm(double value) { return put(clipNorm, value); }
    public E setClipValue(double value) { return put(clipValue, value); }
    public E setNonFinite(String value) { return put(nonFinite, value); }
    public E setMaxConsecutiveSkips(int value) { return put(maxConsecutiveSkips, value); }
    public E setHealthEverySteps(int value) { return put(healthEverySteps, value); }
    public E setExplodingNorm(double value) { return put(explodingNorm, value); }
    public E setValidationFraction(double value) { return put(validationFraction, value); }
    public E setMode(String value) { return put(mode, value); }
    public E setLocalSteps(int value) { return put(localSteps, value); }
    public E setAggregationDepth(int value) { return put(aggregationDepth, value); }
    public E setNumPartitions(int value) { return put(numPartitions, value); }
    public E setKernelThreads(int value) { return put(kernelThreads, value); }
    /** The column of per-row sample weights ({@code ""}: none); the losses become weighted means, as in the {@code Trainer}. */
    public E setWeightCol(String value) { return put(weightCol, value); }
    /** Dropout rates after the hidden layers: one for every layer or one per layer. */
    public E setDropout(double... value) { return put(dropout, value.clone()); }

    public Param<String> weightCol() { return weightCol; }
    public DoubleArrayParam dropout() { return dropout; }
    public String getWeightCol() { return getOrDefault(weightCol); }
    public double[] getDropout() { return getOrDefault(dropout).clone(); }

    // ------------------------------------------------------------ fitting

    /**
     * The params as one checked {@link TrainingConfig}; throws {@link IllegalArgumentException}
     * naming the params when they do not go together.
     */
    TrainingConfig config() {
        String o = getClass().getSimpleName();
        int[] widths = getHiddenLayers();
        String[] acts = getHiddenActivations();
        if (acts.length != 1 && acts.length != widths.length) {
            throw new IllegalArgumentException(o + " params hiddenActivations and hiddenLayers: expected one activation"
                    + " or one per hidden layer (" + widths.length + "), found " + acts.length + " "
                    + ParamCheck.show(acts));
        }
        Activation[] hidden = new Activation[widths.length];
        for (int l = 0; l < widths.length; l++) {
            hidden[l] = TrainingConfig.activation(acts.length == 1 ? acts[0] : acts[l]);
        }
        double[] rates = getDropout();
        if (rates.length != 1 && rates.length != widths.length) {
            throw new IllegalArgumentException(o + " params dropout and hiddenLayers: expected one rate or one per hidden"
                    + " layer (" + widths.length + "), found " + rates.length + " " + ParamCheck.show(rates));
        }
        double[] dropoutRates = new double[widths.length];
        for (int l = 0; l < widths.length; l++) {
            dropoutRates[l] = rates.length == 1 ? rates[0] : rates[l];
        }
        Activation out = TrainingConfig.activation(getOutputActivation());
        Loss lossFn = TrainingConfig.loss(getLoss());
        Activation required = lossFn.requiredOutputActivation();
        if ((required != null && required != out) || (out == Activation.SOFTMAX && lossFn != Loss.CROSS_ENTROPY)) {
            throw new IllegalArgumentException(o + " params loss and outputActivation: expected "
                    + (required != null ? "outputActivation '" + required.name().toLowerCase(Locale.ROOT) + "' for loss '"
                    + getLoss() + "'" : "loss 'cross_entropy' for a softmax output")
                    + ", found outputActivation '" + getOutputActivation() + "' with loss '" + getLoss() + "'");
        }
        checkTask(out, lossFn);
        return new TrainingConfig(widths, hidden, out, lossFn, getOptimizer().toLowerCase(Locale.ROOT), getLearningRate(),
                getMomentum(), getBeta1(), getBeta2(), getEpsilon(), getWeightDecay(), getSchedule().toLowerCase(Locale.ROOT),
                getDecayGamma(), getDecayEveryEpochs(), getWarmupEpochs(), getMinLearningRateFactor(), getPlateauPatience(),
                getBatchSize(), getEpochs(), getSeed(), getShuffle(), getClipNorm(), getClipValue(),
                NonFinitePolicy.valueOf(getNonFinite().toUpperCase(Locale.ROOT)), getMaxConsecutiveSkips(),
                getHealthEverySteps(), getExplodingNorm(), getValidationFraction(),
                TrainingMode.valueOf(getMode().toUpperCase(Locale.ROOT)), getLocalSteps(), getAggregationDepth(),
                getKernelThreads(), dropoutRates);
    }

    /** Task-specific checks of the output activation and loss (classification or regression). */
    abstract void checkTask(Activation output, Loss loss);

    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        TrainingConfig config = config();
        return train(dataset, config);
    }

    abstract M train(Dataset<?> dataset, TrainingConfig config);

    /** A trained network and the history of its training. */
    record Trained(Mlp mlp, TrainingSummary summary) {
    }

    /**
     * Converts and checks the data (rejecting unusable rows before any training job), builds the
     * network and trains it in the configured mode.
     */
    final Trained trainNetwork(Dataset<?> dataset, TrainingConfig config, DataBlocks.LabelRule labels) {
        int width = featureWidth(dataset);
        DataBlocks.Prepared data = DataBlocks.prepare(dataset, getFeaturesCol(), getLabelCol(), getWeightCol(), width, labels,
                config.validationFraction(), config.seed(), getNumPartitions());
        try {
            Mlp mlp = config.newModel(width, labels.width(), Backends.defaultKernels());
            TrainingSummary summary = new DistributedTrainer(dataset.sparkSession().sparkContext(), data, mlp, config).run();
            return new Trained(mlp, summary);
        } finally {
            data.release();
        }
    }

    /** The width of the feature vectors: from the column's ML metadata, else from the first row. */
    final int featureWidth(Dataset<?> dataset) {
        String col = getFeaturesCol();
        int known = AttributeGroup.fromStructField(dataset.schema().apply(col)).size();
        if (known >= 0) {
            return known;
        }
        List<Row> first = dataset.select(col).where(functions.col(col).isNotNull()).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": features column '" + col
                    + "': expected at least one row with a vector, found " + (dataset.isEmpty() ? "an empty dataset" : "only nulls"));
        }
        int width = ((Vector) first.get(0).get(0)).size();
        if (width < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": features column '" + col
                    + "': expected vectors of at least 1 value, found " + width);
        }
        return width;
    }

    /** Checks the input columns (features: ML vectors; label: numeric) before anything runs. */
    final void checkInputColumns(StructType schema) {
        String owner = getClass().getSimpleName();
        VecmlpModel.checkFeatures(schema, getFeaturesCol(), 0, owner);
        String label = getLabelCol();
        if (!Arrays.asList(schema.fieldNames()).contains(label)) {
            throw new IllegalArgumentException(owner + ": label column '" + label + "' not found; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        DataType type = schema.apply(label).dataType();
        if (!(type instanceof NumericType)) {
            throw new IllegalArgumentException(owner + ": label column '" + label + "': expected a numeric type, found "
                    + type.simpleString());
        }
        String weights = getWeightCol();
        if (!weights.isEmpty()) {
            if (!Arrays.asList(schema.fieldNames()).contains(weights)) {
                throw new IllegalArgumentException(owner + ": weight column '" + weights + "' not found; the columns are "
                        + Arrays.toString(schema.fieldNames()));
            }
            DataType weightType = schema.apply(weights).dataType();
            if (!(weightType instanceof NumericType)) {
                throw new IllegalArgumentException(owner + ": weight column '" + weights + "': expected a numeric type, found "
                        + weightType.simpleString());
            }
        }
    }

    /** {@code schema} with {@code fields} appended; throws when one of them already exists. */
    static StructType append(StructType schema, StructField[] fields, String owner) {
        StructType out = schema;
        for (StructField f : fields) {
            if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException(owner + ": output column '" + f.name()
                        + "' already exists; expected a new column name");
            }
            out = out.add(f);
        }
        return out;
    }

    @Override
    public abstract StructType transformSchema(StructType schema);

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsIo.ParamsWriter(this);
    }
}
