package dev.vecmlp.onnx;

import com.google.protobuf.CodedOutputStream;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Forged ONNX files never make the reader allocate much beyond their size: the thread's
 * allocated bytes ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}) while
 * reading a refused file stay below {@code 2 * file size + 1 MiB}, whatever sizes or counts the
 * file claims (a 2^31-element tensor, hundreds of thousands of empty messages or repeated values,
 * float chunks that would grow an array quadratically, one weight matrix shared by many layers, a
 * scalar broadcast over a wide layer by many nodes). A model file that imports allocates at most
 * {@link #IMPORT_FACTOR} times its size plus 1 MiB: its bytes, the decoded weights, the layer
 * copies and the model itself; a chain of nodes that fold into a layer adds about what the nodes
 * take in the file, not the layer's width per node.
 */
class OnnxAllocationBoundTest {
    static final long MIB = 1L << 20;
    static final long IMPORT_FACTOR = 6;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    // ------------------------------------------------------------------ raw protobuf helpers

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buf);
        body.write(out);
        out.flush();
        return buf.toByteArray();
    }

    /** A ModelProto (IR 8, opset 13) around the given GraphProto bytes. */
    private static byte[] model(byte[] graph) throws IOException {
        return message(out -> {
            out.writeInt64(1, 8);
            out.writeByteArray(8, message(o -> o.writeInt64(2, 13)));
            out.writeByteArray(7, graph);
        });
    }

    /** A graph holding {@code count} copies of one field (number {@code field}) with the given payload. */
    private static byte[] repeatedInGraph(int field, byte[] payload, int count) throws IOException {
        return message(out -> {
            for (int k = 0; k < count; k++) {
                out.writeByteArray(field, payload);
            }
        });
    }

    /** A tensor initializer message: name, dims, float data type, then whatever {@code data} writes. */
    private static byte[] tensor(String name, long[] dims, Body data) throws IOException {
        return message(out -> {
            for (long d : dims) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, OnnxProto.FLOAT);
            out.writeString(8, name);
            data.write(out);
        });
    }

    // ------------------------------------------------------------------ measurement

    /** Reads {@code file}; returns the bytes this thread allocated (the smaller of two reads: the first loads classes). */
    private static long allocation(byte[] file, boolean mustImport) {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
            long thread = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(thread);
            try {
                Mlp m = OnnxModels.fromBytes(file, "forged.onnx").model();
                assertNotNull(m);
                if (!mustImport) {
                    fail("a forged file imported: " + m);
                }
            } catch (ModelFormatException e) {
                assertNotNull(e.getMessage());
                if (mustImport) {
                    fail("expected an import: " + e.getMessage(), e);
                }
            }
            best = Math.min(best, THREADS.getThreadAllocatedBytes(thread) - before);
        }
        return best;
    }

    private static void refusedWithin2x(String what, byte[] file) {
        long allocated = allocation(file, false);
        long limit = 2L * file.length + MIB;
        log(what + ": " + file.length + " bytes, " + allocated + " allocated");
        assertTrue(allocated <= limit, what + ": reading " + file.length + " bytes allocated " + allocated
                + " (limit 2 * size + 1 MiB = " + limit + ")");
    }

    // ------------------------------------------------------------------ forged files

    @Test
    void aSmallFileClaimingAHugeTensor() throws Exception {
        // 1 KB: a Gemm whose weights claim [65536, 32768] (2^31 values) with 16 bytes of raw data.
        TestGraphs g = new TestGraphs(13).input("x", 32768);
        g.raw("W", OnnxProto.FLOAT, new byte[16], 65536, 32768);
        g.node("Gemm", new String[]{"x", "W"}, "y", "transB", 1L);
        g.output("y", 65536);
        refusedWithin2x("2^31-element raw tensor", g.bytes());
        // The same claim with a few float_data values, and with dims whose product overflows.
        byte[] typed = model(message(out -> {
            out.writeByteArray(5, tensor("W", new long[]{1L << 31}, o -> {
                for (int k = 0; k < 4; k++) {
                    o.writeFloat(4, 1f);
                }
            }));
        }));
        refusedWithin2x("2^31-element float_data tensor", typed);
        byte[] overflow = model(message(out -> out.writeByteArray(5, tensor("W", new long[]{1L << 40, 1L << 40},
                o -> o.writeByteArray(9, new byte[8])))));
        refusedWithin2x("dims overflowing int64", overflow);
    }

    @Test
    void hundredsOfThousandsOfEmptyMessages() throws Exception {
        refusedWithin2x("empty nodes", model(repeatedInGraph(1, new byte[0], 500_000)));
        refusedWithin2x("empty initializers", model(repeatedInGraph(5, new byte[0], 500_000)));
        refusedWithin2x("empty inputs", model(repeatedInGraph(11, new byte[0], 500_000)));
        // One node with 500,000 empty input names, and one with 500,000 empty attributes.
        byte[] inputs = message(out -> {
            for (int k = 0; k < 500_000; k++) {
                out.writeString(1, "");
            }
        });
        refusedWithin2x("empty input names", model(message(out -> out.writeByteArray(1, inputs))));
        byte[] attributes = message(out -> {
            for (int k = 0; k < 500_000; k++) {
                out.writeByteArray(5, new byte[0]);
            }
        });
        refusedWithin2x("empty attributes", model(message(out -> out.writeByteArray(1, attributes))));
        // Shape dims: 300,000 empty Dimension messages in one input's shape.
        byte[] dims = message(out -> {
            for (int k = 0; k < 300_000; k++) {
                out.writeByteArray(1, new byte[0]);
            }
        });
        byte[] valueInfo = message(out -> {
            out.writeString(1, "x");
            out.writeByteArray(2, message(ty -> ty.writeByteArray(1, message(tt -> {
                tt.writeInt32(1, OnnxProto.FLOAT);
                tt.writeByteArray(2, dims);
            }))));
        });
        refusedWithin2x("empty dims", model(message(out -> out.writeByteArray(11, valueInfo))));
    }

    @Test
    void repeatedValues() throws Exception {
        // 200,000 unpacked float_data values (5 bytes each), and 150,000 packed chunks of one float each.
        refusedWithin2x("unpacked floats", model(message(out -> out.writeByteArray(5, tensor("W", new long[]{7},
                o -> {
                    for (int k = 0; k < 200_000; k++) {
                        o.writeFloat(4, 1f);
                    }
                })))));
        refusedWithin2x("packed float chunks", model(message(out -> out.writeByteArray(5, tensor("W", new long[]{7},
                o -> {
                    for (int k = 0; k < 150_000; k++) {
                        o.writeByteArray(4, new byte[4]);
                    }
                })))));
        refusedWithin2x("unpacked doubles", model(message(out -> out.writeByteArray(5, tensor("W", new long[]{7},
                o -> {
                    for (int k = 0; k < 100_000; k++) {
                        o.writeDouble(10, 1.0);
                    }
                })))));
        // 1,000,000 one-byte int64 values, unpacked and packed.
        refusedWithin2x("unpacked ints", model(message(out -> out.writeByteArray(5, tensor("W", new long[]{7},
                o -> {
                    for (int k = 0; k < 500_000; k++) {
                        o.writeInt64(7, 1);
                    }
                })))));
        byte[] packed = new byte[1_000_000];
        java.util.Arrays.fill(packed, (byte) 1);
        refusedWithin2x("packed ints", model(message(out -> out.writeByteArray(5, tensor("W", new long[]{7},
                o -> o.writeByteArray(7, packed))))));
        // 200,000 one-byte names (strings of five bytes on the wire).
        refusedWithin2x("short strings", model(message(out -> out.writeByteArray(1, message(n -> {
            for (int k = 0; k < 200_000; k++) {
                n.writeString(2, "\u00e9");
            }
        })))));
    }

    @Test
    void sharedWeightsAndBroadcastsDoNotMultiplyTheFile() throws Exception {
        // One 256 x 256 matrix (256 KB) as the weights of 64 layers: 16 MB of layers from 256 KB.
        TestGraphs shared = new TestGraphs(13).input("x", 256);
        shared.floats("W", new float[256 * 256], 256, 256);
        String current = "x";
        for (int l = 0; l < 64; l++) {
            shared.node("Gemm", new String[]{current, "W"}, "h" + l, "transB", 1L);
            current = "h" + l;
        }
        shared.output(current, 256);
        refusedWithin2x("one matrix shared by 64 layers", shared.bytes());

        // A 1 -> 60,000 layer (240 KB) followed by 250 nodes multiplying it by one shared scalar (folded into
        // the layer each time), then 250 BatchNormalizations with shared scalar statistics, then a ReLU: it
        // imports, and allocates no more than the same graph with one Mul and one BatchNormalization plus
        // 2 * the extra bytes + 1 MiB: the scalars are never broadcast into 60,000-wide arrays per node
        // (which would be 250 * 240 KB + 250 * 1.4 MB).
        byte[] few = wideChain(1);
        byte[] many = wideChain(250);
        long base = allocation(few, true);
        long allocated = allocation(many, true);
        long limit = base + 2L * (many.length - few.length) + MIB;
        log("wide layer, 1 + 1 nodes: " + few.length + " bytes, " + base + " allocated; 250 + 250 nodes: "
                + many.length + " bytes, " + allocated + " allocated");
        assertTrue(allocated <= limit, "importing " + many.length + " bytes allocated " + allocated + " (limit "
                + limit + ")");
    }

    private static byte[] wideChain(int count) {
        int wide = 60_000;
        TestGraphs g = new TestGraphs(13).input("x", 1);
        g.floats("W", new float[wide], wide, 1).floats("k", new float[]{1f}).floats("one", new float[]{1f})
                .floats("zero", new float[]{0f});
        g.node("Gemm", new String[]{"x", "W"}, "z0", "transB", 1L);
        String current = "z0";
        for (int k = 1; k <= count; k++) {
            g.node("Mul", new String[]{current, "k"}, "m" + k);
            current = "m" + k;
        }
        for (int k = 1; k <= count; k++) {
            g.node("BatchNormalization", new String[]{current, "one", "zero", "zero", "one"}, "b" + k);
            current = "b" + k;
        }
        g.node("Relu", new String[]{current}, "y");
        g.output("y", wide);
        return g.bytes();
    }

    private static void log(String message) {
        System.getLogger(OnnxAllocationBoundTest.class.getName()).log(System.Logger.Level.INFO, message);
    }

    @Test
    void realModelsImportWithinTheImportFactor() throws Exception {
        Mlp big = Mlp.builder(300).hidden(400, Activation.GELU).hidden(200, Activation.SILU)
                .output(10, Activation.SOFTMAX).seed(3).build();
        byte[] file = OnnxModels.toBytes(big, Map.of());
        long allocated = allocation(file, true);
        log("300-400-200-10 GELU/SiLU model: " + file.length + " bytes, " + allocated + " allocated");
        assertTrue(allocated <= IMPORT_FACTOR * file.length + MIB, "importing " + file.length + " bytes allocated "
                + allocated);
        for (String name : OnnxFixtureTest.FIXTURES) {
            byte[] fixture = OnnxFixtureTest.bytes(name + ".onnx");
            long a = allocation(fixture, true);
            log(name + ": " + fixture.length + " bytes, " + a + " allocated");
            assertTrue(a <= IMPORT_FACTOR * fixture.length + MIB, name + ": " + a);
        }
    }
}
