package dev.vecmlp.cli;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --weight-column}, {@code --class-weights}, {@code --optimizer lbfgs} and target scaling. */
class WeightsAndScalingCliTest {
    @TempDir
    Path dir;

    /** Two overlapping blobs, {@code minority} rows of class "rare", a weight column "w" (5 for rare rows). */
    private Path imbalanced(String name, int rows, int minority, long seed) throws IOException {
        return imbalanced(name, rows, minority, seed, true);
    }

    private Path imbalanced(String name, int rows, int minority, long seed, boolean weights) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(weights ? "a,b,w,kind\n" : "a,b,kind\n");
        for (int r = 0; r < rows; r++) {
            boolean rare = r % (rows / minority) == 0;
            sb.append(random.nextGaussian() + (rare ? 1.2 : -0.3)).append(',').append(random.nextGaussian()).append(',');
            if (weights) {
                sb.append(rare ? 5 : 1).append(',');
            }
            sb.append(rare ? "rare" : "common").append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void classWeightsAndAWeightColumnRaiseMinorityRecall() throws IOException {
        Path train = imbalanced("train.csv", 1000, 50, 1, false);
        Path test = imbalanced("test.csv", 1000, 50, 2, false);
        double plain = minorityRecall(train, test, "plain");
        double balanced = minorityRecall(train, test, "balanced", "--class-weights", "balanced");
        double named = minorityRecall(train, test, "named", "--class-weights", "rare=19");
        double column = minorityRecall(imbalanced("wtrain.csv", 1000, 50, 1), imbalanced("wtest.csv", 1000, 50, 2),
                "column", "--weight-column", "w");
        assertTrue(balanced > plain + 0.2, "plain " + plain + ", balanced " + balanced);
        assertTrue(named > plain + 0.2, "plain " + plain + ", rare=19 " + named);
        assertTrue(column > plain + 0.1, "plain " + plain + ", weight column " + column);
    }

    private double minorityRecall(Path train, Path test, String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        String[] base = {"train", "--train", train.toString(), "--test", test.toString(), "--label-column", "kind",
                "--layers", "8:tanh", "--epochs", "8", "--batch", "16", "--lr", "0.1", "--no-charts",
                "--out", out.toString(), "--backend", "reference"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRunner run = CliRunner.run(args);
        assertEquals(0, run.exitCode, run.toString());
        if (extra.length > 0 && extra[0].equals("--class-weights")) {
            assertTrue(run.out.contains("class weights " + (extra[1].equals("balanced") ? "balanced" : "{")), run.out);
        }
        Mlp model = ModelFiles.load(out.resolve("model.vmlp"));
        int features = model.inputWidth();
        assertEquals(2, features, "the weight column is no feature");
        // Minority recall on the test file: rows with kind == rare.
        Predictor p = Predictor.of(model);
        int rare = 0;
        int hit = 0;
        int classRare = 1; // CSV class names are indexed in sorted order: common 0, rare 1
        for (String line : Files.readAllLines(test).subList(1, 1001)) {
            String[] c = line.split(",");
            float[] x = {Float.parseFloat(c[0]), Float.parseFloat(c[1])};
            if (c[c.length - 1].equals("rare")) {
                rare++;
                hit += p.predictClass(x, 0) == classRare ? 1 : 0;
            }
        }
        return (double) hit / rare;
    }

    @Test
    void badWeightOptionsAreUsageErrorsNamingTheOption() throws IOException {
        Path train = imbalanced("t.csv", 100, 10, 3);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind", "--epochs", "1",
                "--no-charts", "--out", dir.resolve("x").toString(), "--class-weights", "nosuch=2");
        assertTrue(run.exitCode != 0 && run.err.contains("--class-weights") && run.err.contains("nosuch"), run.toString());
        run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind", "--epochs", "1",
                "--no-charts", "--out", dir.resolve("x").toString(), "--weight-column", "zz");
        assertTrue(run.exitCode != 0 && run.err.contains("--weight-column") && run.err.contains("zz"), run.toString());
        Path zero = Files.writeString(dir.resolve("z.csv"), "a,w,kind\n1,1,x\n2,0,y\n3,1,x\n");
        run = CliRunner.run("train", "--train", zero.toString(), "--label-column", "kind", "--epochs", "1",
                "--no-charts", "--out", dir.resolve("x").toString(), "--weight-column", "w");
        assertTrue(run.exitCode != 0 && run.err.contains("sample 1") && run.err.contains("data row 2"), run.toString());
    }

    @Test
    void regressionStandardisesTargetsByDefaultAndSaysSo() throws IOException {
        Path data = Path.of(getClass().getResource("diabetes.csv").getPath());
        Path out = dir.resolve("diabetes");
        CliRunner run = CliRunner.run("train", "--train", data.toString(), "--label-column", "target", "--task",
                "regression", "--validation-split", "0.2", "--layers", "32:relu", "--lr", "0.01", "--batch", "32",
                "--epochs", "50", "--no-charts", "--out", out.toString(), "--backend", "reference");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("targets:   standardised (mean"), run.out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("validation MSE in target units: ([0-9.e+]+)")
                .matcher(run.out);
        assertTrue(m.find(), run.out);
        double mse = Double.parseDouble(m.group(1));
        assertTrue(mse < 4500, "validation MSE " + mse + " (target variance about 5,930)\n" + run.out);
        Mlp model = ModelFiles.load(out.resolve("model.vmlp"));
        assertNotNull(model.targetScaling());

        CliRunner raw = CliRunner.run("train", "--train", data.toString(), "--label-column", "target", "--task",
                "regression", "--layers", "32:relu", "--lr", "0.01", "--batch", "32", "--epochs", "5",
                "--target-scaling", "none", "--no-charts", "--out", dir.resolve("raw").toString(), "--backend", "reference");
        assertTrue(raw.exitCode != 0, "raw targets at lr 0.01 diverge: " + raw);
        assertTrue(!raw.out.contains("targets:   standardised"), raw.out);
    }

    @Test
    void lbfgsTrainsFullBatch() throws IOException {
        Path train = imbalanced("l.csv", 200, 20, 4);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind", "--optimizer",
                "lbfgs", "--layers", "8:tanh", "--epochs", "30", "--no-charts", "--out", dir.resolve("l").toString(),
                "--backend", "reference");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("Lbfgs(history 10") && run.out.contains("full batch, at most 30 iterations"), run.out);
        CliRunner bad = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind", "--optimizer",
                "lbfgs", "--schedule", "cosine", "--epochs", "3", "--no-charts", "--out", dir.resolve("m").toString());
        assertEquals(2, bad.exitCode, bad.toString());
    }
}
