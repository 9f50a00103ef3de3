package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a vecmlp network with one output as a regressor: {@code featuresCol} holds an ML
 * {@code Vector}, {@code labelCol} a finite number. By default a linear output with MSE; a sigmoid
 * output with binary cross-entropy fits targets in {@code [0, 1]}.
 */
public final class VecmlpRegressor extends VecmlpEstimator<VecmlpRegressionModel, VecmlpRegressor> {
    private static final long serialVersionUID = 1L;

    public VecmlpRegressor() {
        this(Identifiable$.MODULE$.randomUID("vecmlpRegressor"));
    }

    public VecmlpRegressor(String uid) {
        super(uid, "linear", "mse");
    }

    @Override
    void checkTask(Activation output, Loss loss) {
        if (output == Activation.SOFTMAX) {
            throw new IllegalArgumentException("VecmlpRegressor param outputActivation: expected one of "
                    + "[linear, sigmoid, relu, tanh] (a softmax over one output is constant), found 'softmax'");
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkInputColumns(schema);
        return append(schema, getPredictionCol().isEmpty() ? new StructField[0]
                : new StructField[]{DataTypes.createStructField(getPredictionCol(), DataTypes.DoubleType, true)},
                getClass().getSimpleName());
    }

    @Override
    VecmlpRegressionModel train(Dataset<?> dataset, TrainingConfig config) {
        Trained trained = trainNetwork(dataset, config, new DataBlocks.RealLabels());
        VecmlpRegressionModel model = new VecmlpRegressionModel(uid(), trained.mlp());
        copyValues(model, extractParamMap());
        return model.withSummary(trained.summary()).setParent(this);
    }

    public static MLReader<VecmlpRegressor> read() {
        return new ParamsIo.ParamsReader<>(VecmlpRegressor.class, VecmlpRegressor::new);
    }

    public static VecmlpRegressor load(String path) {
        return read().load(path);
    }
}
