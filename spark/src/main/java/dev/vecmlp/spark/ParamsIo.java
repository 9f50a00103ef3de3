package dev.vecmlp.spark;

import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.io.IOException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Spark ML persistence for vecmlp stages. Params go to Spark's own {@code metadata} directory
 * (the format {@code DefaultParamsWriter} writes, so pipelines and cross-validators of vecmlp
 * stages save and load like Spark's); a model adds {@value #MODEL_FILE}, a plain vecmlp model file
 * that {@code ModelFiles.load} reads in any JVM, without Spark.
 */
final class ParamsIo {
    /** Name of the vecmlp model file inside a saved model's directory. */
    static final String MODEL_FILE = "model.vmlp";

    private ParamsIo() {
    }

    /** Writes the params of an estimator (or any stage without data). */
    static class ParamsWriter extends MLWriter {
        private final Params instance;

        ParamsWriter(Params instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
        }
    }

    /** Writes a model's params and its vecmlp model file. */
    static final class ModelWriter extends ParamsWriter {
        private final Mlp model;

        ModelWriter(Params instance, Mlp model) {
            super(instance);
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            super.saveImpl(path);
            byte[] bytes = ModelFiles.toBytes(model, Map.of("written-by", "vecmlp-spark"));
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (FSDataOutputStream out = fs.create(file, true)) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("vecmlp model file " + file + " could not be written: " + e.getMessage(), e);
            }
        }
    }

    /** Reads a stage saved by {@link ParamsWriter}: a new instance with the saved uid and params. */
    static final class ParamsReader<T extends Params> extends MLReader<T> {
        private final Class<T> type;
        private final java.util.function.Function<String, T> create;

        ParamsReader(Class<T> type, java.util.function.Function<String, T> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public T load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
            T instance = create.apply(metadata.uid());
            metadata.getAndSetParams(instance, Option.empty());
            return instance;
        }
    }

    /** Reads a model saved by {@link ModelWriter}. */
    static final class ModelReader<T extends Params> extends MLReader<T> {
        private final Class<T> type;
        private final BiFunction<String, Mlp, T> create;

        ModelReader(Class<T> type, BiFunction<String, Mlp, T> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public T load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
            T instance = create.apply(metadata.uid(), readModel(sparkSession(), path));
            metadata.getAndSetParams(instance, Option.empty());
            return instance;
        }
    }

    static Mlp readModel(SparkSession session, String dir) {
        Path file = new Path(dir, MODEL_FILE);
        try {
            FileSystem fs = file.getFileSystem(session.sparkContext().hadoopConfiguration());
            long length = fs.getFileStatus(file).getLen();
            if (length > Integer.MAX_VALUE - 16) {
                throw new IOException("expected a model file of at most 2 GiB, found " + length + " bytes");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(bytes);
            }
            return ModelFiles.fromBytes(bytes).model();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("vecmlp model file " + file + " could not be read: " + e.getMessage(), e);
        }
    }
}
