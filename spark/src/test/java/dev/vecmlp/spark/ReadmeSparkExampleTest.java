package dev.vecmlp.spark;

import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Spark example, statement for statement, on a small generated LIBSVM file. */
class ReadmeSparkExampleTest {

    @Test
    void readmeExampleRuns(@TempDir Path dir) throws IOException {
        writeLibsvm(dir.resolve("data.libsvm"));
        String dataPath = dir.resolve("data.libsvm").toString();
        String modelPath = dir.resolve("vecmlp-model").toString();
        SparkTestSession.get();

        // ---- README: begin (paths aside)
        SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
        Dataset<Row> data = spark.read().format("libsvm").load(dataPath);   // label 0..k-1, features: ML Vector
        Dataset<Row>[] parts = data.randomSplit(new double[]{0.8, 0.2}, 1);

        VecmlpClassifier classifier = new VecmlpClassifier()
                .setHiddenLayers(256, 128).setHiddenActivation("relu")
                .setOptimizer("nesterov").setLearningRate(0.05).setMomentum(0.9)
                .setBatchSize(64).setEpochs(10);                          // mode "sync" by default
        VecmlpClassificationModel model = classifier.fit(parts[0]);
        System.out.println(model.summary().history());                  // loss, accuracy, verdicts per epoch

        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(parts[1]));                     // adds rawPrediction, probability, prediction
        model.write().overwrite().save(modelPath);                        // Spark params + model.vmlp
        // ---- README: end

        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        assertEquals(10, model.summary().history().size());
        Mlp plain = ModelFiles.load(Path.of(modelPath, "model.vmlp"));
        assertEquals(20, plain.inputWidth());
    }

    /** Three well separated classes in 20 dimensions, as LIBSVM lines ("label index:value ..."). */
    private static void writeLibsvm(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 240; r++) {
            int k = r % 3;
            StringBuilder line = new StringBuilder().append(k);
            for (int j = 1; j <= 20; j++) {
                double centre = (j % 3 == k) ? 1.5 : 0;
                line.append(' ').append(j).append(':').append(centre + 0.5 * SparkTestSession.gaussian(random));
            }
            lines.add(line.toString());
        }
        Files.write(file, lines);
    }
}
