package dev.vecmlp.cli;

import dev.vecmlp.io.SafeTensors;
import dev.vecmlp.onnx.OnnxModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vecmlp export}: writes a model (a {@code .vmlp} file, or an {@code .onnx} one) as ONNX
 * (opset 13, runs in ONNX Runtime) or as a PyTorch-style safetensors {@code state_dict}, with the
 * model file's metadata, atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a model as ONNX (for ONNX Runtime and every ONNX tool) or as a safetensors state_dict.")
final class ExportCommand implements Callable<Integer> {
    /** The formats {@code --format} accepts. */
    enum Format { onnx, safetensors }

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "The model file (.vmlp or .onnx).")
    Path modelFile;

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            description = "onnx or safetensors.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write.")
    Path out;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() throws IOException {
        LoadedModel loaded = LoadedModel.read(modelFile, kernelOptions.kernels());
        // The user's metadata travels; what describes the source file's format is written afresh.
        Map<String, String> metadata = new LinkedHashMap<>();
        loaded.rawMetadata().forEach((k, v) -> {
            if (!k.startsWith("vecmlp.") && !k.startsWith("onnx.")) {
                metadata.put(k, v);
            }
        });
        if (format == Format.onnx) {
            OnnxModels.export(loaded.model(), metadata, out);
        } else {
            SafeTensors.export(loaded.model(), null, metadata, out);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + out + " (" + format.name().toLowerCase(Locale.ROOT) + "): " + loaded.describe());
        w.flush();
        return 0;
    }
}
