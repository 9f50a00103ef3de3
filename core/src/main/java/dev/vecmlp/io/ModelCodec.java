package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the vecmlp model file format, version 1 (docs/MODEL-FORMAT.md):
 *
 * <pre>
 * header   magic 89 'V' 'M' 'L' 'P' 0D 0A 1A | u32 version | u32 flags (0) | u64 total length
 * sections tag (4 ASCII bytes) | u64 payload length | payload     ... repeated
 * trailer  u32 CRC32C of every byte before it
 * </pre>
 *
 * A section whose tag starts with an upper-case letter is critical (a reader that does not know
 * it must refuse the file); one starting with a lower-case letter is ancillary (safe to skip).
 * New optional data (checkpoint state, future extensions) therefore goes into new sections
 * without a version change. Decoding checks, in order: magic, version, declared length against
 * the bytes present, checksum, then every section's sizes against the bytes that section holds
 * before allocating anything from them.
 */
final class ModelCodec {
    static final byte[] MAGIC = {(byte) 0x89, 'V', 'M', 'L', 'P', '\r', '\n', 0x1A};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int CHECKSUM_BYTES = 4;
    static final int SECTION_HEADER_BYTES = 12;
    /** The largest file this reader holds in memory (one Java array). */
    static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 16;
    /** Largest parameter count of an {@link Mlp} (its flat array). */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE - 16;

    static final String ARCHITECTURE = "ARCH";
    static final String SCALING = "SCAL";
    static final String PARAMETERS = "PARM";
    /** Regression target standardisation; critical: a reader that ignored it would predict in the wrong units. */
    static final String TARGET_SCALING = "TSCL";
    static final String METADATA = "meta";
    /** Critical, optional: each layer's activation parameter (leaky ReLU slope, ELU alpha). */
    static final String ACTIVATION_PARAMETERS = "ACTP";
    /** Ancillary, optional: each layer's dropout rate (training only, so a reader may ignore it). */
    static final String DROPOUT = "drop";

    /** File codes of the activations, by position; names not in this build's enum are refused on load. */
    private static final List<String> ACTIVATION_CODES =
            List.of("LINEAR", "RELU", "SIGMOID", "TANH", "SOFTMAX", "LEAKY_RELU", "GELU", "ELU", "SILU", "SOFTPLUS");
    /** File codes of the losses, by position. */
    private static final List<String> LOSS_CODES = List.of("MSE", "CROSS_ENTROPY", "BINARY_CROSS_ENTROPY");

    private ModelCodec() {
    }

    /** An extra section to write after the model's own: a tag and the code that writes its payload. */
    record Extra(String tag, Consumer<ByteWriter> payload) {
    }

    /** A decoded file: the model, its metadata, the format version and the sections not interpreted here. */
    record Decoded(Mlp model, Map<String, String> metadata, int version, Map<String, ByteReader> otherSections) {
    }

    // ---------------------------------------------------------------- encoding

