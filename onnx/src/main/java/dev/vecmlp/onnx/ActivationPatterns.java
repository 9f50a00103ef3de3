package dev.vecmlp.onnx;

import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.model.Activation;
import dev.vecmlp.onnx.OnnxProto.Node;
import dev.vecmlp.onnx.OnnxProto.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the activations that exporters write as several nodes, because the opset has no
 * single operator for them, and maps them onto one vecmlp activation:
 * <ul>
 * <li><b>exact GELU</b>, {@code x * 0.5 * (1 + Erf(x / sqrt 2))}: {@code torch.onnx.export} of
 *     {@code nn.GELU()} before opset 20 writes {@code Div(x, 1.4142135) -> Erf -> Add(., 1) ->
 *     Mul(x, .) -> Mul(., 0.5)}. Also read: {@code Mul(x, 0.70710677)} for the division, the
 *     {@code 0.5} as {@code Mul} or {@code Div(., 2)} applied to {@code x} or to any partial
 *     product, operands in either order, constants as initializers or {@code Constant} nodes;</li>
 * <li><b>SiLU</b>, {@code Mul(x, Sigmoid(x))} (PyTorch's {@code nn.SiLU} before opset 20).</li>
 * </ul>
 * A pattern starts where a layer's output {@code x} feeds more than one node (a single chain
 * cannot branch otherwise). Each constant must be a scalar within {@link #TOLERANCE} (relative)
 * of its value, every intermediate value must feed exactly the next node of the pattern and no
 * graph output, and the pattern must end in one value; anything partial or odd is refused with a
 * {@link ModelFormatException} naming the node. GELU's tanh approximation ({@code x * x},
 * {@code Tanh}, {@code 0.7978846}, as torch writes {@code nn.GELU(approximate='tanh')}) is
 * recognised only to be refused clearly: vecmlp's GELU is the exact form.
 */
final class ActivationPatterns {
    /** Relative tolerance on the pattern's constants: float32 rounding of sqrt 2 and 1 / sqrt 2 is 2e-8. */
    static final double TOLERANCE = 1e-6;

    private static final double SQRT2 = Math.sqrt(2);
    private static final int X = 1;
    private static final int ONE_PLUS_ERF = 2;
    private static final int HALF = 4;
    private static final int GELU_PRODUCT = X | ONE_PLUS_ERF | HALF;

    private ActivationPatterns() {
    }

    /**
     * Matches a pattern starting at value {@code x}, whose consumers are {@code next} (more than
     * one); applies its activation to the open layer and returns the pattern's output, or null
     * when the consumers start no pattern (the caller then treats them as a branch or the end).
     */
    static String match(OnnxReader r, String x, List<Node> next) throws ModelFormatException {
        Node erfScale = null;
        Node sigmoid = null;
        boolean square = false;
        for (Node n : next) {
            if (n.opType.equals("Erf")) {
                throw r.refuse(n, "Erf of value '" + x + "' itself; the exact GELU pattern takes Erf(x / sqrt 2)");
            }
            if ((n.opType.equals("Div") || n.opType.equals("Mul")) && !n.outputs.isEmpty()) {
                Node after = only(r, n.outputs.get(0));
                if (after != null && after.opType.equals("Erf")) {
                    erfScale = n;
                }
            }
            if (n.opType.equals("Sigmoid") && n.inputs.size() == 1 && n.inputs.get(0).equals(x)) {
                sigmoid = n;
            }
            if ((n.opType.equals("Mul") && n.inputs.size() == 2 && n.inputs.get(0).equals(x) && n.inputs.get(1).equals(x))
                    || (n.opType.equals("Pow") && !n.inputs.isEmpty() && n.inputs.get(0).equals(x))) {
                square = true;
            }
        }
        if (erfScale != null) {
            return gelu(r, x, next, erfScale);
        }
        if (square) {
            Node tanh = downstreamTanh(r, next);
            if (tanh != null) {
                throw r.refuse(tanh, "value '" + x + "' feeds GELU's tanh approximation 0.5 x (1 + tanh(0.7978846"
                        + " (x + 0.044715 x^3))) (torch: nn.GELU(approximate='tanh')); vecmlp's GELU is the exact"
                        + " erf form: export nn.GELU() (approximate='none')");
            }
        }
        if (sigmoid != null) {
            return silu(r, x, next, sigmoid);
        }
        return null;
    }

