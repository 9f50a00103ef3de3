package dev.vecmlp.kernel;

/**
 * bfloat16, the upper 16 bits of a float32 (sign, 8 exponent bits, 7 mantissa bits), as a
 * {@code short}: the storage format of {@link dev.vecmlp.inference.Precision#BF16} weights.
 *
 * <p>Why: a matrix-vector product streams every weight once per call, so halving the bytes per
 * weight nearly halves its time once the weights no longer fit in cache, while keeping float32's
 * range (no scale factors, no overflow) and losing only mantissa bits (relative rounding error at
 * most {@code 2^-8}). Widening back is exact: the bf16 bits shifted left by 16 are a float32.
 * Rounding is to nearest, ties to even; NaN stays NaN (quiet), infinities stay infinite, and a
 * finite value above the largest bf16 rounds to infinity as IEEE rounding does.
 */
public final class Bf16 {
    /** Largest relative error of {@link #round} on a normal float: half a unit in the 8th bit. */
    public static final double RELATIVE_ERROR = 0x1p-8;

    private Bf16() {
    }

    /** The bf16 nearest to {@code value} (ties to even). */
    public static short round(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x0040); // NaN: keep the sign and payload top, force quiet
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7fff + lsb) >>> 16);
    }

    /** The float32 equal to a bf16 value (exact). */
    public static float widen(short value) {
        return Float.intBitsToFloat(value << 16);
    }

    /** {@code len} values from {@code src[off]}, each rounded to bf16. */
    public static short[] round(float[] src, int off, int len) {
        KernelChecks.slice("source", src, off, len);
        short[] out = new short[len];
        for (int i = 0; i < len; i++) {
            out[i] = round(src[off + i]);
        }
        return out;
    }
}
