package dev.vecmlp.cli;

import dev.vecmlp.cli.report.SystemInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.model.Mlp;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vecmlp info}: the backend, vector width, threads, JDK, CPU and cores this machine offers;
 * with {@code --model}, also the model's architecture, loss, input scaling and metadata (a
 * {@code .vmlp} file, or an {@code .onnx} one with what its import converted).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the kernel backend, vector width, threads, JDK, CPU model and cores; with --model, the model.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelOptions kernelOptions;

    @Option(names = "--model", paramLabel = "FILE", description = "Also describe this model file (.vmlp or .onnx).")
    Path modelFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> info = new LinkedHashMap<>(SystemInfo.describe(kernelOptions.kernels()));
        if (modelFile != null) {
            LoadedModel loaded = LoadedModel.read(modelFile, kernelOptions.kernels());
            Mlp model = loaded.model();
            info.put("model", modelFile + " (" + (LoadedModel.isOnnx(modelFile) ? "ONNX" : "vecmlp model file") + ")");
            info.put("architecture", Architecture.describe(model));
            info.put("loss", model.loss().name());
            info.put("parameters", Integer.toString(model.parameterCount()));
            info.put("input scaling", model.inputScaling() == null ? "none" : "per feature, " + model.inputScaling().width()
                    + " features");
            loaded.rawMetadata().forEach((k, v) -> info.put("metadata " + k, v));
            for (int k = 0; k < loaded.notes().size(); k++) {
                info.put("import note " + (k + 1), loaded.notes().get(k));
            }
        }
        int width = info.keySet().stream().mapToInt(String::length).max().orElse(0);
        info.forEach((label, value) -> out.println(label + ":" + " ".repeat(width - label.length() + 2) + value));
        out.flush();
        return 0;
    }
}
