package dev.vecmlp.io;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks on safetensors files: header length, JSON, dtypes, shapes and offsets, each with its reason. */
class SafeTensorsFormatTest {

    /** A safetensors file from a header text and a data buffer. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        return b.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static Reason reason(byte[] content) {
        return assertThrows(ModelFormatException.class, () -> SafeTensors.fromBytes(content)).reason();
    }

    private static final String ONE = "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";

    @Test
    void aMinimalFileReads() throws ModelFormatException {
        SafeTensors.SafeTensorsFile f = SafeTensors.fromBytes(file(ONE, floats(1.5f, -2f)));
        assertArrayEquals(new float[]{1.5f, -2f}, f.tensors().get("a.weight").values());
        assertArrayEquals(new long[]{1, 2}, f.tensors().get("a.weight").shape());
        // Trailing spaces (the reference writer's padding) are fine.
        assertEquals(1, SafeTensors.fromBytes(file(ONE + "   ", floats(1.5f, -2f))).tensors().size());
    }

    @Test
    void theHeaderLengthIsBounded() {
        assertEquals(Reason.BAD_HEADER_LENGTH, reason(new byte[5]));
        byte[] f = file(ONE, floats(1, 2));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, f.length); // longer than the file
        assertEquals(Reason.BAD_HEADER_LENGTH, reason(f));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 - 1
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.fromBytes(f));
        assertEquals(Reason.BAD_HEADER_LENGTH, e.reason());
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0);
        assertEquals(Reason.BAD_HEADER_LENGTH, reason(f));
    }

    @Test
    void theHeaderMustBeStrictJson() {
        byte[] data = floats(1, 2);
        String[] bad = {
                "[1,2]",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},}",
                "{'a.weight':{}}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}",
                "{\"a\":1,\"a\":2}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[01,2],\"data_offsets\":[0,8]}}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}} x",
                "{\"a\":\"tab\there\"}",
                "{\"a\":\"\\q\"}",
                "{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}",
                " {}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,8]}}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1.0,2],\"data_offsets\":[0,8]}}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0]}}",
                "{\"a.weight\":{\"dtype\":32,\"shape\":[1,2],\"data_offsets\":[0,8]}}",
                "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8],\"extra\":1}}",
                "{\"__metadata__\":{\"k\":1}}",
        };
        for (String header : bad) {
            assertEquals(Reason.BAD_JSON, reason(file(header, data)), header);
        }
        byte[] notUtf8 = file("{\"\u00e9\":{}}", new byte[0]);
        notUtf8[10] = (byte) 0xff;
        assertEquals(Reason.BAD_JSON, reason(notUtf8));
    }

    @Test
    void dtypesOtherThanFloatsAreRefusedAndFloatsConverted() throws ModelFormatException {
        assertEquals(Reason.UNSUPPORTED_DTYPE,
                reason(file(ONE.replace("F32", "I32"), floats(1, 2))));
        assertEquals(Reason.UNSUPPORTED_DTYPE,
                reason(file(ONE.replace("F32", "complex"), floats(1, 2))));

        // F16: 1.0, -2.0, 65504 (largest), 2^-24 (smallest subnormal), +inf; BF16: 1.0, -3.0; F64: 0.1.
        ByteBuffer d = ByteBuffer.allocate(10 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001)
                .putShort((short) 0x7C00);
        d.putShort((short) 0x3F80).putShort((short) 0xC040);
        d.putDouble(0.1);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[14,22]}}";
        SafeTensors.SafeTensorsFile f = SafeTensors.fromBytes(file(header, d.array()));
        assertArrayEquals(new float[]{1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, f.tensors().get("h").values());
        assertArrayEquals(new float[]{1f, -3f}, f.tensors().get("b").values());
        assertArrayEquals(new float[]{0.1f}, f.tensors().get("d").values());
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
        assertEquals(-0f, SafeTensors.halfToFloat((short) 0x8000));
        assertEquals(0x1p-14f, SafeTensors.halfToFloat((short) 0x0400)); // smallest normal
    }

    @Test
    void shapesMustMatchTheirBytes() {
        assertEquals(Reason.BAD_SHAPE, reason(file(ONE.replace("[1,2]", "[1,3]"), floats(1, 2))));
        // An absurd shape is refused by arithmetic, not by trying to allocate it.
        assertEquals(Reason.BAD_SHAPE, reason(file(ONE.replace("[1,2]", "[100000000000000000,100000000000000000]"),
                floats(1, 2))));
        assertEquals(Reason.BAD_SHAPE, reason(file(ONE.replace("[1,2]", "[0,2]"), floats(1, 2))));
    }

    @Test
    void offsetsMustTileTheBuffer() {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";
        byte[] data = floats(1, 2, 3);
        assertEquals(Reason.BAD_OFFSETS, reason(file(String.format(two, 0, 8, 4, 8), data))); // overlap
        assertEquals(Reason.BAD_OFFSETS, reason(file(String.format(two, 0, 8, 8, 16), data))); // past the end
        assertEquals(Reason.BAD_OFFSETS, reason(file(String.format(two, 4, 12, 0, 4), floats(1, 2, 3, 4)))); // gap at end
        assertEquals(Reason.BAD_OFFSETS, reason(file(String.format(two, 4, 12, 12, 8), data))); // begin > end
        assertEquals(Reason.BAD_OFFSETS, reason(file(ONE, floats(1, 2, 3)))); // buffer not covered
        assertEquals(Reason.BAD_OFFSETS, reason(file(ONE.replace("[0,8]", "[4,12]"), floats(1, 2, 3)))); // gap at start
    }

    // ---------------------------------------------------------------- from tensors to a model

    private static final List<Activation> TWO = List.of(Activation.RELU, Activation.LINEAR);

    private static byte[] twoLayers(String w1Shape, String b1Shape, String w2Shape) {
        return file("{\"l1.weight\":{\"dtype\":\"F32\",\"shape\":" + w1Shape + ",\"data_offsets\":[0,24]},"
                + "\"l1.bias\":{\"dtype\":\"F32\",\"shape\":" + b1Shape + ",\"data_offsets\":[24,32]},"
                + "\"l2.weight\":{\"dtype\":\"F32\",\"shape\":" + w2Shape + ",\"data_offsets\":[32,40]}}",
                floats(1, 2, 3, 4, 5, 6, 0.5f, -0.5f, 7, 8));
    }

    private static Reason modelReason(byte[] content, List<String> names, List<Activation> activations) {
        return assertThrows(ModelFormatException.class,
                () -> SafeTensors.toModel(SafeTensors.fromBytes(content), names, activations, null)).reason();
    }

    @Test
    void layersAreBuiltFromWeightAndBiasPairs() throws ModelFormatException {
        Mlp m = SafeTensors.toModel(SafeTensors.fromBytes(twoLayers("[2,3]", "[2]", "[1,2]")), null, TWO, null);
        assertEquals(3, m.inputWidth());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, m.weights(0));
        assertArrayEquals(new float[]{0.5f, -0.5f}, m.bias(0));
        assertArrayEquals(new float[]{7, 8}, m.weights(1));
        assertArrayEquals(new float[]{0}, m.bias(1)); // no l2.bias: nn.Linear(bias=False)
        assertEquals(Reason.BAD_SHAPE, modelReason(twoLayers("[6]", "[2]", "[1,2]").clone(), null, TWO));
        assertEquals(Reason.BAD_SHAPE, modelReason(twoLayers("[2,3]", "[2]", "[2,1]"), null, TWO));
        assertEquals(Reason.BAD_SHAPE, modelReason(twoLayers("[3,2]", "[2]", "[1,2]"), null, TWO));
        assertEquals(Reason.MISSING_SECTION, modelReason(twoLayers("[2,3]", "[2]", "[1,2]"), List.of("l1", "l3"), TWO));
        assertThrows(InvalidConfigurationException.class, () -> SafeTensors.toModel(
                SafeTensors.fromBytes(twoLayers("[2,3]", "[2]", "[1,2]")), null, List.of(Activation.RELU), null));
        ModelFormatException none = assertThrows(ModelFormatException.class, () -> SafeTensors.toModel(
                SafeTensors.fromBytes(twoLayers("[2,3]", "[2]", "[1,2]")), null, null, null)); // no vecmlp metadata
        assertEquals(Reason.MISSING_SECTION, none.reason());
    }

    @Test
    void corruptVecmlpMetadataIsAModelFormatException() throws ModelFormatException {
        byte[] valid = SafeTensors.toBytes(ModelFilesTest.sample(0), null, java.util.Map.of());
        String header = new String(valid, 8, (int) java.nio.ByteBuffer.wrap(valid, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(), java.nio.charset.StandardCharsets.UTF_8);
        String[][] corruptions = {
                {"\"relu,tanh,softmax\"", "\"relu,softmax\""},          // too few activations
                {"\"relu,tanh,softmax\"", "\"relu,tanh,softmax,relu\""}, // too many
                {"\"relu,tanh,softmax\"", "\"softmax,tanh,softmax\""},   // softmax on a hidden layer
                {"\"relu,tanh,softmax\"", "\"relu,tanh,cube\""},         // unknown activation
                {"\"cross_entropy\"", "\"mse\""},                        // a loss the softmax head cannot have
        };
        for (String[] c : corruptions) {
            assertTrue(header.contains(c[0]), header);
            String forged = header.replace(c[0], c[1]);
            byte[] data = java.util.Arrays.copyOfRange(valid, 8 + header.length(), valid.length);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> SafeTensors.toModel(SafeTensors.fromBytes(file(forged, data)), null, null, null), c[1]);
            assertEquals(Reason.INVALID_VALUE, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        }
    }

    @Test
    void layerOrderComesFromTheNumbersInTheNames() throws ModelFormatException {
        String h = "{\"net.10.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"net.2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}";
        byte[] f = file(h, floats(7, 8, 1, 2, 3, 4, 5, 6));
        Mlp m = SafeTensors.toModel(SafeTensors.fromBytes(f), null, TWO, null);
        assertEquals(3, m.inputWidth()); // net.2 first, although net.10 sorts first as text
        String ambiguous = h.replace("net.10", "enc.2");
        assertEquals(Reason.MALFORMED, modelReason(file(ambiguous, floats(7, 8, 1, 2, 3, 4, 5, 6)), null, TWO));
        assertEquals(3, SafeTensors.toModel(SafeTensors.fromBytes(file(ambiguous, floats(7, 8, 1, 2, 3, 4, 5, 6))),
                List.of("net.2", "enc.2"), TWO, null).inputWidth());
    }

    @Test
    void otherTensorsAreAnErrorUnlessTheLayersAreNamed() throws ModelFormatException {
        String h = "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"bn.running_mean\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        byte[] f = file(h, floats(1, 2, 3));
        assertEquals(Reason.MALFORMED, modelReason(f, null, List.of(Activation.LINEAR)));
        assertEquals(2, SafeTensors.toModel(SafeTensors.fromBytes(f), List.of("fc1"), List.of(Activation.LINEAR), null)
                .inputWidth());
        String orphan = "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"fc2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertEquals(Reason.MISSING_SECTION, modelReason(file(orphan, floats(1, 2, 3)), null, List.of(Activation.LINEAR)));
    }

    @Test
    void nonFiniteWeightsAreInvalid() {
        byte[] f = file(ONE, floats(1, Float.NaN));
        assertEquals(Reason.INVALID_VALUE, modelReason(f, null, List.of(Activation.LINEAR)));
    }

    @Test
    void mutatedFilesGiveOnlySpecificExceptions() throws Exception {
        byte[] valid = SafeTensors.toBytes(ModelFilesTest.sample(0), null, java.util.Map.of("k", "v"));
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = ModelFileFuzzTest.mutate(valid, random);
            try {
                SafeTensors.SafeTensorsFile f = SafeTensors.fromBytes(mutated);
                SafeTensors.toModel(f, null, null, null);
            } catch (ModelFormatException expected) {
                refused++;
            } catch (Throwable t) {
                throw new AssertionError("case " + i + ": expected a ModelFormatException, found " + t, t);
            }
        }
        assertTrue(refused > 0, "refused " + refused);
    }
}
