package dev.vecmlp.cli;

import dev.vecmlp.io.SafeTensors;
import dev.vecmlp.onnx.OnnxModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train -> export (onnx, safetensors) -> evaluate, predict and info on the .onnx file give what the .vmlp gives. */
class OnnxCliTest {
    @TempDir
    Path dir;

    @Test
    void exportAndUseAnOnnxFile() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 200, 11);
        Path test = TinyData.blobs(dir.resolve("test.csv"), 40, 12);
        Path model = dir.resolve("blobs.vmlp");
        CliRunner trained = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", "8:tanh", "--epochs", "8", "--batch", "16", "--lr", "0.2", "--model", model.toString(),
                "--out", dir.resolve("run").toString(), "--no-charts");
        assertEquals(0, trained.exitCode, trained.toString());

        Path onnx = dir.resolve("blobs.onnx");
        CliRunner exported = CliRunner.run("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, exported.exitCode, exported.toString());
        assertTrue(exported.out.contains("wrote " + onnx + " (onnx)"), exported.out);
        Path st = dir.resolve("blobs.safetensors");
        CliRunner exportedSt = CliRunner.run("export", "--model", model.toString(), "--format", "safetensors",
                "--out", st.toString());
        assertEquals(0, exportedSt.exitCode, exportedSt.toString());
        assertArrayEquals(OnnxModels.importModel(onnx).parameters(), SafeTensors.importModel(st).parameters(), 0f);

        CliRunner fromVmlp = CliRunner.run("evaluate", "--model", model.toString(), "--test", test.toString());
        CliRunner fromOnnx = CliRunner.run("evaluate", "--model", onnx.toString(), "--test", test.toString());
        assertEquals(0, fromOnnx.exitCode, fromOnnx.toString());
        assertTrue(fromOnnx.out.contains("accuracy: 100.00% (40 of 40)"), fromOnnx.out);
        assertEquals(fromVmlp.out.replace(model.toString(), "M"), fromOnnx.out.replace(onnx.toString(), "M"));

        Path input = Files.writeString(dir.resolve("input.csv"), "kind,f3,f2,f1\n?,-2,10,2\nx,2,10,-2\n");
        CliRunner predicted = CliRunner.run("predict", "--model", onnx.toString(), "--input", input.toString());
        assertEquals(0, predicted.exitCode, predicted.toString());
        List<String> lines = predicted.out.lines().toList();
        assertEquals("predicted,p_left,p_right", lines.get(0));
        assertTrue(lines.get(1).startsWith("right,"), lines.toString());

        CliRunner info = CliRunner.run("info", "--model", onnx.toString());
        assertEquals(0, info.exitCode, info.toString());
        assertTrue(info.out.contains("(ONNX)"), info.out);
        assertTrue(info.out.contains("metadata onnx.producer:"), info.out);
        assertTrue(info.out.contains("loss:"), info.out);
    }

    @Test
    void refusedOnnxFilesAndBadFormatsAreReported() throws IOException {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[]{8, 7, 0x3a, 100});
        CliRunner refused = CliRunner.run("info", "--model", bad.toString());
        assertEquals(1, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("bad.onnx"), refused.err);
        CliRunner usage = CliRunner.run("export", "--model", bad.toString(), "--format", "tflite", "--out", "x");
        assertEquals(2, usage.exitCode, usage.toString());
    }
}
