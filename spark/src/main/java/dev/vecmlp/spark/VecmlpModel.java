package dev.vecmlp.spark;

import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A fitted vecmlp network as a Spark ML transformer. {@code transform} broadcasts the network once
 * (the vecmlp model file's bytes) and scores each partition with a vecmlp {@code Predictor} over
 * chunks of {@code chunkRows} rows ({@code mapPartitions}, no per-row UDF); rows whose features are
 * null get null outputs. The network itself is {@link #mlp()}; it saves with {@link #write()} as
 * Spark params plus a vecmlp model file, and any {@link Mlp} can be wrapped as a model.
 *
 * @param <M> the concrete model
 */
public abstract class VecmlpModel<M extends VecmlpModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final transient Mlp mlp;
    private transient Broadcast<byte[]> broadcast;
    private transient TrainingSummary summary;

    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final IntParam chunkRows;
    private final IntParam kernelThreads;

    protected VecmlpModel(String uid, Mlp mlp) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.mlp = Objects.requireNonNull(mlp, "mlp");
        String o = getClass().getSimpleName();
        featuresCol = new Param<>(this, "featuresCol", "features column, an ML Vector of the input width", ParamCheck.columnName(o, "featuresCol"));
        predictionCol = new Param<>(this, "predictionCol", "prediction column (empty: not written)",
                new ParamCheck<>(o, "predictionCol", "a column name, or empty for none", v -> true));
        chunkRows = new IntParam(this, "chunkRows", "rows scored per predictBatch call", ParamCheck.intAtLeast(o, "chunkRows", 1));
        kernelThreads = new IntParam(this, "kernelThreads", "vecmlp kernel threads per Spark task", ParamCheck.intAtLeast(o, "kernelThreads", 1));
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(chunkRows, 1024);
        setDefault(kernelThreads, 1);
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    final M self() {
        return (M) this;
    }

    final <T> M put(Param<T> param, T value) {
        set(param, value);
        return self();
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public IntParam chunkRows() { return chunkRows; }
    public IntParam kernelThreads() { return kernelThreads; }

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }
    public int getChunkRows() { return (Integer) getOrDefault(chunkRows); }
    public int getKernelThreads() { return (Integer) getOrDefault(kernelThreads); }

    public M setFeaturesCol(String value) { return put(featuresCol, value); }
    public M setPredictionCol(String value) { return put(predictionCol, value); }
    public M setChunkRows(int value) { return put(chunkRows, value); }
    public M setKernelThreads(int value) { return put(kernelThreads, value); }

    /** A copy of the network (the model's own stays unchanged). */
    public Mlp mlp() {
        return mlp.copy();
    }

    Mlp network() {
        return mlp;
    }

    public int numFeatures() {
        return mlp.inputWidth();
    }

    /** Whether the model came out of {@code fit} in this session (a loaded or wrapped model has no summary). */
    public boolean hasSummary() {
        return summary != null;
    }

    /** The training history of the {@code fit} that made this model. */
    public TrainingSummary summary() {
        if (summary == null) {
            throw new NoSuchElementException(getClass().getSimpleName() + " " + uid
                    + ": no training summary (the model was loaded or wrapped, not fitted in this session)");
        }
        return summary;
    }

    @SuppressWarnings("unchecked")
    M withSummary(TrainingSummary summary) {
        this.summary = summary;
        return (M) this;
    }

    /** The appended columns, in order, with their types. */
    abstract StructField[] outputFields();

    /** How scoring turns the network's raw outputs into the appended values. */
    abstract Scoring.Output output();

    @Override
    public StructType transformSchema(StructType schema) {
        checkFeatures(schema, getFeaturesCol(), mlp.inputWidth(), getClass().getSimpleName());
        return VecmlpEstimator.append(schema, outputFields(), getClass().getSimpleName());
    }

    /** Checks that {@code col} exists and holds ML vectors (of {@code width} values when the metadata says). */
    static void checkFeatures(StructType schema, String col, int width, String owner) {
        if (!Arrays.asList(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException(owner + ": features column '" + col + "' not found; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        DataType type = schema.apply(col).dataType();
        if (!(type instanceof VectorUDT)) {
            throw new IllegalArgumentException(owner + ": features column '" + col
                    + "': expected an ML Vector (org.apache.spark.ml.linalg.Vector; use VectorAssembler), found "
                    + type.simpleString());
        }
        int known = AttributeGroup.fromStructField(schema.apply(col)).size();
        if (width > 0 && known >= 0 && known != width) {
            throw new IllegalArgumentException(owner + ": features column '" + col + "': expected vectors of " + width
                    + " values, found " + known + " in the column's metadata");
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        int featureIndex = dataset.schema().fieldIndex(getFeaturesCol());
        Scoring scoring = new Scoring(modelBroadcast(dataset.sparkSession().sparkContext()), featureIndex,
                mlp.inputWidth(), mlp.outputWidth(), getChunkRows(), getKernelThreads(), output(), getFeaturesCol());
        return dataset.toDF().mapPartitions(scoring, Encoders.row(outSchema));
    }

    private synchronized Broadcast<byte[]> modelBroadcast(org.apache.spark.SparkContext sc) {
        if (broadcast == null) {
            broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(ModelFiles.toBytes(mlp, Map.of()));
        }
        return broadcast;
    }

    /** A model of the same class with {@code uid} around {@code network}. */
    abstract M create(String uid, Mlp network);

    @Override
    public M copy(ParamMap extra) {
        M copy = create(uid, mlp);
        copyValues(copy, extra);
        copy.withSummary(summary);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ParamsIo.ModelWriter(this, mlp);
    }
}
