package dev.vecmlp.io;

import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves and loads models in vecmlp's own binary format (docs/MODEL-FORMAT.md): versioned,
 * checksummed, little-endian, language-neutral. A saved file holds the architecture, the
 * float32 weights, the input scaling and optional metadata; loading gives back a model that
 * predicts exactly as the saved one.
 *
 * <p>Saving writes the whole file to a temporary file in the same directory and renames it into
 * place ({@link AtomicFiles}), so a crash never leaves a half file under the real name. Loading
 * refuses damaged, truncated, forged and newer-version files with a {@link ModelFormatException}
 * whose {@link ModelFormatException.Reason} names the problem; no size read from a file is
 * trusted before it is checked against the bytes present.
 *
 * <p>Loaded models run on the default backend ({@link dev.vecmlp.kernel.Backends#defaultKernels()}).
 * A checkpoint file ({@link Checkpoints}) loads here too, as its model.
 */
public final class ModelFiles {
    /** The format version this class writes, and the newest it reads. */
    public static final int FORMAT_VERSION = ModelCodec.VERSION;

    private ModelFiles() {
    }

    /** Saves {@code model} (without metadata) to {@code path}, atomically. */
    public static void save(Mlp model, Path path) throws IOException {
        save(model, Map.of(), path);
    }

    /** Saves {@code model} with string {@code metadata} (in the map's iteration order) to {@code path}, atomically. */
    public static void save(Mlp model, Map<String, String> metadata, Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        ByteWriter content = ModelCodec.encode(model, metadata, List.of());
        AtomicFiles.write(path, content.array(), content.size());
    }

    /** The file's bytes for {@code model} and {@code metadata}, for callers that store them elsewhere. */
    public static byte[] toBytes(Mlp model, Map<String, String> metadata) {
        return ModelCodec.encode(model, metadata, List.of()).toByteArray();
    }

    /** Loads the model saved at {@code path}. */
    public static Mlp load(Path path) throws IOException {
        return read(path).model();
    }

    /** Loads a model from a stream holding exactly one model file (read to its end; not closed). */
    public static Mlp load(InputStream in) throws IOException {
        return read(in).model();
    }

    /**
     * Loads a model from the class path, e.g. {@code "models/scorer.vmlp"} (resolved by this
     * class's loader, as {@link ClassLoader#getResourceAsStream}).
     *
     * @throws java.io.FileNotFoundException when no such resource exists
     */
    public static Mlp loadResource(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(name);
        if (in == null) {
            in = ModelFiles.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new java.io.FileNotFoundException("class path resource '" + name + "': expected a model file, found none");
        }
        try (InputStream stream = in) {
            return decode(ModelCodec.readAll(stream, "resource " + name), "resource " + name).model();
        }
    }

    /** The model, metadata and format version of the file at {@code path}. */
    public static ModelFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return decode(ModelCodec.readAll(path), path.toString());
    }

    /** The model, metadata and format version of the model file in {@code in} (not closed). */
    public static ModelFile read(InputStream in) throws IOException {
        return decode(ModelCodec.readAll(in, "stream"), "stream");
    }

    /** Decodes a model file held in memory. */
    public static ModelFile fromBytes(byte[] content) throws ModelFormatException {
        Objects.requireNonNull(content, "content");
        return decode(content, "bytes");
    }

    private static ModelFile decode(byte[] content, String source) throws ModelFormatException {
        ModelCodec.Decoded d = ModelCodec.decode(content, source);
        return new ModelFile(d.model(), d.metadata(), d.version());
    }
}
