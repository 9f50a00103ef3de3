package dev.vecmlp.onnx;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exported files pass the ONNX checker with full shape inference ({@code onnx.checker.check_model(...,
 * full_check=True)}), run through {@code /usr/bin/python3} with the {@code onnx} package
 * (Debian's {@code python3-onnx}); skipped where that is not installed.
 */
class OnnxCheckerTest {
    @Test
    void exportedFilesPassTheOnnxChecker(@TempDir Path dir) throws Exception {
        assumeTrue(pythonHasOnnx(), "/usr/bin/python3 with the onnx package is not installed");
        Mlp plain = Mlp.builder(5).hidden(4, Activation.RELU).hidden(3, Activation.TANH).output(2, Activation.SOFTMAX)
                .seed(1).build();
        Mlp scaled = Mlp.builder(3).hidden(4, Activation.SIGMOID).output(1, Activation.LINEAR).seed(2).build();
        scaled.setInputScaling(new InputScaling(new float[]{1, 2, 3}, new float[]{0.5f, 2, 4}));
        Mlp single = Mlp.builder(2).output(1, Activation.SIGMOID).seed(3).build();
        // GELU and SiLU are several nodes at opset 13 (Div, Erf, Add, Mul, Mul; Sigmoid, Mul).
        Mlp patterns = Mlp.builder(4).hidden(5, Activation.GELU).hidden(3, Activation.SILU).output(2, Activation.GELU)
                .loss(dev.vecmlp.model.Loss.MSE).seed(4).build();
        int k = 0;
        for (Mlp model : new Mlp[]{plain, scaled, single, patterns}) {
            Path file = dir.resolve("m" + (k++) + ".onnx");
            OnnxModels.export(model, Map.of("name", "checker test"), file);
            String script = "import onnx,sys\n"
                    + "m = onnx.load(sys.argv[1])\n"
                    + "onnx.checker.check_model(m, full_check=True)\n"
                    + "print(m.ir_version, m.opset_import[0].version, len(m.graph.node))\n";
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor() , "checker on " + model + ": " + out);
        }
    }

    static boolean pythonHasOnnx() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