    private static String gelu(OnnxReader r, String x, List<Node> next, Node scale) throws ModelFormatException {
        if (next.size() != 2) {
            throw r.refuse(scale, "value '" + x + "' feeds " + next.size() + " nodes; in the exact GELU pattern"
                    + " x * 0.5 * (1 + Erf(x / sqrt 2)) it feeds exactly two (x / sqrt 2 and the product)");
        }
        String c = otherInput(scale, x);
        if (c == null || (scale.opType.equals("Div") && !scale.inputs.get(0).equals(x))) {
            throw r.refuse(scale, "inputs " + scale.inputs + "; the exact GELU pattern starts with Div(x, sqrt 2)"
                    + " or Mul(x, 1 / sqrt 2)");
        }
        double target = scale.opType.equals("Div") ? SQRT2 : 1 / SQRT2;
        requireScalar(r, scale, c, target, scale.opType.equals("Div") ? "sqrt 2" : "1 / sqrt 2");
        Node erf = only(r, r.singleOutput(scale));
        String erfOut = r.singleOutput(erf);
        if (erf.inputs.size() != 1) {
            throw r.refuse(erf, "Erf with " + erf.inputs.size() + " inputs");
        }
        Node add = only(r, erfOut);
        String one = add == null || !add.opType.equals("Add") ? null : otherInput(add, erfOut);
        if (one == null) {
            throw r.refuse(add == null ? erf : add, "the Erf output must feed exactly one Add(Erf(.), 1) in the exact"
                    + " GELU pattern x * 0.5 * (1 + Erf(x / sqrt 2))");
        }
        requireScalar(r, add, one, 1, "1");
        String onePlus = r.singleOutput(add);

        Set<Node> matched = Collections.newSetFromMap(new IdentityHashMap<>());
        matched.add(scale);
        matched.add(erf);
        matched.add(add);
        Node rest = next.get(0) == scale ? next.get(1) : next.get(0);
        Map<String, Integer> factors = new HashMap<>();
        factors.put(onePlus, ONE_PLUS_ERF);
        LinkedHashSet<Node> pending = new LinkedHashSet<>();
        pending.add(rest);
        Node afterOnePlus = only(r, onePlus);
        if (afterOnePlus == null) {
            throw r.refuse(add, "1 + Erf(.) must feed exactly one node, the product with x");
        }
        pending.add(afterOnePlus);
        for (int steps = 0; steps < 4 && !pending.isEmpty(); steps++) {
            Node p = null;
            for (Node candidate : pending) {
                if (ready(r, candidate, factors, x, rest)) {
                    p = candidate;
                    break;
                }
            }
            if (p == null) {
                Node first = pending.iterator().next();
                throw r.refuse(first, "inputs " + first.inputs + " do not form the product x * (1 + Erf(x / sqrt 2))"
                        + " * 0.5 of the exact GELU pattern");
            }
            pending.remove(p);
            matched.add(p);
            int mask = product(r, p, factors, x, rest);
            String out = r.singleOutput(p);
            if (mask == GELU_PRODUCT) {
                if (!pending.isEmpty()) {
                    Node left = pending.iterator().next();
                    throw r.refuse(left, "it is left over inside the exact GELU pattern");
                }
                for (Node m : matched) {
                    r.used.add(m);
                }
                r.activation(erf, Activation.GELU, Float.NaN);
                return out;
            }
            factors.put(out, mask);
            Node q = only(r, out);
            if (q == null) {
                throw r.refuse(p, "its output '" + out + "' is part of the exact GELU pattern and must feed exactly"
                        + " one node");
            }
            pending.add(q);
        }
        Node first = pending.isEmpty() ? erf : pending.iterator().next();
        throw r.refuse(first, "the nodes after Erf do not end in x * 0.5 * (1 + Erf(x / sqrt 2))");
    }

    /** Whether every data input of {@code p} is a known factor ({@code x} only for the node x feeds). */
    private static boolean ready(OnnxReader r, Node p, Map<String, Integer> factors, String x, Node rest) {
        for (String in : p.inputs) {
            boolean known = factors.containsKey(in) || (in.equals(x) && p == rest);
            if (!known && !r.constants.containsKey(in)) {
                return false;
            }
        }
        return true;
    }

