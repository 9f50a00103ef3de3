package dev.vecmlp.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.io.ModelFormatException.Reason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The subset of the ONNX protobuf messages ({@code onnx.proto}, IR version 3 to 10) that a dense
 * network needs, mapped by hand onto protobuf-java's wire-format reader and writer. Field
 * numbers are the specification's; every field this class does not map is skipped on reading
 * (sub-graphs, sparse tensors, training info, functions), so a file from a newer exporter still
 * parses and the interpreter decides what it can run.
 *
 * <p>Reading is bounded by the input: each nested message is read under a limit that must fit
 * in its parent, each length is checked against the bytes left before anything is allocated,
 * a tensor's value array is sized once from the bytes its message has left (so repeated or
 * chunked values never regrow it), groups (which ONNX never uses, and which could nest without
 * bound) are refused, and every object, string, byte and value array the reader creates is
 * charged, at a conservative estimate of its heap size, against a budget of
 * {@link #BUDGET_PER_BYTE} bytes per input byte plus {@link #BUDGET_FIXED}: a file of many tiny
 * messages, which cost two bytes each on the wire but a few hundred on the heap, is refused
 * ({@code TOO_LARGE}) before it can make the reader allocate more. Every failure is a
 * {@link ModelFormatException}.
 */
final class OnnxProto {
    private OnnxProto() {
    }

    /** Heap bytes the parse may charge per input byte (raw weight data is charged once, at its size). */
    static final long BUDGET_PER_BYTE = 2;
    /** Heap bytes the parse may charge on top, for the fixed objects and names of a small graph. */
    static final long BUDGET_FIXED = 768 << 10;

    /**
     * Estimated heap bytes per message object created (object, its lists and their first backing
     * arrays), with room for the interpreter's per-node maps; generous on purpose.
     */
    private static final long MODEL_COST = 256, GRAPH_COST = 512, NODE_COST = 448, ATTRIBUTE_COST = 320,
            TENSOR_COST = 512, VALUE_INFO_COST = 192, DIM_COST = 64, SMALL_COST = 64;
    /** Per node input or output name, on top of the string: the interpreter's consumer lists and sets hold it. */
    private static final long VALUE_NAME_COST = 64;

    /** TensorProto.DataType values this module knows. */
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9,
            FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;

    /** AttributeProto.AttributeType values. */
    static final int ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_TENSOR = 4, ATTR_GRAPH = 5,
            ATTR_FLOATS = 6, ATTR_INTS = 7, ATTR_STRINGS = 8;

    static String dataTypeName(int type) {
        switch (type) {
            case FLOAT: return "float32";
            case UINT8: return "uint8";
            case INT8: return "int8";
            case 4: return "uint16";
            case 5: return "int16";
            case INT32: return "int32";
            case INT64: return "int64";
            case STRING: return "string";
            case BOOL: return "bool";
            case FLOAT16: return "float16";
            case DOUBLE: return "float64";
            case 12: return "uint32";
            case 13: return "uint64";
            case BFLOAT16: return "bfloat16";
            default: return "data type " + type;
        }
    }

    // ------------------------------------------------------------------ messages

    /** ModelProto. */
    static final class Model {
        long irVersion;
        final List<OpsetId> opsetImports = new ArrayList<>();
        String producerName = "";
        String producerVersion = "";
        String domain = "";
        long modelVersion;
        String docString = "";
        Graph graph;
        final List<String[]> metadata = new ArrayList<>();
    }

    /** OperatorSetIdProto. */
    static final class OpsetId {
        String domain = "";
        long version;

        OpsetId() {
        }

        OpsetId(String domain, long version) {
            this.domain = domain;
            this.version = version;
        }
    }

    /** GraphProto. */
    static final class Graph {
        String name = "";
        final List<Node> nodes = new ArrayList<>();
        final List<Tensor> initializers = new ArrayList<>();
        final List<ValueInfo> inputs = new ArrayList<>();
        final List<ValueInfo> outputs = new ArrayList<>();
        final List<ValueInfo> valueInfo = new ArrayList<>();
        int sparseInitializers;
    }

    /** NodeProto. */
    static final class Node {
        final List<String> inputs = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        final List<Attribute> attributes = new ArrayList<>();

        Attribute attribute(String attributeName) {
            for (Attribute a : attributes) {
                if (a.name.equals(attributeName)) {
                    return a;
                }
            }
            return null;
        }

        /** How messages name this node: its name and op type, or its first output when unnamed. */
        String describe() {
            String id = !name.isEmpty() ? "'" + name + "'" : outputs.isEmpty() ? "(unnamed)" : "producing '" + outputs.get(0) + "'";
            return "node " + id + " (" + (domain.isEmpty() ? "" : domain + ".") + opType + ")";
        }
    }

    /** AttributeProto (sub-graphs are skipped, their presence remembered). */
    static final class Attribute {
        String name = "";
        int type;
        float f;
        long i;
        byte[] s = new byte[0];
        Tensor t;
        boolean hasGraph;
        final FloatList floats = new FloatList();
        final LongList ints = new LongList();
        final List<byte[]> strings = new ArrayList<>();
        String refAttrName = "";
    }

    /** TensorProto, with its data in whichever field the writer used. */
    static final class Tensor {
        final LongList dims = new LongList();
        int dataType;
        String name = "";
        byte[] rawData;
        final FloatList floatData = new FloatList();
        final LongList int32Data = new LongList();
        final LongList int64Data = new LongList();
        final DoubleList doubleData = new DoubleList();
        final List<byte[]> stringData = new ArrayList<>();
        boolean external;
        boolean segmented;

        long elementCount() {
            long n = 1;
            for (int k = 0; k < dims.size(); k++) {
                long d = dims.get(k);
                if (d < 0) {
                    return -1;
                }
                n = n == 0 || d == 0 ? 0 : n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
            }
            return n;
        }

        String shape() {
            return Arrays.toString(dims.toArray());
        }
    }

    /** ValueInfoProto with its TypeProto.Tensor flattened in: element type and shape (null dims: unknown). */
    static final class ValueInfo {
        String name = "";
        /** 0 when the type is not a tensor (sequence, map, optional...) or absent. */
        int elemType;
        boolean tensorType;
        String otherType = "";
        /** Null when the shape is absent (unknown rank). */
        List<Dim> shape;
    }

    /** TensorShapeProto.Dimension: a value, a symbolic parameter, or neither (unknown). */
    static final class Dim {
        long value = -1;
        String param = "";

        Dim() {
        }

        Dim(long value, String param) {
            this.value = value;
            this.param = param;
        }

        @Override
        public String toString() {
            return value >= 0 ? Long.toString(value) : !param.isEmpty() ? param : "?";
        }
    }

    // ------------------------------------------------------------------ reading

    /** Parses a ModelProto from {@code bytes}. */
    static Model parseModel(byte[] bytes, String source) throws ModelFormatException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        Reader r = new Reader(in, bytes.length, source);
        try {
            int limit = in.pushLimit(bytes.length);
            Model m = r.model();
            in.popLimit(limit);
            return m;
        } catch (ModelFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            Reason reason = String.valueOf(e.getMessage()).contains("truncated") ? Reason.TRUNCATED : Reason.MALFORMED;
            throw new ModelFormatException(reason, source + ": not a valid ONNX protobuf ModelProto at byte "
                    + in.getTotalBytesRead() + " of " + bytes.length + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException(Reason.MALFORMED, source + ": cannot parse ONNX at byte " + in.getTotalBytesRead()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A recursive-descent reader over one input; each message method reads until its limit. */
    private static final class Reader {
        private final CodedInputStream in;
        private final int size;

        /** Integers still allowed: a varint can be one byte but is held in eight, so their total is capped. */
        private long integersLeft;

        /** Heap bytes still allowed (see {@link OnnxProto#BUDGET_PER_BYTE}). */
        private long budgetLeft;
        private final long budget;

        private final String src;

        Reader(CodedInputStream in, int size, String source) {
            this.in = in;
            this.src = source;
            this.size = size;
            this.integersLeft = size / 8 + 1024;
            this.budget = BUDGET_PER_BYTE * size + BUDGET_FIXED;
            this.budgetLeft = budget;
        }

        /** Charges {@code bytes} of heap against the budget, refusing the file once it is spent. */
        private void charge(long bytes, String what) throws ModelFormatException {
            budgetLeft -= bytes;
            if (budgetLeft < 0) {
                throw new ModelFormatException(Reason.TOO_LARGE, src + ": reading " + what + " at byte "
                        + in.getTotalBytesRead() + " would take the parsed graph past " + budget + " bytes of memory"
                        + " for a file of " + size + " bytes (" + BUDGET_PER_BYTE + " per byte + " + BUDGET_FIXED
                        + "); the file holds too many small messages or repeated values for a dense network");
            }
        }

        private long integer(long v) throws ModelFormatException {
            if (--integersLeft < 0) {
                throw new ModelFormatException(Reason.TOO_LARGE, src + ": more than " + (size / 8 + 1024)
                        + " integer values (dims, int32/int64 data, ints attributes) in a file of " + size
                        + " bytes; a dense network needs a handful");
            }
            return v;
        }

        /** Reads a length prefix, checks it fits in what is left of the enclosing message, and enters it. */
        private int enter(String what) throws IOException {
            int length = in.readRawVarint32();
            int left = in.getBytesUntilLimit();
            if (length < 0 || length > left) {
                throw new ModelFormatException(Reason.TRUNCATED, src + ": " + what + " at byte " + in.getTotalBytesRead()
                        + " claims " + (length & 0xffffffffL) + " bytes, but only " + left + " are left in its parent"
                        + " (file of " + size + " bytes)");
            }
            return in.pushLimit(length);
        }

        private void leave(int oldLimit) {
            in.popLimit(oldLimit);
        }

        private byte[] bytes(String what) throws IOException {
            int length = in.readRawVarint32();
            int left = in.getBytesUntilLimit();
            if (length < 0 || length > left) {
                throw new ModelFormatException(Reason.TRUNCATED, src + ": " + what + " at byte " + in.getTotalBytesRead()
                        + " claims " + (length & 0xffffffffL) + " bytes, but only " + left + " are left");
            }
            charge(length + 24L, what);
            return in.readRawBytes(length);
        }

        private String string(String what) throws IOException {
            byte[] b = bytes(what);
            // The String (one byte per input byte when Latin-1, else up to two) and its header.
            charge(2L * b.length + 48, what);
            return new String(b, StandardCharsets.UTF_8);
        }

        private void skip(int tag, String message) throws IOException {
            int wire = WireFormat.getTagWireType(tag);
            if (wire == WireFormat.WIRETYPE_START_GROUP || wire == WireFormat.WIRETYPE_END_GROUP || wire > 5) {
                throw new ModelFormatException(Reason.MALFORMED, src + ": field " + WireFormat.getTagFieldNumber(tag)
                        + " of " + message + " has wire type " + wire + " (groups and unknown wire types are not ONNX)"
                        + " at byte " + in.getTotalBytesRead());
            }
            if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = enter("field " + WireFormat.getTagFieldNumber(tag) + " of " + message);
                in.skipRawBytes(in.getBytesUntilLimit());
                leave(limit);
            } else {
                in.skipField(tag);
            }
        }

        private void expectWire(int tag, int wire, String what) throws ModelFormatException {
            if (WireFormat.getTagWireType(tag) != wire) {
                throw new ModelFormatException(Reason.MALFORMED, src + ": " + what + " has wire type "
                        + WireFormat.getTagWireType(tag) + ", expected " + wire + " (at byte " + in.getTotalBytesRead() + ")");
            }
        }

        Model model() throws IOException {
            charge(MODEL_COST, "ModelProto");
            Model m = new Model();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3): m.irVersion = in.readInt64(); break;
                    case (2 << 3) | 2: m.producerName = string("ModelProto.producer_name"); break;
                    case (3 << 3) | 2: m.producerVersion = string("ModelProto.producer_version"); break;
                    case (4 << 3) | 2: m.domain = string("ModelProto.domain"); break;
                    case (5 << 3): m.modelVersion = in.readInt64(); break;
                    case (6 << 3) | 2: m.docString = string("ModelProto.doc_string"); break;
                    case (7 << 3) | 2: {
                        int limit = enter("ModelProto.graph");
                        m.graph = graph();
                        leave(limit);
                        break;
                    }
                    case (8 << 3) | 2: {
                        int limit = enter("ModelProto.opset_import");
                        charge(SMALL_COST, "ModelProto.opset_import");
                        m.opsetImports.add(opset());
                        leave(limit);
                        break;
                    }
                    case (14 << 3) | 2: {
                        int limit = enter("ModelProto.metadata_props");
                        charge(SMALL_COST, "ModelProto.metadata_props");
                        m.metadata.add(entry());
                        leave(limit);
                        break;
                    }
                    default: skip(tag, "ModelProto");
                }
            }
            return m;
        }

        OpsetId opset() throws IOException {
            OpsetId o = new OpsetId();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2: o.domain = string("OperatorSetIdProto.domain"); break;
                    case (2 << 3): o.version = in.readInt64(); break;
                    default: skip(tag, "OperatorSetIdProto");
                }
            }
            return o;
        }

        String[] entry() throws IOException {
            String[] kv = {"", ""};
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2: kv[0] = string("StringStringEntryProto.key"); break;
                    case (2 << 3) | 2: kv[1] = string("StringStringEntryProto.value"); break;
                    default: skip(tag, "StringStringEntryProto");
                }
            }
            return kv;
        }

        Graph graph() throws IOException {
            charge(GRAPH_COST, "GraphProto");
            Graph g = new Graph();
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == 1 || field == 5 || field == 11 || field == 12 || field == 13) {
                    expectWire(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "GraphProto field " + field);
                }
                switch (field) {
                    case 1: {
                        int limit = enter("GraphProto.node");
                        g.nodes.add(node());
                        leave(limit);
                        break;
                    }
                    case 2:
                        expectWire(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "GraphProto.name");
                        g.name = string("GraphProto.name");
                        break;
                    case 5: {
                        int limit = enter("GraphProto.initializer");
                        g.initializers.add(tensor());
                        leave(limit);
                        break;
                    }
                    case 11: case 12: case 13: {
                        int limit = enter(field == 11 ? "GraphProto.input" : field == 12 ? "GraphProto.output"
                                : "GraphProto.value_info");
                        ValueInfo v = valueInfo();
                        (field == 11 ? g.inputs : field == 12 ? g.outputs : g.valueInfo).add(v);
                        leave(limit);
                        break;
                    }
                    case 15:
                        g.sparseInitializers++;
                        skip(tag, "GraphProto");
                        break;
                    default: skip(tag, "GraphProto");
                }
            }
            return g;
        }

        Node node() throws IOException {
            charge(NODE_COST, "NodeProto");
            Node n = new Node();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2:
                        charge(VALUE_NAME_COST, "NodeProto.input");
                        n.inputs.add(string("NodeProto.input"));
                        break;
                    case (2 << 3) | 2:
                        charge(VALUE_NAME_COST, "NodeProto.output");
                        n.outputs.add(string("NodeProto.output"));
                        break;
                    case (3 << 3) | 2: n.name = string("NodeProto.name"); break;
                    case (4 << 3) | 2: n.opType = string("NodeProto.op_type"); break;
                    case (7 << 3) | 2: n.domain = string("NodeProto.domain"); break;
                    case (5 << 3) | 2: {
                        int limit = enter("NodeProto.attribute");
                        n.attributes.add(attribute());
                        leave(limit);
                        break;
                    }
                    default: skip(tag, "NodeProto");
                }
            }
            return n;
        }

        Attribute attribute() throws IOException {
            charge(ATTRIBUTE_COST, "AttributeProto");
            Attribute a = new Attribute();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2: a.name = string("AttributeProto.name"); break;
                    case (20 << 3): a.type = in.readInt32(); break;
                    case (2 << 3) | 5: a.f = in.readFloat(); break;
                    case (3 << 3): a.i = in.readInt64(); break;
                    case (4 << 3) | 2: a.s = bytes("AttributeProto.s"); break;
                    case (5 << 3) | 2: {
                        int limit = enter("AttributeProto.t");
                        a.t = tensor();
                        leave(limit);
                        break;
                    }
                    case (6 << 3) | 2: case (11 << 3) | 2:
                        a.hasGraph = true;
                        skip(tag, "AttributeProto");
                        break;
                    case (7 << 3) | 5: room(a.floats, "AttributeProto.floats"); a.floats.add(in.readFloat()); break;
                    case (7 << 3) | 2: packedFloats(a.floats, "AttributeProto.floats"); break;
                    case (8 << 3): addInteger(a.ints, in.readInt64(), "AttributeProto.ints"); break;
                    case (8 << 3) | 2: packedVarints(a.ints, "AttributeProto.ints"); break;
                    case (9 << 3) | 2: a.strings.add(bytes("AttributeProto.strings")); break;
                    case (21 << 3) | 2: a.refAttrName = string("AttributeProto.ref_attr_name"); break;
                    default: skip(tag, "AttributeProto");
                }
            }
            return a;
        }

        Tensor tensor() throws IOException {
            charge(TENSOR_COST, "TensorProto");
            Tensor t = new Tensor();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3): addInteger(t.dims, in.readInt64(), "TensorProto.dims"); break;
                    case (1 << 3) | 2: packedVarints(t.dims, "TensorProto.dims"); break;
                    case (2 << 3): t.dataType = in.readInt32(); break;
                    case (3 << 3) | 2: t.segmented = true; skip(tag, "TensorProto"); break;
                    case (4 << 3) | 5: room(t.floatData, "TensorProto.float_data"); t.floatData.add(in.readFloat()); break;
                    case (4 << 3) | 2: packedFloats(t.floatData, "TensorProto.float_data"); break;
                    case (5 << 3): addInteger(t.int32Data, in.readInt32(), "TensorProto.int32_data"); break;
                    case (5 << 3) | 2: packedVarints(t.int32Data, "TensorProto.int32_data"); break;
                    case (6 << 3) | 2: t.stringData.add(bytes("TensorProto.string_data")); break;
                    case (7 << 3): addInteger(t.int64Data, in.readInt64(), "TensorProto.int64_data"); break;
                    case (7 << 3) | 2: packedVarints(t.int64Data, "TensorProto.int64_data"); break;
                    case (8 << 3) | 2: t.name = string("TensorProto.name"); break;
                    case (9 << 3) | 2: t.rawData = bytes("TensorProto.raw_data"); break;
                    case (10 << 3) | 1: room(t.doubleData, "TensorProto.double_data"); t.doubleData.add(in.readDouble()); break;
                    case (10 << 3) | 2: packedDoubles(t.doubleData, "TensorProto.double_data"); break;
                    case (13 << 3) | 2: t.external = true; skip(tag, "TensorProto"); break;
                    case (14 << 3): t.external |= in.readInt32() == 1; break;
                    default: skip(tag, "TensorProto");
                }
            }
            return t;
        }

        ValueInfo valueInfo() throws IOException {
            charge(VALUE_INFO_COST, "ValueInfoProto");
            ValueInfo v = new ValueInfo();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2: v.name = string("ValueInfoProto.name"); break;
                    case (2 << 3) | 2: {
                        int limit = enter("ValueInfoProto.type");
                        type(v);
                        leave(limit);
                        break;
                    }
                    default: skip(tag, "ValueInfoProto");
                }
            }
            return v;
        }

        /** TypeProto: only tensor_type (field 1) is mapped; others are named for messages. */
        void type(ValueInfo v) throws IOException {
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2: {
                        v.tensorType = true;
                        int limit = enter("TypeProto.tensor_type");
                        int t2;
                        while ((t2 = in.readTag()) != 0) {
                            switch (t2) {
                                case (1 << 3): v.elemType = in.readInt32(); break;
                                case (2 << 3) | 2: {
                                    int l2 = enter("TypeProto.Tensor.shape");
                                    v.shape = shape();
                                    leave(l2);
                                    break;
                                }
                                default: skip(t2, "TypeProto.Tensor");
                            }
                        }
                        leave(limit);
                        break;
                    }
                    case (4 << 3) | 2: v.otherType = "sequence"; skip(tag, "TypeProto"); break;
                    case (5 << 3) | 2: v.otherType = "map"; skip(tag, "TypeProto"); break;
                    case (8 << 3) | 2: v.otherType = "sparse tensor"; skip(tag, "TypeProto"); break;
                    case (9 << 3) | 2: v.otherType = "optional"; skip(tag, "TypeProto"); break;
                    default: skip(tag, "TypeProto");
                }
            }
        }

        List<Dim> shape() throws IOException {
            List<Dim> dims = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == ((1 << 3) | 2)) {
                    int limit = enter("TensorShapeProto.dim");
                    charge(DIM_COST, "TensorShapeProto.dim");
                    Dim d = new Dim();
                    int t2;
                    while ((t2 = in.readTag()) != 0) {
                        switch (t2) {
                            case (1 << 3): d.value = in.readInt64(); break;
                            case (2 << 3) | 2: d.param = string("Dimension.dim_param"); break;
                            default: skip(t2, "TensorShapeProto.Dimension");
                        }
                    }
                    if (d.value < 0) {
                        d.value = -1;
                    }
                    dims.add(d);
                    leave(limit);
                } else {
                    skip(tag, "TensorShapeProto");
                }
            }
            return dims;
        }

        /**
         * Makes room in {@code out} for every float its message can still hold (what is left of the
         * message over four bytes): the array is sized once per message, never regrown by later
         * values or chunks, and never larger than the bytes that could fill it.
         */
        private void room(FloatList out, String what) throws ModelFormatException {
            int more = in.getBytesUntilLimit() / 4;
            if (out.capacity() < out.size() + more) {
                charge(4L * (out.size() + more) + 16, what);
                out.reserve(more);
            }
        }

        private void room(DoubleList out, String what) throws ModelFormatException {
            int more = in.getBytesUntilLimit() / 8;
            if (out.capacity() < out.size() + more) {
                charge(8L * (out.size() + more) + 16, what);
                out.reserve(more);
            }
        }

        private void addInteger(LongList out, long v, String what) throws ModelFormatException {
            integer(v);
            if (out.size() == out.capacity()) {
                charge(8L * out.grownCapacity() + 16, what);
            }
            out.add(v);
        }

        private void packedFloats(FloatList out, String what) throws IOException {
            room(out, what);
            int limit = enter(what);
            if (in.getBytesUntilLimit() % 4 != 0) {
                throw new ModelFormatException(Reason.MALFORMED, src + ": packed " + what + " of "
                        + in.getBytesUntilLimit() + " bytes at byte " + in.getTotalBytesRead() + " is not a whole number"
                        + " of 4-byte floats");
            }
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readFloat());
            }
            leave(limit);
        }

        private void packedDoubles(DoubleList out, String what) throws IOException {
            room(out, what);
            int limit = enter(what);
            if (in.getBytesUntilLimit() % 8 != 0) {
                throw new ModelFormatException(Reason.MALFORMED, src + ": packed " + what + " of "
                        + in.getBytesUntilLimit() + " bytes at byte " + in.getTotalBytesRead() + " is not a whole number"
                        + " of 8-byte doubles");
            }
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readDouble());
            }
            leave(limit);
        }

        private void packedVarints(LongList out, String what) throws IOException {
            int limit = enter(what);
            while (in.getBytesUntilLimit() > 0) {
                addInteger(out, in.readInt64(), what);
            }
            leave(limit);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Serialises a ModelProto: fields in the specification's order, tensors as raw little-endian data. */
    static byte[] write(Model m) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buf);
            out.writeInt64(1, m.irVersion);
            out.writeString(2, m.producerName);
            out.writeString(3, m.producerVersion);
            if (!m.domain.isEmpty()) {
                out.writeString(4, m.domain);
            }
            out.writeInt64(5, m.modelVersion);
            if (!m.docString.isEmpty()) {
                out.writeString(6, m.docString);
            }
            if (m.graph != null) {
                out.writeByteArray(7, graphBytes(m.graph));
            }
            for (OpsetId o : m.opsetImports) {
                out.writeByteArray(8, message(o2 -> {
                    if (!o.domain.isEmpty()) {
                        o2.writeString(1, o.domain);
                    }
                    o2.writeInt64(2, o.version);
                }));
            }
            for (String[] kv : m.metadata) {
                out.writeByteArray(14, message(o2 -> {
                    o2.writeString(1, kv[0]);
                    o2.writeString(2, kv[1]);
                }));
            }
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    private static byte[] graphBytes(Graph g) throws IOException {
        return message(out -> {
            for (Node n : g.nodes) {
                out.writeByteArray(1, nodeBytes(n));
            }
            out.writeString(2, g.name);
            for (Tensor t : g.initializers) {
                out.writeByteArray(5, tensorBytes(t));
            }
            for (ValueInfo v : g.inputs) {
                out.writeByteArray(11, valueInfoBytes(v));
            }
            for (ValueInfo v : g.outputs) {
                out.writeByteArray(12, valueInfoBytes(v));
            }
        });
    }

    private static byte[] nodeBytes(Node n) throws IOException {
        return message(out -> {
            for (String s : n.inputs) {
                out.writeString(1, s);
            }
            for (String s : n.outputs) {
                out.writeString(2, s);
            }
            out.writeString(3, n.name);
            out.writeString(4, n.opType);
            for (Attribute a : n.attributes) {
                out.writeByteArray(5, message(o -> {
                    o.writeString(1, a.name);
                    switch (a.type) {
                        case ATTR_FLOAT: o.writeFloat(2, a.f); break;
                        case ATTR_INT: o.writeInt64(3, a.i); break;
                        case ATTR_STRING: o.writeByteArray(4, a.s); break;
                        case ATTR_TENSOR: o.writeByteArray(5, tensorBytes(a.t)); break;
                        case ATTR_INTS:
                            for (int k = 0; k < a.ints.size(); k++) {
                                o.writeInt64(8, a.ints.get(k));
                            }
                            break;
                        default: throw new IllegalStateException("attribute type " + a.type + " is not written");
                    }
                    o.writeInt32(20, a.type);
                }));
            }
            if (!n.domain.isEmpty()) {
                out.writeString(7, n.domain);
            }
        });
    }

    private static byte[] tensorBytes(Tensor t) throws IOException {
        return message(out -> {
            for (int k = 0; k < t.dims.size(); k++) {
                out.writeInt64(1, t.dims.get(k));
            }
            out.writeInt32(2, t.dataType);
            out.writeString(8, t.name);
            out.writeByteArray(9, t.rawData);
        });
    }

    private static byte[] valueInfoBytes(ValueInfo v) throws IOException {
        return message(out -> {
            out.writeString(1, v.name);
            byte[] shape = v.shape == null ? null : message(s -> {
                for (Dim d : v.shape) {
                    s.writeByteArray(1, message(dm -> {
                        if (d.value >= 0) {
                            dm.writeInt64(1, d.value);
                        } else {
                            dm.writeString(2, d.param);
                        }
                    }));
                }
            });
            byte[] tensorType = message(tt -> {
                tt.writeInt32(1, v.elemType);
                if (v.shape != null) {
                    tt.writeByteArray(2, shape);
                }
            });
            out.writeByteArray(2, message(ty -> ty.writeByteArray(1, tensorType)));
        });
    }

    // ------------------------------------------------------------------ growable primitive lists

    /**
     * A growable float array (no boxing). The reader sizes it with {@link #reserve} from the bytes
     * its message has left, so it is allocated once; {@link #add} doubles it only for callers that
     * did not reserve (graphs built in code).
     */
    static final class FloatList {
        private float[] a = new float[0];
        private int n;

        /** Makes room for {@code more} values beyond the current ones, at once. */
        void reserve(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, n + more);
            }
        }

        int capacity() {
            return a.length;
        }

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(8, n * 2));
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        float get(int k) {
            return a[k];
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable double array. */
    static final class DoubleList {
        private double[] a = new double[0];
        private int n;

        void reserve(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, n + more);
            }
        }

        int capacity() {
            return a.length;
        }

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(8, n * 2));
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        double get(int k) {
            return a[k];
        }
    }

    /** A growable long array. */
    static final class LongList {
        private long[] a = new long[0];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, grownCapacity());
            }
            a[n++] = v;
        }

        int capacity() {
            return a.length;
        }

        /** The capacity {@link #add} grows to when full. */
        int grownCapacity() {
            return Math.max(8, n * 2);
        }

        int size() {
            return n;
        }

        long get(int k) {
            return a[k];
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