    /** The complete file content (a writer whose first {@code size()} bytes are the file). */
    static ByteWriter encode(Mlp model, Map<String, String> metadata, List<Extra> extras) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadata, "metadata");
        long estimate = HEADER_BYTES + 4L * model.parameterCount() + 1024;
        ByteWriter w = new ByteWriter((int) Math.min(estimate, MAX_FILE_BYTES));
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.u32(0);
        int lengthAt = w.size();
        w.u64(0);

        section(w, ARCHITECTURE, s -> {
            s.u32(model.inputWidth());
            s.u32(model.layerCount());
            for (Dense d : model.layers()) {
                s.u32(d.outputs());
                s.u32(code(ACTIVATION_CODES, d.activation().name(), "activation"));
            }
            s.u32(code(LOSS_CODES, model.loss().name(), "loss"));
        });
        if (model.layers().stream().anyMatch(d -> d.activation().hasParameter())) {
            section(w, ACTIVATION_PARAMETERS, s -> perLayer(s, model, d -> d.activationParameter()));
        }
        if (model.hasDropoutLayer()) {
            section(w, DROPOUT, s -> perLayer(s, model, d -> (float) d.dropout()));
        }
        InputScaling scaling = model.inputScaling();
        if (scaling != null) {
            section(w, SCALING, s -> {
                s.u32(scaling.width());
                float[] shift = scaling.shift();
                float[] scale = scaling.scale();
                s.floats(shift, 0, shift.length);
                s.floats(scale, 0, scale.length);
            });
        }
        TargetScaling targets = model.targetScaling();
        if (targets != null) {
            section(w, TARGET_SCALING, s -> {
                s.u32(targets.width());
                float[] mean = targets.mean();
                float[] std = targets.std();
                s.floats(mean, 0, mean.length);
                s.floats(std, 0, std.length);
            });
        }
        section(w, PARAMETERS, s -> {
            s.u64(model.parameterCount());
            s.floats(model.parameters(), 0, model.parameterCount());
        });
        if (!metadata.isEmpty()) {
            section(w, METADATA, s -> {
                s.u32(metadata.size());
                metadata.forEach((k, v) -> {
                    s.string(Objects.requireNonNull(k, "metadata key"));
                    s.string(Objects.requireNonNull(v, () -> "metadata value of " + k));
                });
            });
        }
        for (Extra extra : extras) {
            section(w, extra.tag(), extra.payload());
        }
        w.patchU64(lengthAt, (long) w.size() + CHECKSUM_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(w.array(), 0, w.size());
        w.u32(crc.getValue());
        return w;
    }

    /** {@code u32 L}, then one f32 per layer. */
    private static void perLayer(ByteWriter s, Mlp model, java.util.function.ToDoubleFunction<Dense> value) {
        s.u32(model.layerCount());
        float[] values = new float[model.layerCount()];
        for (int l = 0; l < values.length; l++) {
            values[l] = (float) value.applyAsDouble(model.layer(l));
        }
        s.floats(values, 0, values.length);
    }

    private static void section(ByteWriter w, String tag, Consumer<ByteWriter> payload) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        if (t.length != 4 || !validTag(t, 0)) {
            throw new IllegalArgumentException("section tag: expected 4 ASCII letters or digits, found '" + tag + "'");
        }
        w.bytes(t);
        int lengthAt = w.size();
        w.u64(0);
        int start = w.size();
        payload.accept(w);
        w.patchU64(lengthAt, w.size() - start);
    }

    private static int code(List<String> codes, String name, String what) {
        int code = codes.indexOf(name);
        if (code < 0) {
            throw new IllegalArgumentException(what + " " + name + " has no code in model format version " + VERSION
                    + ": expected one of " + codes);
        }
        return code;
    }

    // ---------------------------------------------------------------- reading bytes

    /** Reads a whole file, refusing files over {@link #MAX_FILE_BYTES} before reading them. */
    static byte[] readAll(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(Reason.TOO_LARGE, path + ": expected at most " + MAX_FILE_BYTES
                    + " bytes, found " + size);
        }
        return Files.readAllBytes(path);
    }

    /**
     * Reads one model from a stream: the header, then as many bytes as the header declares plus
     * one (to notice trailing data). Memory grows with the bytes actually read, never with the
     * declared length, so a forged length cannot allocate gigabytes.
     */
    static byte[] readAll(InputStream in, String source) throws IOException {
        Objects.requireNonNull(in, "input stream");
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES) {
            return header; // decode reports what is wrong with it
        }
        checkMagicAndVersion(header, header.length, source);
        long declared = declaredLength(header);
        if (declared > MAX_FILE_BYTES) {
            throw new ModelFormatException(Reason.TOO_LARGE, source + ": the header declares " + declared
                    + " bytes, this reader holds at most " + MAX_FILE_BYTES);
        }
        long restWanted = Math.max(0, declared - HEADER_BYTES) + 1;
        byte[] rest = in.readNBytes((int) Math.min(restWanted, MAX_FILE_BYTES - HEADER_BYTES));
        byte[] all = new byte[HEADER_BYTES + rest.length];
        System.arraycopy(header, 0, all, 0, HEADER_BYTES);
        System.arraycopy(rest, 0, all, HEADER_BYTES, rest.length);
        return all;
    }

    // ---------------------------------------------------------------- decoding

    static Decoded decode(byte[] data, String source) throws ModelFormatException {
        checkEnvelope(data, source);
        int version = (int) le32(data, 8);
        ByteReader file = new ByteReader(data, 12, data.length - CHECKSUM_BYTES, source);
        long flags = file.u32("header flags");
        if (flags != 0) {
            throw new ModelFormatException(Reason.MALFORMED, source + ": header flags: expected 0 in format version "
                    + VERSION + ", found " + flags);
        }
        file.u64("total length");
        Map<String, ByteReader> sections = new LinkedHashMap<>();
        while (file.remaining() > 0) {
            file.require(SECTION_HEADER_BYTES, "section header");
            int tagAt = file.position();
            byte[] tagBytes = file.bytes(4, "section tag");
            if (!validTag(tagBytes, 0)) {
                throw new ModelFormatException(Reason.MALFORMED, source + ": section tag at offset " + tagAt
                        + ": expected 4 ASCII letters or digits, found bytes " + hex(tagBytes));
            }
            String tag = new String(tagBytes, StandardCharsets.US_ASCII);
            long length = file.u64("length of section " + tag);
            ByteReader payload = file.slice(length, source + ", section " + tag);
            if (sections.put(tag, payload) != null) {
                throw new ModelFormatException(Reason.MALFORMED, source + ": section " + tag + " appears twice");
            }
            boolean critical = Character.isUpperCase(tag.charAt(0));
            if (critical && !tag.equals(ARCHITECTURE) && !tag.equals(SCALING) && !tag.equals(PARAMETERS)
                    && !tag.equals(TARGET_SCALING) && !tag.equals(ACTIVATION_PARAMETERS)) {
                throw new ModelFormatException(Reason.UNKNOWN_CRITICAL_SECTION, source + ": section " + tag
                        + " is critical (upper-case tag) but unknown to format version " + VERSION
                        + " readers; expected only ARCH, SCAL, TSCL, PARM, ACTP");
            }
        }
        ByteReader arch = required(sections, ARCHITECTURE, source);
        ByteReader params = required(sections, PARAMETERS, source);
        Mlp model = decodeModel(arch, params, sections.remove(ACTIVATION_PARAMETERS), sections.remove(DROPOUT), source);
        ByteReader scaling = sections.remove(SCALING);
        if (scaling != null) {
            model.setInputScaling(decodeScaling(scaling, model.inputWidth()));
        }
        ByteReader targets = sections.remove(TARGET_SCALING);
        if (targets != null) {
            TargetScaling t = decodeTargetScaling(targets, model.outputWidth());
            try {
                model.setTargetScaling(t);
            } catch (InvalidConfigurationException e) {
                throw new ModelFormatException(Reason.INVALID_VALUE, targets.context() + ": " + e.getMessage(), e);
            }
        }
        ByteReader meta = sections.remove(METADATA);
        Map<String, String> metadata = meta == null ? Map.of() : decodeMetadata(meta);
        return new Decoded(model, metadata, version, sections);
    }

    /** Magic, version, declared length and checksum: everything before the sections are read. */
    private static void checkEnvelope(byte[] data, String source) throws ModelFormatException {
        checkMagicAndVersion(data, data.length, source);
        if (data.length < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new ModelFormatException(Reason.TRUNCATED, source + ": expected at least " + (HEADER_BYTES + CHECKSUM_BYTES)
                    + " bytes (header and checksum), found " + data.length);
        }
        long declared = declaredLength(data);
        if (declared > data.length) {
            throw new ModelFormatException(Reason.TRUNCATED, source + ": expected " + declared
                    + " bytes (as the header says), found " + data.length);
        }
        if (declared < data.length) {
            throw new ModelFormatException(Reason.TRAILING_DATA, source + ": expected " + declared
                    + " bytes (as the header says), found " + data.length + " (extra bytes after the end)");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - CHECKSUM_BYTES);
        long stored = le32(data, data.length - CHECKSUM_BYTES);
        if (crc.getValue() != stored) {
            throw new ModelFormatException(Reason.CHECKSUM_MISMATCH, source + ": expected CRC32C "
                    + String.format("%08x", stored) + " (stored), found " + String.format("%08x", crc.getValue())
                    + " over the content: the file was changed or damaged");
        }
    }

    private static void checkMagicAndVersion(byte[] data, int length, String source) throws ModelFormatException {
        int n = Math.min(length, MAGIC.length);
        for (int i = 0; i < n; i++) {
            if (data[i] != MAGIC[i]) {
                throw new ModelFormatException(Reason.NOT_A_MODEL_FILE, source + ": expected the vecmlp magic number "
                        + hex(MAGIC) + ", found " + hex(java.util.Arrays.copyOf(data, n)));
            }
        }
        if (length < 12) {
            throw new ModelFormatException(Reason.TRUNCATED, source + ": expected at least " + (HEADER_BYTES + CHECKSUM_BYTES)
                    + " bytes (header and checksum), found " + length);
        }
        long version = le32(data, 8);
        if (version != VERSION) {
            throw new ModelFormatException(Reason.UNSUPPORTED_VERSION, source + ": expected format version " + VERSION
                    + ", found " + version + (version > VERSION ? " (written by a newer vecmlp; upgrade to read it)" : ""));
        }
    }

    private static long declaredLength(byte[] data) {
        long v = 0;
        for (int i = 23; i >= 16; i--) {
            v = v << 8 | (data[i] & 0xffL);
        }
        return v < 0 ? Long.MAX_VALUE : v;
    }

    private static long le32(byte[] data, int at) {
        return (data[at] & 0xffL) | (data[at + 1] & 0xffL) << 8 | (data[at + 2] & 0xffL) << 16
                | (data[at + 3] & 0xffL) << 24;
    }

    private static ByteReader required(Map<String, ByteReader> sections, String tag, String source)
            throws ModelFormatException {
        ByteReader r = sections.remove(tag);
        if (r == null) {
            throw new ModelFormatException(Reason.MISSING_SECTION, source + ": expected a section " + tag
                    + ", found only " + sections.keySet());
        }
        return r;
    }

    /** A per-layer f32 section ({@code u32 L}, L values), checked against the layer count; null when absent. */
    private static float[] perLayer(ByteReader r, int layerCount) throws ModelFormatException {
        if (r == null) {
            return null;
        }
        long count = r.u32("layer count");
        if (count != layerCount) {
            throw new ModelFormatException(Reason.MALFORMED, r.context() + ": expected " + layerCount
                    + " layers (from the architecture), found " + count);
        }
        float[] values = r.floats(layerCount, "per-layer values");
        r.requireEnd();
        return values;
    }

    private static Mlp decodeModel(ByteReader arch, ByteReader params, ByteReader actp, ByteReader drop, String source)
            throws ModelFormatException {
        int inputWidth = arch.intInRange("input width", 1, Integer.MAX_VALUE);
        int layerCount = arch.count("layer count", 8);
        if (layerCount < 1) {
            throw new ModelFormatException(Reason.MALFORMED, arch.context() + ": layer count: expected at least 1, found 0");
        }
        int[] widths = new int[layerCount];
        Activation[] activations = new Activation[layerCount];
        long parameterCount = 0;
        long in = inputWidth;
        for (int l = 0; l < layerCount; l++) {
            widths[l] = arch.intInRange("width of layer " + l, 1, Integer.MAX_VALUE);
            activations[l] = Activation.valueOf(decodeName(ACTIVATION_CODES, arch.u32("activation of layer " + l),
                    Activation.class, "activation of layer " + l, arch.context()));
            parameterCount += in * widths[l] + widths[l];
            if (parameterCount > MAX_PARAMETERS) {
                throw new ModelFormatException(Reason.MALFORMED, arch.context() + ": expected at most " + MAX_PARAMETERS
                        + " parameters, found more by layer " + l);
            }
            in = widths[l];
        }
        Loss loss = Loss.valueOf(decodeName(LOSS_CODES, arch.u32("loss"), Loss.class, "loss", arch.context()));
        arch.requireEnd();
        float[] activationParameters = perLayer(actp, layerCount);
        float[] dropouts = perLayer(drop, layerCount);

        long stored = params.u64("parameter count");
        if (stored != parameterCount) {
            throw new ModelFormatException(Reason.MALFORMED, params.context() + ": expected " + parameterCount
                    + " parameters (from the architecture), found " + stored);
        }
        if (params.remaining() != 4 * parameterCount) {
            throw new ModelFormatException(Reason.MALFORMED, params.context() + ": expected " + 4 * parameterCount
                    + " bytes of float32 values, found " + params.remaining());
        }
        Mlp model;
        try {
            Mlp.Builder b = Mlp.builder(inputWidth).initializer(Initializer.ZEROS).loss(loss);
            for (int l = 0; l < layerCount; l++) {
                Activation a = activations[l];
                // Without ACTP (files before it existed) a parameterised activation takes its default.
                double parameter = activationParameters != null ? activationParameters[l] : a.defaultParameter();
                if (l < layerCount - 1) {
                    b.hidden(widths[l], a, parameter);
                    if (dropouts != null && dropouts[l] != 0) {
                        b.dropout(dropouts[l]);
                    }
                } else {
                    if (dropouts != null && dropouts[l] != 0) {
                        throw new InvalidConfigurationException("dropout of the output layer: expected 0, found " + dropouts[l]);
                    }
                    b.output(widths[l], a, parameter);
                }
            }
            model = b.build();
        } catch (InvalidConfigurationException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, arch.context() + ": " + e.getMessage(), e);
        }
        float[] values = params.floats(parameterCount, "parameters");
        for (Dense d : model.layers()) {
            int end = d.biasOffset() + d.outputs();
            for (int i = d.weightOffset(); i < end; i++) {
                if (!Float.isFinite(values[i])) {
                    boolean weight = i < d.biasOffset();
                    throw new ModelFormatException(Reason.INVALID_VALUE, params.context() + ": expected finite parameters, found "
                            + values[i] + " in layer " + d.index() + (weight ? " weights" : " bias") + " at index "
                            + (weight ? i - d.weightOffset() : i - d.biasOffset()) + " (parameter " + i + ")");
                }
            }
        }
        System.arraycopy(values, 0, model.parameters(), 0, values.length);
        return model;
    }

    /** Refuses a non-finite value in a float section, naming the section and the index. */
    static void requireFinite(float[] values, String context) throws ModelFormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ModelFormatException(Reason.INVALID_VALUE, context + ": expected finite values, found "
                        + values[i] + " at index " + i);
            }
        }
    }

    private static <E extends Enum<E>> String decodeName(List<String> codes, long code, Class<E> type, String what,
                                                         String context) throws ModelFormatException {
        if (code < codes.size()) {
            String name = codes.get((int) code);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return name;
                }
            }
            throw new ModelFormatException(Reason.INVALID_VALUE, context + ": " + what + ": code " + code + " (" + name
                    + ") is not supported by this vecmlp version");
        }
        throw new ModelFormatException(Reason.INVALID_VALUE, context + ": " + what + ": expected a code 0 to "
                + (codes.size() - 1) + " " + codes + ", found " + code);
    }

    private static InputScaling decodeScaling(ByteReader r, int inputWidth) throws ModelFormatException {
        int width = r.intInRange("scaling width", 1, Integer.MAX_VALUE);
        if (width != inputWidth) {
            throw new ModelFormatException(Reason.MALFORMED, r.context() + ": width: expected the input width "
                    + inputWidth + ", found " + width);
        }
        r.require(8L * width, "shifts and scales");
        float[] shift = r.floats(width, "shifts");
        float[] scale = r.floats(width, "scales");
        r.requireEnd();
        requireFinite(shift, r.context() + ", shifts");
        requireFinite(scale, r.context() + ", scales");
        try {
            return new InputScaling(shift, scale);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, r.context() + ": " + e.getMessage(), e);
        }
    }

    private static TargetScaling decodeTargetScaling(ByteReader r, int outputWidth) throws ModelFormatException {
        int width = r.intInRange("target scaling width", 1, Integer.MAX_VALUE);
        if (width != outputWidth) {
            throw new ModelFormatException(Reason.MALFORMED, r.context() + ": width: expected the output width "
                    + outputWidth + ", found " + width);
        }
        r.require(8L * width, "means and deviations");
        float[] mean = r.floats(width, "means");
        float[] std = r.floats(width, "deviations");
        r.requireEnd();
        try {
            return new TargetScaling(mean, std);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, r.context() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> decodeMetadata(ByteReader r) throws ModelFormatException {
        int entries = r.count("entry count", 8);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String key = r.string("key " + i);
            String value = r.string("value of '" + key + "'");
            if (map.put(key, value) != null) {
                throw new ModelFormatException(Reason.MALFORMED, r.context() + ": key '" + key + "' appears twice");
            }
        }
        r.requireEnd();
        return Collections.unmodifiableMap(map);
    }

    private static boolean validTag(byte[] b, int off) {
        for (int i = off; i < off + 4; i++) {
            int c = b[i];
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return Character.isLetter(b[off]);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
