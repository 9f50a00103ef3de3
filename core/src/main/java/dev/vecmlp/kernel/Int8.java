package dev.vecmlp.kernel;

/**
 * Symmetric int8 weights with one float32 scale per output channel (a row of W): the storage
 * format of {@link dev.vecmlp.inference.Precision#INT8} weights.
 *
 * <p>Row {@code j}'s scale is {@code s_j = max_p |W[j][p]| / 127} (0 for a row of zeros) and each
 * weight is stored as {@code q = round(W / s_j)} (nearest, ties to even) in {@code [-127, 127]};
 * the value it stands for is {@code q s_j}. So a weight moves by at most half a step,
 * {@code s_j / 2 = max_p |W[j][p]| / 254}, and a layer's pre-activation moves by at most
 * {@code (s_j / 2) sum_p |x_p|} plus float32 rounding. -128 is never used, so the range is
 * symmetric and negation is exact.
 *
 * <p>Why: a matrix-vector product streams every weight once per call, so a quarter of float32's
 * bytes cuts the time of a product whose weights stream from L2 or memory; the kernels sum
 * {@code x_p q_p} in float32 (each {@code q} is exact as a float) and multiply by the scale once
 * per output.
 */
public final class Int8 {
    /** Largest stored magnitude. */
    public static final int MAX = 127;

    private Int8() {
    }

    /**
     * Quantises {@code W} ({@code n x k} from {@code wOff}): writes row {@code j}'s scale to
     * {@code scales[scalesOff + j]} and its int8 values to {@code q[qOff + j k ...]}.
     *
     * @throws IllegalArgumentException when a weight is NaN or infinite (naming its index)
     */
    public static void quantize(int n, int k, float[] w, int wOff, float[] scales, int scalesOff, byte[] q, int qOff) {
        KernelChecks.matrix("W", n, k, w, wOff);
        KernelChecks.slice("scales", scales, scalesOff, n);
        KernelChecks.matrixInt8("q", n, k, q, qOff);
        for (int j = 0; j < n; j++) {
            int row = wOff + j * k;
            float max = 0f;
            for (int p = 0; p < k; p++) {
                float v = w[row + p];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("W: expected finite weights to quantise, found " + v
                            + " at row " + j + ", column " + p + " (index " + (row + p) + ")");
                }
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / MAX;
            scales[scalesOff + j] = scale;
            for (int p = 0; p < k; p++) {
                q[qOff + j * k + p] = scale == 0f ? 0 : quantize(w[row + p], scale);
            }
        }
    }

    /**
     * The values {@code W} ({@code n x k} from {@code wOff}) stands for once quantised: each weight
     * replaced by {@code q s_j}, as a new {@code n x k} array (what a float32 network must hold to
     * compute what an int8 predictor computes).
     */
    public static float[] dequantized(int n, int k, float[] w, int wOff) {
        float[] scales = new float[n];
        byte[] q = new byte[n * k];
        quantize(n, k, w, wOff, scales, 0, q, 0);
        float[] out = new float[n * k];
        dequantize(n, k, q, 0, scales, 0, out, 0);
        return out;
    }

    /** {@code out[outOff + j k + p] = value(q[qOff + j k + p], scales[scalesOff + j])} for an {@code n x k} matrix. */
    public static void dequantize(int n, int k, byte[] q, int qOff, float[] scales, int scalesOff, float[] out, int outOff) {
        KernelChecks.matrixInt8("q", n, k, q, qOff);
        KernelChecks.slice("scales", scales, scalesOff, n);
        KernelChecks.matrix("out", n, k, out, outOff);
        for (int j = 0; j < n; j++) {
            float scale = scales[scalesOff + j];
            for (int p = 0; p < k; p++) {
                out[outOff + j * k + p] = value(q[qOff + j * k + p], scale);
            }
        }
    }

    /** {@code round(value / scale)} (ties to even) clamped to {@code [-127, 127]}; {@code scale > 0}. */
    public static byte quantize(float value, float scale) {
        double steps = Math.rint((double) value / scale);
        return (byte) Math.max(-MAX, Math.min(MAX, steps));
    }

    /** The float32 value a stored weight stands for, {@code q s} (rounded once, to float). */
    public static float value(byte q, float scale) {
        return q * scale;
    }
}
