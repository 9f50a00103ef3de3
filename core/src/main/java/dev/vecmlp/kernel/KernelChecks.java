package dev.vecmlp.kernel;

import dev.vecmlp.model.Activation;

/**
 * The up-front checks every backend runs before a kernel writes anything: non-negative sizes,
 * slices inside their arrays, and no forbidden aliasing. The messages name what was expected
 * and what was found, so a caller sees which argument is wrong.
 */
public final class KernelChecks {
    private KernelChecks() {
    }

    /** Checks that {@code size >= 0}. */
    public static void size(String what, int size) {
        if (size < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, found " + size);
        }
    }

    /** Checks that {@code array[off, off + len)} exists, {@code len} being {@code rows * cols}. */
    public static void slice(String what, float[] array, int off, long len) {
        if (array == null) {
            throw new NullPointerException(what + " is null");
        }
        if (off < 0 || len < 0 || off + len > array.length) {
            throw new IndexOutOfBoundsException(what + ": expected " + len + " elements from offset "
                    + off + ", found an array of length " + array.length);
        }
    }

    /** Checks that two slices of the same array do not overlap (different arrays never do). */
    public static void noOverlap(String outName, float[] out, int outOff, long outLen,
                                 String inName, float[] in, int inOff, long inLen) {
        if (out == in && outLen > 0 && inLen > 0
                && outOff < inOff + inLen && inOff < outOff + outLen) {
            throw new IllegalArgumentException(outName + " must not overlap " + inName
                    + ": found [" + outOff + ", " + (outOff + outLen) + ") and [" + inOff + ", "
                    + (inOff + inLen) + ") in the same array");
        }
    }

    /** Checks that {@code out} is either exactly {@code in} (in place) or does not overlap it. */
    public static void inPlaceOrDisjoint(String outName, float[] out, int outOff, long outLen,
                                         String inName, float[] in, int inOff, long inLen) {
        if (out == in && outOff == inOff) {
            return;
        }
        noOverlap(outName, out, outOff, outLen, inName, in, inOff, inLen);
    }

