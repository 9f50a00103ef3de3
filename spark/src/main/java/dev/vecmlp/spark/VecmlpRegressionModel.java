package dev.vecmlp.spark;

import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A fitted {@link VecmlpRegressor}: appends {@code predictionCol}, the network's one output (after
 * its output activation) as a double. {@code new VecmlpRegressionModel(mlp)} wraps a network with
 * one output trained elsewhere.
 */
public final class VecmlpRegressionModel extends VecmlpModel<VecmlpRegressionModel> {
    private static final long serialVersionUID = 1L;

    public VecmlpRegressionModel(Mlp mlp) {
        this(Identifiable$.MODULE$.randomUID("vecmlpRegressionModel"), mlp);
    }

    public VecmlpRegressionModel(String uid, Mlp mlp) {
        super(uid, mlp);
        if (mlp.outputWidth() != 1) {
            throw new IllegalArgumentException("VecmlpRegressionModel: expected a network with 1 output, found "
                    + mlp.outputWidth());
        }
    }

    @Override
    StructField[] outputFields() {
        return getPredictionCol().isEmpty() ? new StructField[0]
                : new StructField[]{DataTypes.createStructField(getPredictionCol(), DataTypes.DoubleType, true)};
    }

    @Override
    Scoring.Output output() {
        if (getPredictionCol().isEmpty()) {
            return new Outputs.Classification(null, false, false, false);
        }
        return new Outputs.Regression(network().layer(network().layerCount() - 1).activation());
    }

    @Override
    VecmlpRegressionModel create(String uid, Mlp network) {
        return new VecmlpRegressionModel(uid, network);
    }

    public static MLReader<VecmlpRegressionModel> read() {
        return new ParamsIo.ModelReader<>(VecmlpRegressionModel.class, VecmlpRegressionModel::new);
    }

    public static VecmlpRegressionModel load(String path) {
        return read().load(path);
    }
}
