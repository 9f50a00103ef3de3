package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * PyTorch interchange through safetensors files: import the {@code state_dict} of an MLP made of
 * {@code nn.Linear} layers ({@code fc1.weight [out, in]}, {@code fc1.bias [out]}, ...) given
 * its activations, and export a vecmlp model the same way, so a model trained in PyTorch serves
 * from the JVM and back. PyTorch's {@code Linear.weight} has vecmlp's layout (row-major
 * {@code out x in}), so weights are copied as they are.
 *
 * <p>The safetensors layout: an 8-byte little-endian header length {@code N}, {@code N} bytes
 * of UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin,
 * end]}} (plus an optional {@code "__metadata__"} string map), then the data buffer the offsets
 * point into. Everything is checked before tensor data is allocated: the header length
 * (bounded by the file and by {@link #MAX_HEADER_BYTES}), the JSON (strict, see {@link Json}),
 * dtypes (F32; F16, BF16 and F64 are converted), shapes against their byte ranges, and offsets
 * (inside the buffer, not overlapping, covering it without gaps). Each failure is a
 * {@link ModelFormatException} with its own {@link Reason}.
 *
 * <p>Layers are found by name: every {@code <prefix>.weight} (with an optional
 * {@code <prefix>.bias}, zeros when absent) is one layer, ordered by the numbers in the prefix
 * ({@code fc1 < fc2 < fc10}, {@code net.0 < net.2}), or in the order of the prefixes the caller
 * names. Exports record the activations, loss and input scaling in {@code __metadata__}, so a
 * vecmlp export imports back without naming them.
 */
public final class SafeTensors {
    /** The largest header accepted (the safetensors reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    static final String META_ACTIVATIONS = "vecmlp.activations";
    /** Per-layer dropout rates, comma-separated (written only when a layer has dropout). */
    static final String META_DROPOUT = "vecmlp.dropout";
    static final String META_LOSS = "vecmlp.loss";
    static final String META_SHIFT = "vecmlp.input_scaling.shift";
    static final String META_SCALE = "vecmlp.input_scaling.scale";
    static final String META_TARGET_MEAN = "vecmlp.target_scaling.mean";
    static final String META_TARGET_STD = "vecmlp.target_scaling.std";
    private static final String METADATA_KEY = "__metadata__";
    private static final System.Logger LOG = System.getLogger(SafeTensors.class.getName());

    private SafeTensors() {
    }

    /**
     * One tensor of a safetensors file, its values converted to float32 (row-major, as stored).
     * The arrays are the tensor's own, not copies.
     */
    public record Tensor(String name, String dtype, long[] shape, float[] values) {
        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }
    }

    /** The tensors of a file, in the order of their data, and its {@code __metadata__}. */
    public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** A tensor's header entry, checked, before its data is converted. */
    private record Entry(String name, String dtype, int elementBytes, long[] shape, long elements, long begin, long end) {
    }

    // ---------------------------------------------------------------- reading tensors

    /** Reads and checks every tensor of the safetensors file at {@code path}. */
    public static SafeTensorsFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return parse(ModelCodec.readAll(path), path.toString());
    }

    /** Reads and checks every tensor of a safetensors file held in memory. */
    public static SafeTensorsFile fromBytes(byte[] content) throws ModelFormatException {
        Objects.requireNonNull(content, "content");
        return parse(content, "bytes");
    }

    private static SafeTensorsFile parse(byte[] data, String source) throws ModelFormatException {
        if (data.length < 8) {
            throw new ModelFormatException(Reason.BAD_HEADER_LENGTH, source + ": expected at least 8 bytes (the header length),"
                    + " found " + data.length);
        }
        long headerLength = ByteBuffer.wrap(data, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > data.length - 8L || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(Reason.BAD_HEADER_LENGTH, source + ": header length: expected 2 to "
                    + Math.min(data.length - 8L, MAX_HEADER_BYTES) + " bytes (the file has " + data.length + "), found "
                    + Long.toUnsignedString(headerLength));
        }
        int bufferStart = 8 + (int) headerLength;
        long bufferLength = data.length - bufferStart;
        String text = new ByteReader(data, 8, bufferStart, source + ", header")
                .utf8((int) headerLength, "header JSON", Reason.BAD_JSON);
        if (text.charAt(0) != '{') {
            throw new ModelFormatException(Reason.BAD_JSON, source + ": header: expected a JSON object starting with '{', found '"
                    + text.charAt(0) + "'");
        }
        Object root = Json.parse(text, source + ", header JSON");
        if (!(root instanceof Map)) {
            throw new ModelFormatException(Reason.BAD_JSON, source + ": header: expected a JSON object, found " + root);
        }
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = stringMap(e.getValue(), source);
            } else {
                entries.add(entry(name, e.getValue(), bufferLength, source));
            }
        }
        checkCoverage(entries, bufferLength, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), convert(data, bufferStart, e)));
        }
        return new SafeTensorsFile(Collections.unmodifiableMap(tensors), metadata);
    }

    private static Map<String, String> stringMap(Object value, String source) throws ModelFormatException {
        if (!(value instanceof Map)) {
            throw new ModelFormatException(Reason.BAD_JSON, source + ": __metadata__: expected an object of strings, found " + value);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new ModelFormatException(Reason.BAD_JSON, source + ": __metadata__." + e.getKey()
                        + ": expected a string, found " + e.getValue());
            }
            map.put((String) e.getKey(), (String) e.getValue());
        }
        return Collections.unmodifiableMap(map);
    }

    private static Entry entry(String name, Object value, long bufferLength, String source) throws ModelFormatException {
        String where = source + ": tensor '" + name + "'";
        if (!(value instanceof Map)) {
            throw new ModelFormatException(Reason.BAD_JSON, where + ": expected an object with dtype, shape and data_offsets,"
                    + " found " + value);
        }
        Map<?, ?> fields = (Map<?, ?>) value;
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new ModelFormatException(Reason.BAD_JSON, where + ": expected only dtype, shape and data_offsets, found '"
                        + key + "'");
            }
        }
        Object dtypeValue = fields.get("dtype");
        if (!(dtypeValue instanceof String)) {
            throw new ModelFormatException(Reason.BAD_JSON, where + ": dtype: expected a string, found " + dtypeValue);
        }
        String dtype = (String) dtypeValue;
        int elementBytes = elementBytes(dtype, where);
        List<?> shapeList = list(fields.get("shape"), where + ": shape");
        long[] shape = new long[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeInteger(shapeList.get(i), where + ": shape[" + i + "]");
            // Bounded by the buffer: an absurd shape fails here, never as an allocation.
            if (shape[i] != 0 && elements > bufferLength / shape[i]) {
                elements = bufferLength + 1;
            } else {
                elements *= shape[i];
            }
        }
        List<?> offsets = list(fields.get("data_offsets"), where + ": data_offsets");
        if (offsets.size() != 2) {
            throw new ModelFormatException(Reason.BAD_JSON, where + ": data_offsets: expected [begin, end], found "
                    + offsets.size() + " values");
        }
        long begin = nonNegativeInteger(offsets.get(0), where + ": data_offsets[0]");
        long end = nonNegativeInteger(offsets.get(1), where + ": data_offsets[1]");
        if (begin > end || end > bufferLength) {
            throw new ModelFormatException(Reason.BAD_OFFSETS, where + ": data_offsets: expected 0 <= begin <= end <= "
                    + bufferLength + " (the data buffer), found [" + begin + ", " + end + "]");
        }
        if (elements > bufferLength || elements * elementBytes != end - begin) {
            throw new ModelFormatException(Reason.BAD_SHAPE, where + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + (elements > bufferLength ? "more than " + bufferLength : String.valueOf(elements * elementBytes))
                    + " bytes, data_offsets give " + (end - begin));
        }
        return new Entry(name, dtype, elementBytes, shape, elements, begin, end);
    }

    private static int elementBytes(String dtype, String where) throws ModelFormatException {
        switch (dtype) {
            case "F32": return 4;
            case "F64": return 8;
            case "F16":
            case "BF16": return 2;
            default:
                throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, where + ": dtype: expected F32, F16, BF16 or F64,"
                        + " found " + dtype);
        }
    }

    private static List<?> list(Object value, String where) throws ModelFormatException {
        if (!(value instanceof List)) {
            throw new ModelFormatException(Reason.BAD_JSON, where + ": expected an array, found " + value);
        }
        return (List<?>) value;
    }

    private static long nonNegativeInteger(Object value, String where) throws ModelFormatException {
        if (value instanceof Json.Number && ((Json.Number) value).isInteger()) {
            String text = ((Json.Number) value).text();
            if (!text.startsWith("-") && text.length() <= 18) {
                return Long.parseLong(text);
            }
        }
        throw new ModelFormatException(Reason.BAD_JSON, where + ": expected an integer from 0 to 10^18, found " + value);
    }

    /** The tensors' byte ranges, sorted, must tile the data buffer exactly: no overlap, no gap. */
    private static void checkCoverage(List<Entry> entries, long bufferLength, String source) throws ModelFormatException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : entries) {
            if (e.begin() < at) {
                throw new ModelFormatException(Reason.BAD_OFFSETS, source + ": tensor '" + e.name() + "' at ["
                        + e.begin() + ", " + e.end() + "): expected to start at or after byte " + at
                        + ", found it overlapping the tensor before");
            }
            if (e.begin() > at) {
                throw new ModelFormatException(Reason.BAD_OFFSETS, source + ": tensor '" + e.name() + "' at ["
                        + e.begin() + ", " + e.end() + "): expected to start at byte " + at + ", found a gap of "
                        + (e.begin() - at) + " unused bytes");
            }
            at = e.end();
        }
        if (at != bufferLength) {
            throw new ModelFormatException(Reason.BAD_OFFSETS, source + ": the tensors cover " + at
                    + " bytes of data, expected the whole buffer of " + bufferLength);
        }
    }

    private static float[] convert(byte[] data, int bufferStart, Entry e) {
        int n = (int) e.elements();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data, bufferStart + (int) e.begin(), (int) (e.end() - e.begin()))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (e.dtype()) {
            case "F32":
                b.asFloatBuffer().get(out);
                break;
            case "F64":
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
                break;
            case "F16":
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
                break;
            case "BF16":
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
                break;
            default:
                throw new AssertionError(e.dtype());
        }
        return out;
    }

    /** IEEE-754 binary16 to binary32, exactly (every half value is a float value). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // zero or subnormal: mantissa * 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13); // infinity or NaN
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
    }

    // ---------------------------------------------------------------- importing a model

    /** Imports a model exported by vecmlp (activations, loss and scaling from its metadata). */
    public static Mlp importModel(Path path) throws IOException {
        return toModel(read(path), null, null, null);
    }

    /**
     * Imports a PyTorch MLP: one layer per {@code <prefix>.weight} ordered by the numbers in the
     * prefixes, with the given activations (one per layer) and loss ({@code null}: chosen from
     * the output activation as {@link Mlp.Builder#loss} does).
     */
    public static Mlp importModel(Path path, List<Activation> activations, Loss loss) throws IOException {
        Objects.requireNonNull(activations, "activations");
        return toModel(read(path), null, activations, loss);
    }

    /** As {@link #importModel(Path, List, Loss)} with the layers named, in order, by their prefixes (other tensors are ignored). */
    public static Mlp importModel(Path path, List<String> layerNames, List<Activation> activations, Loss loss)
            throws IOException {
        Objects.requireNonNull(layerNames, "layerNames");
        Objects.requireNonNull(activations, "activations");
        return toModel(read(path), layerNames, activations, loss);
    }

    /**
     * Builds a model from read tensors. {@code layerNames} null: every {@code .weight}/{@code .bias}
     * pair in numeric order (other tensors are an error); {@code activations} null: from the
     * file's vecmlp metadata.
     */
    public static Mlp toModel(SafeTensorsFile file, List<String> layerNames, List<Activation> activations, Loss loss)
            throws ModelFormatException {
        Objects.requireNonNull(file, "file");
        List<String> prefixes = layerNames != null ? List.copyOf(layerNames) : layerPrefixes(file.tensors().keySet());
        if (prefixes.isEmpty()) {
            throw new ModelFormatException(Reason.MISSING_SECTION, "expected at least one '<name>.weight' tensor, found "
                    + file.tensors().keySet());
        }
        Map<String, String> meta = file.metadata();
        float[] parameters = null;
        float[] dropouts = null;
        boolean fromMetadata = activations == null;
        if (fromMetadata) {
            parameters = new float[prefixes.size()];
            activations = activationsFromMetadata(meta, prefixes.size(), parameters);
            dropouts = dropoutsFromMetadata(meta, prefixes.size());
            if (loss == null && meta.containsKey(META_LOSS)) {
                loss = enumValue(Loss.class, meta.get(META_LOSS), META_LOSS);
            }
        }
        if (activations.size() != prefixes.size() && fromMetadata) {
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + META_ACTIVATIONS + ": expected "
                    + prefixes.size() + " activations (one per layer: " + prefixes + "), found " + activations.size()
                    + " in '" + meta.get(META_ACTIVATIONS) + "'");
        }
        if (activations.size() != prefixes.size()) {
            throw new InvalidConfigurationException("activations: expected " + prefixes.size() + " (one per layer: "
                    + prefixes + "), found " + activations.size());
        }
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int[] widths = new int[prefixes.size()];
        int inputWidth = 0;
        for (int l = 0; l < prefixes.size(); l++) {
            String p = prefixes.get(l);
            Tensor w = file.tensors().get(p + ".weight");
            if (w == null) {
                throw new ModelFormatException(Reason.MISSING_SECTION, "layer " + l + ": expected a tensor '" + p
                        + ".weight', found only " + file.tensors().keySet());
            }
            if (w.shape().length != 2 || w.shape()[0] < 1 || w.shape()[1] < 1) {
                throw new ModelFormatException(Reason.BAD_SHAPE, "tensor '" + p + ".weight': expected a shape [out, in]"
                        + " with out, in >= 1, found " + Arrays.toString(w.shape()));
            }
            int out = (int) w.shape()[0];
            int in = (int) w.shape()[1];
            if (l == 0) {
                inputWidth = in;
            } else if (in != widths[l - 1]) {
                throw new ModelFormatException(Reason.BAD_SHAPE, "tensor '" + p + ".weight': expected [*, " + widths[l - 1]
                        + "] (layer " + prefixes.get(l - 1) + " has " + widths[l - 1] + " outputs), found "
                        + Arrays.toString(w.shape()));
            }
            Tensor b = file.tensors().get(p + ".bias");
            float[] bias;
            if (b == null) {
                bias = new float[out]; // nn.Linear(bias=False)
            } else if (b.shape().length != 1 || b.shape()[0] != out) {
                throw new ModelFormatException(Reason.BAD_SHAPE, "tensor '" + p + ".bias': expected shape [" + out
                        + "], found " + Arrays.toString(b.shape()));
            } else {
                bias = b.values();
            }
            widths[l] = out;
            weights.add(w.values());
            biases.add(bias);
        }
        Mlp model;
        try {
            Mlp.Builder builder = Mlp.builder(inputWidth).initializer(Initializer.ZEROS);
            for (int l = 0; l < widths.length - 1; l++) {
                Activation a = activations.get(l);
                builder.hidden(widths[l], a, parameters != null ? parameters[l] : a.defaultParameter());
                if (dropouts != null && dropouts[l] > 0) {
                    builder.dropout(dropouts[l]);
                }
            }
            Activation outAct = activations.get(widths.length - 1);
            builder.output(widths[widths.length - 1], outAct,
                    parameters != null ? parameters[widths.length - 1] : outAct.defaultParameter());
            if (loss != null) {
                builder.loss(loss);
            }
            for (int l = 0; l < widths.length; l++) {
                builder.weights(l, weights.get(l), biases.get(l));
            }
            model = builder.build();
        } catch (NonFiniteValueException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, e.getMessage(), e);
        } catch (InvalidConfigurationException e) {
            if (!fromMetadata) {
                throw e; // the caller's activations or loss do not fit the file's layers
            }
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__ (" + META_ACTIVATIONS + " '"
                    + meta.get(META_ACTIVATIONS) + "', " + META_LOSS + " '" + meta.get(META_LOSS) + "'): " + e.getMessage(), e);
        }
        InputScaling scaling = scalingFromMetadata(meta, inputWidth);
        if (scaling != null) {
            model.setInputScaling(scaling);
        }
        String mean = meta.get(META_TARGET_MEAN);
        String std = meta.get(META_TARGET_STD);
        if (mean != null || std != null) {
            int n = model.outputWidth();
            try {
                model.setTargetScaling(new TargetScaling(floats(mean, META_TARGET_MEAN, n, "the output width"),
                        floats(std, META_TARGET_STD, n, "the output width")));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__ target scaling: " + e.getMessage(), e);
            }
        }
        return model;
    }

    /** Prefixes of every {@code .weight} tensor, ordered by the numbers in them. */
    private static List<String> layerPrefixes(java.util.Set<String> names) throws ModelFormatException {
        List<String> prefixes = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(".weight")) {
                prefixes.add(name.substring(0, name.length() - ".weight".length()));
            } else if (!name.endsWith(".bias")) {
                throw new ModelFormatException(Reason.MALFORMED, "tensor '" + name + "': expected only <layer>.weight and"
                        + " <layer>.bias tensors of nn.Linear layers; name the layers to import to skip others");
            }
        }
        for (String name : names) {
            if (name.endsWith(".bias") && !prefixes.contains(name.substring(0, name.length() - ".bias".length()))) {
                throw new ModelFormatException(Reason.MISSING_SECTION, "tensor '" + name + "' has no matching '"
                        + name.substring(0, name.length() - ".bias".length()) + ".weight'");
            }
        }
        TreeMap<List<Long>, String> byNumbers = new TreeMap<>(SafeTensors::compareNumbers);
        for (String p : prefixes) {
            List<Long> key = numbersIn(p);
            String other = byNumbers.put(key, p);
            if (other != null) {
                throw new ModelFormatException(Reason.MALFORMED, "layers '" + other + "' and '" + p + "' carry the same"
                        + " numbers " + key + ", so their order is unknown; name the layers in order");
            }
        }
        return new ArrayList<>(byNumbers.values());
    }

    private static List<Long> numbersIn(String s) {
        List<Long> numbers = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                int j = i;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9' && j - i < 18) {
                    j++;
                }
                numbers.add(Long.parseLong(s.substring(i, j)));
                i = j;
            } else {
                i++;
            }
        }
        return numbers;
    }

    private static int compareNumbers(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Long.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * The activations of {@code vecmlp.activations}: names, a parameterised one optionally with
     * its parameter in parentheses ({@code leaky_relu(0.2)}), which goes into {@code parameters}.
     */
    private static List<Activation> activationsFromMetadata(Map<String, String> meta, int layers, float[] parameters)
            throws ModelFormatException {
        String text = meta.get(META_ACTIVATIONS);
        if (text == null) {
            throw new ModelFormatException(Reason.MISSING_SECTION, "activations: expected the file's '" + META_ACTIVATIONS
                    + "' metadata, found none (not exported by vecmlp): pass the " + layers + " activations as an argument");
        }
        List<Activation> list = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String name = item.trim();
            String argument = null;
            int open = name.indexOf('(');
            if (open > 0 && name.endsWith(")")) {
                argument = name.substring(open + 1, name.length() - 1).trim();
                name = name.substring(0, open);
            }
            Activation a = enumValue(Activation.class, name, META_ACTIVATIONS);
            float parameter = a.defaultParameter();
            if (argument != null) {
                try {
                    parameter = a.checkParameter(Double.parseDouble(argument));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + META_ACTIVATIONS + ": '" + item
                            + "': " + (e instanceof NumberFormatException ? "expected a number in parentheses" : e.getMessage()));
                }
            }
            if (list.size() < parameters.length) {
                parameters[list.size()] = parameter;
            }
            list.add(a);
        }
        return list;
    }

    /** The rates of {@code vecmlp.dropout}, or null when absent; checked by the builder. */
    private static float[] dropoutsFromMetadata(Map<String, String> meta, int layers) throws ModelFormatException {
        String text = meta.get(META_DROPOUT);
        if (text == null) {
            return null;
        }
        String[] items = text.split(",", -1);
        if (items.length != layers) {
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + META_DROPOUT + ": expected " + layers
                    + " rates (one per layer), found " + items.length);
        }
        float[] rates = new float[layers];
        for (int l = 0; l < layers; l++) {
            try {
                rates[l] = Float.parseFloat(items[l].trim());
            } catch (NumberFormatException e) {
                throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + META_DROPOUT + ": expected a number for"
                        + " layer " + l + ", found '" + items[l] + "'");
            }
        }
        return rates;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String key) throws ModelFormatException {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + key + ": expected one of "
                    + Arrays.toString(type.getEnumConstants()) + ", found '" + name + "'");
        }
    }

    private static InputScaling scalingFromMetadata(Map<String, String> meta, int width) throws ModelFormatException {
        String shift = meta.get(META_SHIFT);
        String scale = meta.get(META_SCALE);
        if (shift == null && scale == null) {
            return null;
        }
        try {
            return new InputScaling(floats(shift, META_SHIFT, width), floats(scale, META_SCALE, width));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__ input scaling: " + e.getMessage(), e);
        }
    }

    private static float[] floats(String text, String key, int width) throws ModelFormatException {
        return floats(text, key, width, "the input width");
    }

    private static float[] floats(String text, String key, int width, String what) throws ModelFormatException {
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        if (parts.length != width) {
            throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + key + ": expected " + width
                    + " comma-separated numbers (" + what + "), found " + (text == null ? "none" : parts.length));
        }
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ModelFormatException(Reason.INVALID_VALUE, "__metadata__." + key + "[" + i + "]: expected a number,"
                        + " found '" + parts[i] + "'");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- exporting a model

    /** Exports {@code model} with layers named {@code fc1, fc2, ...}, atomically. */
    public static void export(Mlp model, Path path) throws IOException {
        export(model, null, Map.of(), path);
    }

    /**
     * Exports {@code model} as float32 tensors {@code <name>.weight [out, in]} and
     * {@code <name>.bias [out]} ({@code layerNames} null: {@code fc1, fc2, ...}), with
     * {@code metadata} and the model's activations, loss and input scaling in
     * {@code __metadata__}, atomically.
     */
    public static void export(Mlp model, List<String> layerNames, Map<String, String> metadata, Path path)
            throws IOException {
        Objects.requireNonNull(path, "path");
        AtomicFiles.write(path, toBytes(model, layerNames, metadata));
    }

    /** The safetensors bytes of {@link #export(Mlp, List, Map, Path)}. */
    public static byte[] toBytes(Mlp model, List<String> layerNames, Map<String, String> metadata) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadata, "metadata");
        List<String> names = new ArrayList<>();
        for (int l = 0; l < model.layerCount(); l++) {
            names.add(layerNames == null ? "fc" + (l + 1) : layerNames.get(l));
        }
        if (layerNames != null && layerNames.size() != model.layerCount()) {
            throw new InvalidConfigurationException("layer names: expected " + model.layerCount() + ", found "
                    + layerNames.size());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        StringBuilder activations = new StringBuilder();
        for (Dense d : model.layers()) {
            activations.append(activations.length() == 0 ? "" : ",").append(d.activation().name().toLowerCase(Locale.ROOT));
            if (d.activation().hasParameter()) {
                activations.append('(').append(d.activationParameter()).append(')');
            }
        }
        meta.put(META_ACTIVATIONS, activations.toString());
        if (model.hasDropoutLayer()) {
            StringBuilder rates = new StringBuilder();
            for (Dense d : model.layers()) {
                rates.append(rates.length() == 0 ? "" : ",").append(d.dropout());
            }
            meta.put(META_DROPOUT, rates.toString());
        }
        meta.put(META_LOSS, model.loss().name().toLowerCase(Locale.ROOT));
        InputScaling scaling = model.inputScaling();
        if (scaling != null) {
            LOG.log(System.Logger.Level.INFO, "safetensors export: the input scaling goes into __metadata__ ("
                    + META_SHIFT + ", " + META_SCALE + "); PyTorch code must apply it to inputs itself");
            meta.put(META_SHIFT, joined(scaling.shift()));
            meta.put(META_SCALE, joined(scaling.scale()));
        }
        TargetScaling targets = model.targetScaling();
        if (targets != null) {
            LOG.log(System.Logger.Level.INFO, "safetensors export: the target scaling goes into __metadata__ ("
                    + META_TARGET_MEAN + ", " + META_TARGET_STD + "); PyTorch code must map outputs back itself"
                    + " (output * std + mean)");
            meta.put(META_TARGET_MEAN, joined(targets.mean()));
            meta.put(META_TARGET_STD, joined(targets.std()));
        }
        meta.putAll(metadata);

        StringBuilder header = new StringBuilder("{").append(Json.quote(METADATA_KEY)).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':')
                    .append(Json.quote(Objects.requireNonNull(e.getValue(), () -> "metadata value of " + e.getKey())));
            first = false;
        }
        header.append('}');
        long offset = 0;
        for (int l = 0; l < model.layerCount(); l++) {
            Dense d = model.layer(l);
            header.append(',').append(Json.quote(names.get(l) + ".weight")).append(":{\"dtype\":\"F32\",\"shape\":[")
                    .append(d.outputs()).append(',').append(d.inputs()).append("],\"data_offsets\":[").append(offset)
                    .append(',').append(offset + 4L * d.weightCount()).append("]}");
            offset += 4L * d.weightCount();
            header.append(',').append(Json.quote(names.get(l) + ".bias")).append(":{\"dtype\":\"F32\",\"shape\":[")
                    .append(d.outputs()).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + 4L * d.outputs()).append("]}");
            offset += 4L * d.outputs();
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the data buffer starts 8-byte aligned, as the reference writer does
        ByteWriter w = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 16, 8L + padded + offset));
        w.u64(padded);
        w.bytes(json);
        for (int i = json.length; i < padded; i++) {
            w.u8(' ');
        }
        float[] p = model.parameters();
        for (Dense d : model.layers()) {
            w.floats(p, d.weightOffset(), d.weightCount());
            w.floats(p, d.biasOffset(), d.outputs());
        }
        return w.toByteArray();
    }

    private static String joined(float[] values) {
        StringBuilder sb = new StringBuilder();
        for (float v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }
}
