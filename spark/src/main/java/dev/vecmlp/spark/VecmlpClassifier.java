package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Trains a vecmlp network as a multi-class classifier on a DataFrame: {@code featuresCol} holds an
 * ML {@code Vector}, {@code labelCol} the class as a whole number in {@code [0, numClasses)}
 * ({@code numClasses} 0: one more than the largest label). By default a softmax output with
 * cross-entropy; a sigmoid output with binary cross-entropy (one-hot targets) and MSE also work.
 *
 * <pre>{@code
 * VecmlpClassificationModel model = new VecmlpClassifier()
 *         .setHiddenLayers(256, 128).setHiddenActivation("relu")
 *         .setOptimizer("nesterov").setLearningRate(0.05).setMomentum(0.9)
 *         .setBatchSize(64).setEpochs(10)
 *         .fit(train);
 * Dataset<Row> scored = model.transform(test);
 * }</pre>
 */
public final class VecmlpClassifier extends VecmlpEstimator<VecmlpClassificationModel, VecmlpClassifier> {
    private static final long serialVersionUID = 1L;
    /** Largest class count inferred from the labels (set {@code numClasses} for more). */
    static final int MAX_INFERRED_CLASSES = 100_000;

    private final Param<String> probabilityCol = new Param<>(this, "probabilityCol",
            "probability column of the model (empty: not written)", new ParamCheck<>("VecmlpClassifier", "probabilityCol",
            "a column name, or empty for none", v -> true));
    private final Param<String> rawPredictionCol = new Param<>(this, "rawPredictionCol",
            "raw prediction (logits) column of the model (empty: not written)", new ParamCheck<>("VecmlpClassifier",
            "rawPredictionCol", "a column name, or empty for none", v -> true));
    private final IntParam numClasses = new IntParam(this, "numClasses",
            "number of classes (0: one more than the largest label)", ParamCheck.intAtLeast("VecmlpClassifier", "numClasses", 0));

    public VecmlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("vecmlpClassifier"));
    }

    public VecmlpClassifier(String uid) {
        super(uid, "softmax", "cross_entropy");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(numClasses, 0);
    }

    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> rawPredictionCol() { return rawPredictionCol; }
    public IntParam numClasses() { return numClasses; }
    public String getProbabilityCol() { return getOrDefault(probabilityCol); }
    public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }
    public int getNumClasses() { return (Integer) getOrDefault(numClasses); }
    public VecmlpClassifier setProbabilityCol(String value) { return put(probabilityCol, value); }
    public VecmlpClassifier setRawPredictionCol(String value) { return put(rawPredictionCol, value); }
    public VecmlpClassifier setNumClasses(int value) { return put(numClasses, value); }

    @Override
    void checkTask(Activation output, Loss loss) {
        // Every activation and loss that the network accepts works with one-hot targets.
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkInputColumns(schema);
        return append(schema, VecmlpClassificationModel.fields(getRawPredictionCol(), getProbabilityCol(), getPredictionCol()),
                getClass().getSimpleName());
    }

    @Override
    VecmlpClassificationModel train(Dataset<?> dataset, TrainingConfig config) {
        int classes = getNumClasses() > 0 ? getNumClasses() : inferClasses(dataset);
        Trained trained = trainNetwork(dataset, config, new DataBlocks.ClassLabels(classes));
        VecmlpClassificationModel model = new VecmlpClassificationModel(uid(), trained.mlp());
        copyValues(model, extractParamMap());
        return model.withSummary(trained.summary()).setParent(this);
    }

    /** One more than the largest finite label (a small aggregation job); invalid labels are reported later. */
    private int inferClasses(Dataset<?> dataset) {
        String label = getLabelCol();
        List<Row> max = dataset.select(functions.max(functions.when(functions.isnan(functions.col(label)), null)
                .otherwise(functions.col(label)).cast("double"))).collectAsList();
        Object value = max.get(0).get(0);
        if (value == null) {
            throw new IllegalArgumentException("VecmlpClassifier: label column '" + label
                    + "': expected class labels to infer numClasses from, found no non-null, non-NaN label");
        }
        double largest = Math.floor((Double) value);
        if (largest < 0 || largest >= MAX_INFERRED_CLASSES) {
            throw new IllegalArgumentException("VecmlpClassifier: label column '" + label + "': expected labels in [0, "
                    + MAX_INFERRED_CLASSES + ") to infer numClasses (or set numClasses), found largest label " + value);
        }
        return Math.max(2, (int) largest + 1);
    }

    public static MLReader<VecmlpClassifier> read() {
        return new ParamsIo.ParamsReader<>(VecmlpClassifier.class, VecmlpClassifier::new);
    }

    public static VecmlpClassifier load(String path) {
        return read().load(path);
    }
}
