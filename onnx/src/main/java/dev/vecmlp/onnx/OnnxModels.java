package dev.vecmlp.onnx;

import dev.vecmlp.io.AtomicFiles;
import dev.vecmlp.model.Mlp;

import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.io.ModelFormatException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * ONNX in and out for vecmlp models.
 *
 * <p>Import reads the dense networks that {@code torch.onnx.export}, tf2onnx (Keras) and
 * skl2onnx ({@code MLPClassifier}, {@code MLPRegressor}) write: {@code Gemm} or
 * {@code MatMul}+{@code Add} layers with {@code Relu}/{@code Sigmoid}/{@code Tanh}/{@code Softmax},
 * constant preprocessing folded into the input scaling, batch normalisation folded into the
 * weights, classifier post-processing recorded. Anything else is refused with a
 * {@link ModelFormatException} naming the node, op type and opset; a forged or truncated file
 * is refused the same way, before anything is allocated from its claims.
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

    /** The largest file read (protobuf's own limit for one message). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private OnnxModels() {
    }

    /** Imports the ONNX model in {@code path} as an {@link Mlp} (see {@link #read(Path)} for metadata and notes). */
    public static Mlp importModel(Path path) throws IOException {
        return read(path).model();
    }

    /** Imports an ONNX model from its bytes. */
    public static Mlp importModel(byte[] onnx) throws ModelFormatException {
        return fromBytes(onnx, "ONNX model").model();
    }

    /** Imports an ONNX model from a stream (read to its end, not closed). */
    public static Mlp importModel(InputStream in) throws IOException {
        return read(in).model();
    }

    /** Reads the ONNX model in {@code path}: the model, its metadata and the conversions made. */
    public static OnnxImport read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(Reason.TOO_LARGE, path + ": " + size + " bytes; ONNX files over "
                    + MAX_FILE_BYTES + " bytes (2 GiB, protobuf's limit) are not read");
        }
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /** Reads an ONNX model from a stream (read to its end, not closed). */
    public static OnnxImport read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES);
        if (in.read() >= 0) {
            throw new ModelFormatException(Reason.TOO_LARGE, "ONNX stream: longer than " + MAX_FILE_BYTES + " bytes");
        }
        return fromBytes(bytes, "ONNX stream");
    }

    /** Reads an ONNX model from its bytes; {@code source} names it in error messages. */
    public static OnnxImport fromBytes(byte[] onnx, String source) throws ModelFormatException {
        Objects.requireNonNull(onnx, "onnx");
        return OnnxReader.read(onnx, source == null ? "ONNX model" : source);
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
