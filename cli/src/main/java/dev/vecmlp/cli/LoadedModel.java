package dev.vecmlp.cli;

import com.google.gson.Gson;
import dev.vecmlp.cli.data.ModelMetadata;
import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.io.ModelFile;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.onnx.OnnxImport;
import dev.vecmlp.onnx.OnnxModels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model file read for {@code evaluate}, {@code predict}, {@code export} or {@code info}: the
 * model on the chosen backend, the CLI's metadata, the file's raw metadata, and (for
 * {@code .onnx} files) the importer's notes. A vecmlp model file, or an ONNX model when the
 * name ends in {@code .onnx}.
 */
record LoadedModel(Path path, Mlp model, ModelMetadata metadata, Map<String, String> rawMetadata, List<String> notes) {

    static LoadedModel read(Path path, Kernels kernels) throws IOException {
        Mlp model;
        Map<String, String> raw;
        List<String> notes = List.of();
        if (isOnnx(path)) {
            OnnxImport imported = OnnxModels.read(path);
            model = imported.model();
            raw = new LinkedHashMap<>(imported.metadata());
            String classes = raw.get("onnx.classes");
            if (classes != null && !raw.containsKey("classes") && model.outputWidth() > 1) {
                raw.put("classes", new Gson().toJson(Arrays.asList(classes.split(","))));
            }
            notes = imported.notes();
        } else {
            ModelFile file = ModelFiles.read(path);
            model = file.model();
            raw = file.metadata();
        }
        model.useKernels(kernels);
        return new LoadedModel(path, model, ModelMetadata.fromMap(raw, model.outputWidth()), raw, notes);
    }

    static boolean isOnnx(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    String describe() {
        return path + ": " + Architecture.describe(model) + ", trained on " + metadata.trainingData();
    }
}