    /**
     * Checks a GEMM call: sizes non-negative, {@code A} of {@code aRows x aCols}, {@code B} of
     * {@code bRows x bCols}, {@code C} of {@code m x n}, C overlapping neither A nor B.
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        size("m", m);
        size("n", n);
        size("k", k);
        long aLen = (long) m * k;
        long bLen = (long) n * k;
        long cLen = (long) m * n;
        slice("A", a, aOff, aLen);
        slice("B", b, bOff, bLen);
        slice("C", c, cOff, cLen);
        noOverlap("C", c, cOff, cLen, "A", a, aOff, aLen);
        noOverlap("C", c, cOff, cLen, "B", b, bOff, bLen);
    }

    /**
     * Checks a dense layer forward call: the GEMM {@code out = X W^T}, a bias of {@code n}
     * values that {@code out} does not overlap, and an activation.
     */
    public static void denseForward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                    float[] bias, int biasOff, Activation activation, float[] out, int outOff) {
        gemm(m, n, k, x, xOff, w, wOff, out, outOff);
        slice("bias", bias, biasOff, n);
        noOverlap("out", out, outOff, (long) m * n, "bias", bias, biasOff, n);
        if (activation == null) {
            throw new NullPointerException("activation is null");
        }
    }

    /**
     * Checks a dense layer forward call with bf16 weights: as {@link #denseForward}, W being
     * {@code n x k} shorts (which {@code out} cannot overlap: they are another array type).
     */
    public static void denseForwardBf16(int m, int n, int k, float[] x, int xOff, short[] w, int wOff,
                                        float[] bias, int biasOff, Activation activation, float[] out, int outOff) {
        size("m", m);
        size("n", n);
        size("k", k);
        slice("X", x, xOff, (long) m * k);
        matrixBf16("W", n, k, w, wOff);
        slice("out", out, outOff, (long) m * n);
        noOverlap("out", out, outOff, (long) m * n, "X", x, xOff, (long) m * k);
        slice("bias", bias, biasOff, n);
        noOverlap("out", out, outOff, (long) m * n, "bias", bias, biasOff, n);
        if (activation == null) {
            throw new NullPointerException("activation is null");
        }
    }

    /**
     * Checks a dense layer forward call with int8 weights: as {@link #denseForward}, W being
     * {@code n x k} bytes and {@code scales} {@code n} floats (which {@code out} must not overlap).
     */
    public static void denseForwardInt8(int m, int n, int k, float[] x, int xOff, byte[] w, int wOff,
                                        float[] scales, int scalesOff, float[] bias, int biasOff,
                                        Activation activation, float[] out, int outOff) {
        size("m", m);
        size("n", n);
        size("k", k);
        slice("X", x, xOff, (long) m * k);
        matrixInt8("W", n, k, w, wOff);
        slice("scales", scales, scalesOff, n);
        slice("out", out, outOff, (long) m * n);
        noOverlap("out", out, outOff, (long) m * n, "X", x, xOff, (long) m * k);
        noOverlap("out", out, outOff, (long) m * n, "scales", scales, scalesOff, n);
        slice("bias", bias, biasOff, n);
        noOverlap("out", out, outOff, (long) m * n, "bias", bias, biasOff, n);
        if (activation == null) {
            throw new NullPointerException("activation is null");
        }
    }

    /** Checks an activation's parameter ({@link Activation#checkParameter}); the activation must not be null. */
    public static void activationParameter(Activation f, float parameter) {
        if (f == null) {
            throw new NullPointerException("activation is null");
        }
        if (parameter != 0f || f.hasParameter()) {
            f.checkParameter(parameter);
        }
    }

    /**
     * Checks an activation backward call: an elementwise activation and its parameter, {@code len}
     * outputs and gradients, and the pre-activation {@code z} when the derivative needs it.
     */
    public static void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                                          float[] y, int yOff, float[] grad, int gradOff) {
        activationParameter(f, parameter);
        if (!f.isElementwise()) {
            throw new IllegalArgumentException(
                    "expected an elementwise activation (softmax is differentiated with its loss), found " + f);
        }
        size("len", len);
        slice("Y", y, yOff, len);
        slice("grad", grad, gradOff, len);
        if (f.needsPreActivation()) {
            if (z == null) {
                throw new IllegalArgumentException(f + "'s derivative needs the pre-activation Z, found null");
            }
            slice("Z", z, zOff, len);
        }
    }

    /** Checks an activate call: the activation and its parameter, Z and out of {@code m x n}, in place or disjoint. */
    public static void activate(Activation f, float parameter, int m, int n, float[] z, int zOff, float[] out, int outOff) {
        activationParameter(f, parameter);
        matrix("Z", m, n, z, zOff);
        matrix("out", m, n, out, outOff);
        inPlaceOrDisjoint("out", out, outOff, (long) m * n, "Z", z, zOff, (long) m * n);
    }

    /** Checks a {@code m x n} matrix slice. */
    /** {@code packed} is null or was made for a {@code n x k} weight matrix. */
    public static void packedWeights(int n, int k, PackedWeights packed) {
        if (packed != null && (packed.outputs() != n || packed.inputs() != k)) {
            throw new IllegalArgumentException("packed weights: expected " + n + " x " + k + ", found "
                    + packed.outputs() + " x " + packed.inputs());
        }
    }

    /** An {@code m x n} matrix of int8 values ({@code byte}s) from {@code off}. */
    public static void matrixInt8(String what, int m, int n, byte[] a, int off) {
        matrixIn(what, m, n, a == null ? -1 : a.length, off);
    }

    /** An {@code m x n} matrix from {@code off} in an array of {@code length} elements ({@code -1}: null). */
    private static void matrixIn(String what, int m, int n, int length, int off) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException(what + ": rows and columns must be >= 0, found " + m + " x " + n);
        }
        if (length < 0) {
            throw new NullPointerException(what + " is null");
        }
        long len = (long) m * n;
        if (off < 0 || off + len > length) {
            throw new IndexOutOfBoundsException(what + ": expected " + len + " elements from offset "
                    + off + ", found an array of length " + length);
        }
    }

    /** An {@code m x n} matrix of bf16 values ({@code short}s) from {@code off}. */
    public static void matrixBf16(String what, int m, int n, short[] a, int off) {
        matrixIn(what, m, n, a == null ? -1 : a.length, off);
    }

    public static void matrix(String what, int m, int n, float[] a, int off) {
        // No string is built unless a check fails: this runs on every kernel call.
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException(what + ": rows and columns must be >= 0, found " + m + " x " + n);
        }
        slice(what, a, off, (long) m * n);
    }

    /** Checks an optional {@code m x n} output slice: null is allowed. */
    public static void optionalMatrix(String what, int m, int n, float[] a, int off) {
        if (a != null) {
            slice(what, a, off, (long) m * n);
        }
    }

    /** Checks a value is finite and positive, for rates and limits. */
    public static void nonNegative(String what, float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite value >= 0, found " + value);
        }
    }

    /**
     * Checks a loss kernel call: an {@code m x n} prediction (named {@code what}: logits or
     * outputs), {@code m x n} targets, and optional {@code m x n} probability and gradient outputs.
     */
    public static void loss(String what, int m, int n, float[] z, int zOff, float[] y, int yOff,
                            float[] probs, int probsOff, float[] grad, int gradOff) {
        matrix(what, m, n, z, zOff);
        matrix("Y", m, n, y, yOff);
        optionalMatrix("probs", m, n, probs, probsOff);
        optionalMatrix("grad", m, n, grad, gradOff);
    }

    /** Checks a momentum update call: {@code len} weights, gradients and velocities. */
    public static void momentumUpdate(int len, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        size("len", len);
        slice("w", w, wOff, len);
        slice("g", g, gOff, len);
        slice("v", v, vOff, len);
    }

    /** Checks an Adam update call: {@code len} weights, gradients and both moments, and a step {@code t >= 1}. */
    public static void adamUpdate(int len, long t, float[] w, int wOff, float[] g, int gOff,
                                  float[] m, int mOff, float[] v, int vOff) {
        size("len", len);
        slice("w", w, wOff, len);
        slice("g", g, gOff, len);
        slice("m", m, mOff, len);
        slice("v", v, vOff, len);
        if (t < 1) {
            throw new IllegalArgumentException("Adam step t must be >= 1, found " + t);
        }
    }
}
