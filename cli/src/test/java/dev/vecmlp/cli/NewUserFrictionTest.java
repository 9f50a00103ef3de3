package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What went wrong when a new user tried the tool on scikit-learn's bundled CSV files, each as a
 * command line and the message and exit code it must give now. The files are generated here in
 * the same layout (a count line "n,features,class names" first); the real ones are used too when
 * python3-sklearn is installed.
 */
class NewUserFrictionTest {
    private static final Path SKLEARN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");

    @TempDir
    Path dir;

    /** Like scikit-learn's iris.csv: "150,4,setosa,versicolor,virginica", then 4 measurements and a class index. */
    private Path irisLike(int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder(rows + ",4,setosa,versicolor,virginica\n");
        for (int r = 0; r < rows; r++) {
            int k = r % 3;
            csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%d%n", 5 + k + 0.3 * random.nextGaussian(),
                    3 + 0.3 * random.nextGaussian(), 1.5 + 2 * k + 0.3 * random.nextGaussian(),
                    0.2 + 0.8 * k + 0.2 * random.nextGaussian(), k));
        }
        return Files.writeString(dir.resolve("iris.csv"), csv);
    }

    private String[] train(Path file, String... options) {
        String[] base = {"train", "--train", file.toString(), "--epochs", "3", "--batch", "8", "--layers", "8:tanh",
                "--no-charts", "--out", dir.resolve("run").toString(), "--backend", "reference"};
        String[] all = new String[base.length + options.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(options, 0, all, base.length, options.length);
        return all;
    }

    @Test
    void aLabelColumnThatIsBothAHeaderNameAndAnIndexIsAUsageError() throws IOException {
        CliRunner run = CliRunner.run(train(irisLike(60), "--label-column", "4"));
        assertEquals(Main.EXIT_USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("label column '4' is ambiguous"), run.err);
        assertTrue(run.err.contains("choose with --label-name for the name or --label-index for the index"), run.err);
        assertFalse(run.err.contains("labelColumn("), "the CLI names options, not the API: " + run.err);
    }

    @Test
    void aCountLineReadAsTheHeaderIsSaidToBeOneAndSkippingItTrainsOnTheRightLabel() throws IOException {
        Path iris = irisLike(60);
        CliRunner asHeader = CliRunner.run(train(iris, "--label-index", "4"));
        assertEquals(0, asHeader.exitCode, asHeader.toString());
        assertTrue(asHeader.err.contains("the header (line 1) has numbers where column names are expected (60, 4)"),
                asHeader.err);
        assertTrue(asHeader.err.contains("give --skip-lines 1 --no-header"), asHeader.err);

        CliRunner skipped = CliRunner.run(train(iris, "--skip-lines", "1", "--no-header", "--label-index", "4"));
        assertEquals(0, skipped.exitCode, skipped.toString());
        assertTrue(skipped.out.contains("iris.csv (CSV, 60 rows x 4 features, label '4', 3 classes)"), skipped.out);
        assertFalse(skipped.err.contains("warning"), skipped.err);
    }

    @Test
    void aFeatureTakenAsTheLabelIsWarnedAbout() throws IOException {
        // "4" names column 1 (sepal width): fractional measurements with many distinct values.
        CliRunner run = CliRunner.run(train(irisLike(120), "--label-name", "4"));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.err.matches("(?s).*label column '4' has \\d+ classes in 120 rows, fractional numbers such as .*"),
                run.err);
        assertTrue(run.err.contains("give --task regression"), run.err);
    }

    @Test
    void aHeaderOfNumbersIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("noheader.csv"), "1.5,2.5,0\n1.0,2.0,1\n0.5,2.5,0\n");
        CliRunner run = CliRunner.run(train(file, "--label-index", "2"));
        assertEquals(Main.EXIT_USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("line 1 was read as the header, but expected column names there, found only "
                + "numbers (1.5, 2.5, 0)"), run.err);
        assertTrue(run.err.contains("give --no-header"), run.err);
        assertEquals(0, CliRunner.run(train(file, "--label-index", "2", "--no-header")).exitCode);
    }

    /** Like scikit-learn's wine_data.csv: a count line of 5 cells before rows of 14. */
    @Test
    void aHeaderShorterThanTheRowsPointsToTheOptions() throws IOException {
        Path file = Files.writeString(dir.resolve("wine.csv"), "3,2,class_0,class_1,class_2\n1,2,0\n3,4,1\n5,6,2\n");
        CliRunner run = CliRunner.run(train(file, "--label-index", "2"));
        assertEquals(Main.EXIT_FAILURE, run.exitCode, run.toString());
        assertTrue(run.err.contains("line 2: expected 5 cells as in the header (line 1), found 3; if line 1 is not a "
                + "header row, give --no-header (and --skip-lines N to skip lines before the data)"), run.err);
    }

    @Test
    void aMissingLabelColumnIsAUsageErrorSaidTheRightWayRound() throws IOException {
        Path file = TinyData.blobs(dir.resolve("blobs.csv"), 20, 1);
        CliRunner run = CliRunner.run(train(file, "--label-name", "species"));
        assertEquals(Main.EXIT_USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("label column 'species': expected a header column of that name, found none among "
                + "the header's columns [f1, f2, f3, kind] (--label-name species)"), run.err);
        CliRunner two = CliRunner.run(train(file, "--label-name", "kind", "--label-index", "3"));
        assertEquals(Main.EXIT_USAGE, two.exitCode, two.toString());
        assertTrue(two.err.contains("expected one of --label-name, --label-index and --label-column, found 2"), two.err);
    }

    @Test
    void theRealScikitLearnFilesTrainWithTheirCountLineSkipped() {
        assumeTrue(Files.isRegularFile(SKLEARN.resolve("iris.csv")), "python3-sklearn is not installed");
        CliRunner iris = CliRunner.run(train(SKLEARN.resolve("iris.csv"), "--skip-lines", "1", "--no-header",
                "--label-index", "4"));
        assertEquals(0, iris.exitCode, iris.toString());
        assertTrue(iris.out.contains("(CSV, 150 rows x 4 features, label '4', 3 classes)"), iris.out);
        CliRunner ambiguous = CliRunner.run(train(SKLEARN.resolve("iris.csv"), "--label-column", "4"));
        assertEquals(Main.EXIT_USAGE, ambiguous.exitCode, ambiguous.toString());
        CliRunner wine = CliRunner.run(train(SKLEARN.resolve("wine_data.csv"), "--skip-lines", "1", "--no-header",
                "--label-index", "13"));
        assertEquals(0, wine.exitCode, wine.toString());
        assertTrue(wine.out.contains("(CSV, 178 rows x 13 features, label '13', 3 classes)"), wine.out);
        CliRunner wineAsIs = CliRunner.run(train(SKLEARN.resolve("wine_data.csv"), "--label-index", "4"));
        assertEquals(Main.EXIT_FAILURE, wineAsIs.exitCode, wineAsIs.toString());
        assertTrue(wineAsIs.err.contains("give --no-header"), wineAsIs.err);
    }

    @Test
    void pathsAreNamedWithTheirOption() throws IOException {
        CliRunner directory = CliRunner.run("train", "--train", dir.toString(), "--label-name", "y");
        assertEquals(Main.EXIT_FAILURE, directory.exitCode, directory.toString());
        assertTrue(directory.err.contains("--train: expected a file, found a directory: " + dir), directory.err);
        assertFalse(directory.err.contains("I/O error"), directory.err);

        Path model = trainedModel();
        Path input = TinyData.blobs(dir.resolve("input.csv"), 10, 9);
        Path aFile = Files.writeString(dir.resolve("plain-file"), "x");
        CliRunner underFile = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", aFile.resolve("p.csv").toString());
        assertEquals(Main.EXIT_FAILURE, underFile.exitCode, underFile.toString());
        assertTrue(underFile.err.contains("--output: cannot create " + aFile.resolve("p.csv") + ": " + aFile
                + " is a file, not a directory"), underFile.err);
        CliRunner intoDir = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", dir.toString());
        assertEquals(Main.EXIT_FAILURE, intoDir.exitCode, intoDir.toString());
        assertTrue(intoDir.err.contains("--output: expected a file name to write, found a directory"), intoDir.err);
        for (CliRunner run : new CliRunner[]{underFile, intoDir}) {
            assertFalse(run.err.contains(".tmp"), "no temporary file names: " + run.err);
        }
        CliRunner noModel = CliRunner.run("evaluate", "--model", dir.resolve("none.vmlp").toString(), "--test",
                input.toString());
        assertEquals(Main.EXIT_FAILURE, noModel.exitCode, noModel.toString());
        assertTrue(noModel.err.contains("--model: file not found: " + dir.resolve("none.vmlp")), noModel.err);
    }

    private Path trainedModel() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 40, 1);
        Path model = dir.resolve("m.vmlp");
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind", "--epochs", "1",
                "--no-charts", "--model", model.toString(), "--out", dir.resolve("r").toString());
        assertEquals(0, run.exitCode, run.toString());
        return model;
    }

    @Test
    void aMalformedJsonConfigIsAUsageErrorNamingTheFile() throws IOException {
        Path json = Files.writeString(dir.resolve("run.json"), "{\"epochs\": 2,, \"layers\": }");
        CliRunner run = CliRunner.run("train", "--config", json.toString());
        assertEquals(Main.EXIT_USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains(json + ": expected a JSON object of settings, found malformed JSON"), run.err);
        assertFalse(run.err.contains("gson") || run.err.contains("http"), run.err);
        CliRunner missing = CliRunner.run("train", "--config", dir.resolve("nope.json").toString());
        assertEquals(Main.EXIT_FAILURE, missing.exitCode, missing.toString());
        assertTrue(missing.err.contains("--config: file not found: " + dir.resolve("nope.json")), missing.err);
        Path badValue = Files.writeString(dir.resolve("bad.properties"), "epochs=ten\n");
        assertEquals(Main.EXIT_USAGE, CliRunner.run("train", "--config", badValue.toString()).exitCode);
    }

    @Test
    void configPathsAreResolvedAgainstTheConfigFilesDirectory() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        TinyData.blobs(project.resolve("train.csv"), 40, 2);
        Path props = Files.writeString(project.resolve("run.properties"),
                "train=train.csv\nlabel-name=kind\nepochs=1\nno-charts=true\nout=out\n");
        CliRunner run = CliRunner.run("train", "--config", props.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(Files.isRegularFile(project.resolve("out").resolve("model.vmlp")), run.toString());
    }

    @Test
    void everyUsageErrorExitsTwo() throws IOException {
        Path file = TinyData.blobs(dir.resolve("blobs.csv"), 20, 1);
        String[][] usageErrors = {
                train(file, "--label-name", "kind", "--clip-value", "-1"),
                train(file, "--label-name", "kind", "--init", "glorot-ish"),
                train(file, "--label-name", "kind", "--separator", "ab"),
                train(file, "--label-name", "kind", "--skip-lines", "-2"),
                train(file, "--label-index", "9"),
                train(file),
                {"predict", "--model", file.toString(), "--input", file.toString(), "--label-index", "1"},
        };
        for (String[] args : usageErrors) {
            CliRunner run = CliRunner.run(args);
            assertEquals(Main.EXIT_USAGE, run.exitCode, String.join(" ", args) + "\n" + run);
            assertTrue(run.err.contains("--help"), run.toString());
        }
    }

    @Test
    void aDivergingRunFailsWithRemediesNamedAsOptions() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int r = 0; r < 64; r++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.1f%n", a, b, c, 150 + 60 * a - 40 * b + 20 * c));
        }
        Path file = Files.writeString(dir.resolve("diabetes-like.csv"), csv);
        CliRunner run = CliRunner.run("train", "--train", file.toString(), "--label-name", "y", "--task", "regression",
                "--layers", "16:relu", "--lr", "0.5", "--epochs", "20", "--batch", "8", "--health-every", "1",
                "--no-charts", "--out", dir.resolve("r").toString(), "--backend", "reference");
        assertEquals(Main.EXIT_FAILURE, run.exitCode, run.toString());
        assertTrue(run.err.contains("to make training stable, try --lr 0.05, --clip-norm 1.0"), run.err);
        assertTrue(run.out.contains("gradient health: EXPLODING"), run.out);
        assertFalse((run.out + run.err).contains("Initializer."), "the CLI names options, not the API: " + run);
        assertTrue(run.out.contains("--init matched") || run.out.contains("--clip-norm"), run.out);
    }

    @Test
    void clipValueAndInitAreOptions() throws IOException {
        Path file = TinyData.blobs(dir.resolve("blobs.csv"), 40, 1);
        CliRunner run = CliRunner.run(train(file, "--label-name", "kind", "--clip-value", "0.5", "--clip-norm", "2",
                "--init", "xavier-normal"));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("gradient elements clipped to +-0.5, gradient clipped to norm 2.0"), run.out);
        assertFalse(run.out.contains(" 0.00 s"), "small epochs are timed in ms: " + run.out);
    }

    @Test
    void trainsOutputOptionIsTheOutputActivationAndTheOldNameStillWorks() throws IOException {
        Path file = TinyData.blobs(dir.resolve("blobs.csv"), 40, 1);
        CliRunner run = CliRunner.run(train(file, "--label-name", "kind", "--output-activation", "sigmoid"));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("3-8-2 (tanh, sigmoid"), run.out);
        CliRunner old = CliRunner.run(train(file, "--label-name", "kind", "--output", "sigmoid"));
        assertEquals(0, old.exitCode, old.toString());
        assertTrue(old.out.contains("3-8-2 (tanh, sigmoid"), old.out);
        assertTrue(old.err.contains("train --output is deprecated: use --output-activation sigmoid"), old.err);
        CliRunner help = CliRunner.run("train", "--help");
        assertTrue(help.out.contains("--output-activation") && !help.out.contains("--output=") && help.out.contains("ejml"),
                help.out);
    }
}
