package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted {@link VecmlpClassifier}: appends {@code rawPredictionCol} (the output layer's logits),
 * {@code probabilityCol} (the output activation's values: softmax probabilities) and
 * {@code predictionCol} (the arg-max class as a double), as Spark's classifiers do; a column whose
 * name is set to the empty string is not written. {@code new VecmlpClassificationModel(mlp)} wraps
 * a network trained elsewhere (for example loaded with {@code ModelFiles.load}).
 */
public final class VecmlpClassificationModel extends VecmlpModel<VecmlpClassificationModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> probabilityCol = new Param<>(this, "probabilityCol",
            "probability column (empty: not written)", new ParamCheck<>("VecmlpClassificationModel", "probabilityCol",
            "a column name, or empty for none", v -> true));
    private final Param<String> rawPredictionCol = new Param<>(this, "rawPredictionCol",
            "raw prediction (logits) column (empty: not written)", new ParamCheck<>("VecmlpClassificationModel",
            "rawPredictionCol", "a column name, or empty for none", v -> true));

    /** Wraps {@code mlp} (its output width is the number of classes). */
    public VecmlpClassificationModel(Mlp mlp) {
        this(Identifiable$.MODULE$.randomUID("vecmlpClassificationModel"), mlp);
    }

    public VecmlpClassificationModel(String uid, Mlp mlp) {
        super(uid, mlp);
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
    }

    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> rawPredictionCol() { return rawPredictionCol; }
    public String getProbabilityCol() { return getOrDefault(probabilityCol); }
    public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }
    public VecmlpClassificationModel setProbabilityCol(String value) { return put(probabilityCol, value); }
    public VecmlpClassificationModel setRawPredictionCol(String value) { return put(rawPredictionCol, value); }

    public int numClasses() {
        return network().outputWidth();
    }

    @Override
    StructField[] outputFields() {
        return fields(getRawPredictionCol(), getProbabilityCol(), getPredictionCol());
    }

    /** The appended columns for these names (empty names left out), in Spark's order. */
    static StructField[] fields(String rawCol, String probabilityCol, String predictionCol) {
        List<StructField> fields = new ArrayList<>();
        if (!rawCol.isEmpty()) {
            fields.add(DataTypes.createStructField(rawCol, new VectorUDT(), true));
        }
        if (!probabilityCol.isEmpty()) {
            fields.add(DataTypes.createStructField(probabilityCol, new VectorUDT(), true));
        }
        if (!predictionCol.isEmpty()) {
            fields.add(DataTypes.createStructField(predictionCol, DataTypes.DoubleType, true));
        }
        return fields.toArray(new StructField[0]);
    }

    @Override
    Scoring.Output output() {
        Activation a = network().layer(network().layerCount() - 1).activation();
        return new Outputs.Classification(a, !getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
                !getPredictionCol().isEmpty());
    }

    @Override
    VecmlpClassificationModel create(String uid, Mlp network) {
        return new VecmlpClassificationModel(uid, network);
    }

    public static MLReader<VecmlpClassificationModel> read() {
        return new ParamsIo.ModelReader<>(VecmlpClassificationModel.class, VecmlpClassificationModel::new);
    }

    public static VecmlpClassificationModel load(String path) {
        return read().load(path);
    }
}
