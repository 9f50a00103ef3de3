package dev.vecmlp.onnx;

import dev.vecmlp.io.AtomicFiles;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * ONNX in and out for vecmlp models.
 *
 * <p>Export writes a vecmlp {@link Mlp} as an ONNX model that the ONNX checker accepts and
 * ONNX Runtime runs: IR version 8, opset 13, input {@code input [N, in]} and output
 * {@code output [N, out]} with a symbolic batch dimension, the input scaling as
 * {@code Sub}/{@code Mul}, one {@code Gemm} (transB = 1) and activation node per layer, and
 * vecmlp's loss and activations plus the caller's metadata in {@code metadata_props}. Files are
 * written atomically (whole or not at all). See {@code docs/ONNX.md}.
 */
public final class OnnxModels {
    /** The graph input's name in exported files. */
    public static final String INPUT_NAME = "input";
    /** The graph output's name in exported files. */
    public static final String OUTPUT_NAME = "output";

    private OnnxModels() {
    }

    /** Exports {@code model} to {@code path} (atomically) with no extra metadata. */
    public static void export(Mlp model, Path path) throws IOException {
        export(model, Map.of(), path);
    }

    /** Exports {@code model} to {@code path} (atomically), with {@code metadata} in {@code metadata_props}. */
    public static void export(Mlp model, Map<String, String> metadata, Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        AtomicFiles.write(path, toBytes(model, metadata));
    }

    /** The ONNX bytes {@link #export(Mlp, Map, Path)} writes. */
    public static byte[] toBytes(Mlp model, Map<String, String> metadata) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadata, "metadata");
        return OnnxWriter.toBytes(model, metadata, INPUT_NAME, OUTPUT_NAME);
    }
}
