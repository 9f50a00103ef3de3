package dev.vecmlp.cli;

import dev.vecmlp.cli.data.ModelMetadata;
import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.io.ModelFile;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.nio.file.Path;

/** A model file read for {@code evaluate} or {@code predict}: the model on the chosen backend and the CLI's metadata. */
record LoadedModel(Path path, Mlp model, ModelMetadata metadata) {

    static LoadedModel read(Path path, Kernels kernels) throws IOException {
        ModelFile file = ModelFiles.read(path);
        Mlp model = file.model();
        model.useKernels(kernels);
        return new LoadedModel(path, model, ModelMetadata.fromMap(file.metadata(), model.outputWidth()));
    }

    String describe() {
        return path + ": " + Architecture.describe(model) + ", trained on " + metadata.trainingData();
    }
}