    /** The factors of {@code p}'s output: a product of two disjoint partial products, or one times the 0.5. */
    private static int product(OnnxReader r, Node p, Map<String, Integer> factors, String x, Node rest)
            throws ModelFormatException {
        boolean mul = p.opType.equals("Mul");
        if ((!mul && !p.opType.equals("Div")) || p.inputs.size() != 2) {
            throw r.refuse(p, "only Mul (and Div by 2) form the product x * (1 + Erf(x / sqrt 2)) * 0.5 of the"
                    + " exact GELU pattern");
        }
        int a = factorOf(factors, p.inputs.get(0), x, p == rest);
        int b = factorOf(factors, p.inputs.get(1), x, p == rest);
        if (mul && a > 0 && b > 0 && (a & b) == 0) {
            return a | b;
        }
        int known = a > 0 ? a : b;
        String constant = a > 0 ? p.inputs.get(1) : p.inputs.get(0);
        if (known <= 0 || (a > 0 && b > 0) || (known & HALF) != 0 || (!mul && a <= 0)) {
            throw r.refuse(p, "inputs " + p.inputs + " do not form the product x * (1 + Erf(x / sqrt 2)) * 0.5 of"
                    + " the exact GELU pattern");
        }
        requireScalar(r, p, constant, mul ? 0.5 : 2, mul ? "0.5" : "2");
        return known | HALF;
    }

    private static int factorOf(Map<String, Integer> factors, String value, String x, boolean xAllowed) {
        if (value.equals(x) && xAllowed) {
            return X;
        }
        return factors.getOrDefault(value, 0);
    }

    private static String silu(OnnxReader r, String x, List<Node> next, Node sigmoid) throws ModelFormatException {
        String s = r.singleOutput(sigmoid);
        Node mul = next.get(0) == sigmoid ? next.get(1) : next.get(0);
        if (next.size() != 2 || !mul.opType.equals("Mul") || mul.inputs.size() != 2
                || !((mul.inputs.get(0).equals(x) && mul.inputs.get(1).equals(s))
                || (mul.inputs.get(0).equals(s) && mul.inputs.get(1).equals(x)))) {
            throw r.refuse(sigmoid, "value '" + x + "' feeds " + next.size() + " nodes " + describe(next)
                    + "; SiLU is read as exactly Sigmoid(x) and Mul(x, Sigmoid(x))");
        }
        if (only(r, s) != mul) {
            throw r.refuse(sigmoid, "its output '" + s + "' feeds more than the Mul(x, Sigmoid(x)) of SiLU");
        }
        r.used.add(sigmoid);
        r.used.add(mul);
        r.activation(mul, Activation.SILU, Float.NaN);
        return r.singleOutput(mul);
    }

    /** The node consuming {@code value} when it is exactly one and {@code value} is no graph output; else null. */
    private static Node only(OnnxReader r, String value) {
        List<Node> c = r.consumers.getOrDefault(value, List.of());
        return c.size() == 1 && !r.isGraphOutput(value) ? c.get(0) : null;
    }

    /** For a two-input node with {@code value} as one input, the other input; null otherwise. */
    private static String otherInput(Node n, String value) {
        if (n.inputs.size() != 2) {
            return null;
        }
        if (n.inputs.get(0).equals(value) && !n.inputs.get(1).equals(value)) {
            return n.inputs.get(1);
        }
        if (n.inputs.get(1).equals(value) && !n.inputs.get(0).equals(value)) {
            return n.inputs.get(0);
        }
        return null;
    }

    private static void requireScalar(OnnxReader r, Node n, String name, double target, String what)
            throws ModelFormatException {
        Tensor t = r.constants.get(name);
        if (t == null) {
            throw r.refuse(n, "operand '" + name + "' is computed at run time; the pattern needs the constant " + what);
        }
        if (t.elementCount() != 1) {
            throw r.refuse(n, "constant '" + name + "' has shape " + t.shape() + "; the pattern needs the scalar " + what);
        }
        float v = r.floats(t, n.describe() + " constant")[0];
        if (!(Math.abs(v - target) <= TOLERANCE * Math.abs(target))) {
            throw r.refuse(n, "constant '" + name + "' is " + v + " where the pattern needs " + what + " ("
                    + (float) target + ", relative tolerance " + TOLERANCE + ")");
        }
    }

    /** A Tanh within a few nodes downstream of {@code start}; null when there is none. */
    private static Node downstreamTanh(OnnxReader r, List<Node> start) {
        ArrayDeque<Node> queue = new ArrayDeque<>(start);
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!queue.isEmpty() && seen.size() < 16) {
            Node n = queue.poll();
            if (!seen.add(n)) {
                continue;
            }
            if (n.opType.equals("Tanh")) {
                return n;
            }
            for (String o : n.outputs) {
                queue.addAll(r.consumers.getOrDefault(o, List.of()));
            }
        }
        return null;
    }

    private static String describe(List<Node> nodes) {
        List<String> s = new ArrayList<>();
        for (Node n : nodes) {
            s.add(n.describe());
        }
        return s.toString();
    }
}
