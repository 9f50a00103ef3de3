package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transcendental functions the activations and losses need, computed in vector registers
 * ({@code exp}, {@code log} on {@code [1, 2]}), with scalar twins (and scalar sigmoid and tanh)
 * that use the same polynomials for the tails, so a value never depends on whether it fell in
 * a vector or in a tail.
 *
 * <p><b>No vector crosses a call.</b> The vector versions work in place on {@code L} lanes of an
 * array ({@code exp(a, off)}: {@code a[off..off+L) = e^a[off..off+L)}): callers store the
 * argument (usually into the slot of the output that the result goes to), call, and load the
 * result. A {@code FloatVector} passed to or returned from a method that C2 does not inline is
 * boxed on the heap, and whether C2 inlines a 100-bytecode method depends on timing: when it
 * had already compiled it on its own, it does not (seen: a sigmoid output allocating 1.5 KB per
 * 128-row batch in one JMH fork of many). The extra store and load stay in L1; the
 * {@code SimdNoInlineAllocationTest} runs the kernels with these methods never inlined and
 * checks that nothing is allocated.
 *
 * <p>{@code exp} is the classic range reduction {@code x = n ln2 + r}, {@code |r| <= ln2/2},
 * with the Cephes single-precision polynomial for {@code e^r} (about 1-2 ulp) and {@code 2^n}
 * built directly in the exponent bits. {@code n} is obtained without a float-to-int conversion:
 * adding {@code 1.5 * 2^23} rounds to the nearest integer and leaves it in the low mantissa
 * bits. Inputs are clamped to {@code [-87.3, 88.37]} so {@code 2^n} stays a normal float; NaN
 * stays NaN. This avoids relying on {@code VectorOperators.EXP}, whose speed depends on the
 * JDK's SVML stubs.
 */
final class VectorMath {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;

    static final float EXP_LO = -87.3f;
    static final float EXP_HI = 88.37f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23
    private static final int EXPONENT_SHIFT = 0x4B400000 - 127; // bits(ROUND_MAGIC) minus the bias
    private static final float P0 = 1.9875691500E-4f;
    private static final float P1 = 1.3981999507E-3f;
    private static final float P2 = 8.3334519073E-3f;
    private static final float P3 = 4.1665795894E-2f;
    private static final float P4 = 1.6666665459E-1f;
    private static final float P5 = 5.0000001201E-1f;
    private static final float LN2 = 0.6931471805599453f;
    private static final float SQRT2 = 1.4142135623730951f;

    // Numerical Recipes' erfc: t e^(-x^2 + poly(t)), t = 1 / (1 + x/2), fractional error < 1.2e-7.
    private static final float E0 = -1.26551223f;
    private static final float E1 = 1.00002368f;
    private static final float E2 = 0.37409196f;
    private static final float E3 = 0.09678418f;
    private static final float E4 = -0.18628806f;
    private static final float E5 = 0.27886807f;
    private static final float E6 = -1.13520398f;
    private static final float E7 = 1.48851587f;
    private static final float E8 = -0.82215223f;
    private static final float E9 = 0.17087277f;
    // Abramowitz-Stegun 7.1.26: erfc x = e^(-x^2) t (a1 + t (a2 + ...)), t = 1 / (1 + p x), |error| <= 1.5e-7.
    static final float AS_P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;
    static final float SQRT_HALF = 0.70710678118654752f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;

    private VectorMath() {
    }

    /**
     * The sum of the {@code L} lanes stored at {@code lanes[off..]}, in a fixed pairwise order
     * (halves added until one value is left); it overwrites them. Used instead of
     * {@code reduceLanes(ADD)}, whose float rounding order differed between the interpreted and
     * the compiled code of one JDK (seen on JDK 25) and so broke bit-identical results across
     * threads; callers store the accumulator with {@code intoArray} first, so no vector crosses
     * a method boundary (a vector handed to a method C2 does not inline is boxed).
     */
    static float sumLanes(float[] lanes, int off) {
        for (int half = F.length() / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[off + i] += lanes[off + i + half];
            }
        }
        return lanes[off];
    }

    /** {@code a[off..off+L) = e^a[off..off+L)} lane by lane. */
    static void exp(float[] a, int off) {
        FloatVector x = FloatVector.fromArray(F, a, off).max(EXP_LO).min(EXP_HI);
        FloatVector t = x.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = x.sub(n.mul(LN2_HI)); // exact: LN2_HI has 9 significant bits
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = t.reinterpretAsInts()
                .sub(EXPONENT_SHIFT)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        y.mul(scale).intoArray(a, off);
    }

    /** Scalar twin of {@link #exp(float[], int)}. */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(x, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = x - n * LN2_HI;
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - EXPONENT_SHIFT) << 23);
        return y * scale;
    }

    /** {@code log(w)} for {@code w} in {@code [1, 2]}: halve above sqrt 2, then the atanh series (error ~1e-9). */
    static void logOneToTwo(float[] a, int off) {
        FloatVector w = FloatVector.fromArray(F, a, off);
        var big = w.compare(VectorOperators.GT, SQRT2);
        FloatVector wr = w.blend(w.mul(0.5f), big);
        FloatVector s = wr.sub(1f).div(wr.add(1f));
        FloatVector s2 = s.mul(s);
        FloatVector q = s2.fma(1f / 9, 1f / 7);
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 5));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 3));
        q = q.fma(s2, FloatVector.broadcast(F, 1f));
        FloatVector log = s.mul(2f).mul(q);
        log.add(FloatVector.zero(F).blend(LN2, big)).intoArray(a, off);
    }

    /** Scalar twin of {@link #logOneToTwo(float[], int)}. */
    static float logOneToTwo(float w) {
        boolean big = w > SQRT2;
        float wr = big ? w * 0.5f : w;
        float s = (wr - 1f) / (wr + 1f);
        float s2 = s * s;
        float q = Math.fma(s2, 1f / 9, 1f / 7);
        q = Math.fma(q, s2, 1f / 5);
        q = Math.fma(q, s2, 1f / 3);
        q = Math.fma(q, s2, 1f);
        return s * 2f * q + (big ? LN2 : 0f);
    }

    /**
     * The polynomial of Numerical Recipes' erfc, {@code erfc x = t e^(-x^2 + poly(t))} with
     * {@code t = 1 / (1 + x/2)}, lane by lane (callers add {@code -x^2} and take exp; fractional
     * error below 1.2e-7 in exact arithmetic). Phi follows as {@code erfc(|z| / sqrt 2) / 2},
     * mirrored for {@code z >= 0}: relative error about 3e-7 in the lower tail.
     */
    static void erfcPolynomial(float[] a, int off) {
        FloatVector t = FloatVector.fromArray(F, a, off);
        FloatVector p = t.fma(E9, E8);
        p = p.fma(t, FloatVector.broadcast(F, E7));
        p = p.fma(t, FloatVector.broadcast(F, E6));
        p = p.fma(t, FloatVector.broadcast(F, E5));
        p = p.fma(t, FloatVector.broadcast(F, E4));
        p = p.fma(t, FloatVector.broadcast(F, E3));
        p = p.fma(t, FloatVector.broadcast(F, E2));
        p = p.fma(t, FloatVector.broadcast(F, E1));
        p.fma(t, FloatVector.broadcast(F, E0)).intoArray(a, off);
    }

    /**
     * {@code erfc(x) e^(x^2)} from Abramowitz-Stegun 7.1.26 given {@code t = 1 / (1 + 0.3275911 x)}
     * (absolute error of erfc at most 1.5e-7): the GELU derivative multiplies it by the
     * {@code e^-x^2} it needs for the normal density anyway, so one exp serves both.
     */
    static void erfcTimesEx2(float[] a, int off) {
        FloatVector t = FloatVector.fromArray(F, a, off);
        FloatVector p = t.fma(A5, A4);
        p = p.fma(t, FloatVector.broadcast(F, A3));
        p = p.fma(t, FloatVector.broadcast(F, A2));
        p = p.fma(t, FloatVector.broadcast(F, A1));
        p.mul(t).intoArray(a, off);
    }

    /** Scalar twin of {@link #erfcTimesEx2(float[], int)}. */
    static float erfcTimesEx2(float t) {
        float p = Math.fma(t, A5, A4);
        p = Math.fma(p, t, A3);
        p = Math.fma(p, t, A2);
        p = Math.fma(p, t, A1);
        return p * t;
    }

    /** {@code Phi(z)}, the scalar twin of the vector code built on {@link #erfcPolynomial(float[], int)}. */
    static float phi(float z) {
        float x = Math.abs(z) * SQRT_HALF;
        float t = 1f / Math.fma(x, 0.5f, 1f);
        float p = Math.fma(t, E9, E8);
        p = Math.fma(p, t, E7);
        p = Math.fma(p, t, E6);
        p = Math.fma(p, t, E5);
        p = Math.fma(p, t, E4);
        p = Math.fma(p, t, E3);
        p = Math.fma(p, t, E2);
        p = Math.fma(p, t, E1);
        p = Math.fma(p, t, E0);
        float half = t * exp(Math.fma(-x, x, p)) * 0.5f;
        return z >= 0f ? 1f - half : half;
    }

    /**
     * {@code log(1 + u)} for {@code u} in {@code [0, 1]}: {@code 2 atanh(s)} with
     * {@code s = u / (2 + u) <= 1/3}, whose odd series to {@code s^17} leaves a truncation error
     * below 1e-10; {@code 1 + u} is never formed, so small {@code u} keep their precision.
     */
    static void log1pUnit(float[] a, int off) {
        FloatVector u = FloatVector.fromArray(F, a, off);
        FloatVector s = u.div(u.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector q = s2.fma(1f / 17, 1f / 15);
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 13));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 11));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 9));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 7));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 5));
        q = q.fma(s2, FloatVector.broadcast(F, 1f / 3));
        q = q.fma(s2, FloatVector.broadcast(F, 1f));
        s.mul(2f).mul(q).intoArray(a, off);
    }

    /** Scalar twin of {@link #log1pUnit(float[], int)}. */
    static float log1pUnit(float u) {
        float s = u / (u + 2f);
        float s2 = s * s;
        float q = Math.fma(s2, 1f / 17, 1f / 15);
        q = Math.fma(q, s2, 1f / 13);
        q = Math.fma(q, s2, 1f / 11);
        q = Math.fma(q, s2, 1f / 9);
        q = Math.fma(q, s2, 1f / 7);
        q = Math.fma(q, s2, 1f / 5);
        q = Math.fma(q, s2, 1f / 3);
        q = Math.fma(q, s2, 1f);
        return s * 2f * q;
    }

    /** {@code z Phi(z)}, the exact GELU. */
    static float gelu(float z) {
        return z * phi(z);
    }

    /** {@code d/dz z Phi(z) = Phi(z) + z phi(z)}. */
    static float geluDerivative(float z) {
        float x = Math.abs(z) * SQRT_HALF;
        float e = exp(-(x * x));
        float t = 1f / Math.fma(x, AS_P, 1f);
        float half = erfcTimesEx2(t) * e * 0.5f;
        float phi = z >= 0f ? 1f - half : half;
        return Math.fma(z * INV_SQRT_2PI, e, phi);
    }

    /** {@code z / (1 + e^-z)}. */
    static float silu(float z) {
        return z / (1f + exp(-z));
    }

    /** {@code s (1 + z (1 - s))} with {@code s = sigmoid(z)}, {@code 1 - s} formed as {@code e^-z s}. */
    static float siluDerivative(float z) {
        float e = exp(-z);
        float s = 1f / (e + 1f);
        return s * (z * (e * s) + 1f);
    }

    /** {@code z > 0 ? z : alpha (e^z - 1)}. */
    static float elu(float z, float alpha) {
        return z > 0f ? z : alpha * (exp(z) - 1f);
    }

    /** {@code max(z, 0) + log(1 + e^-|z|)}. */
    static float softplus(float z) {
        return Math.max(z, 0f) + log1pUnit(exp(-Math.abs(z)));
    }

    /** {@code 1 / (1 + e^-z)}; exp's clamping keeps it finite for every input. */
    static float sigmoid(float z) {
        return 1f / (1f + exp(-z));
    }

    /** {@code tanh z = sign(z) (1 - e^-2|z|) / (1 + e^-2|z|)}; absolute error ~1e-7 near 0. */
    static float tanh(float z) {
        float e = exp(-2f * Math.abs(z));
        float t = (1f - e) / (1f + e);
        return z < 0 ? -t : t;
    }
}
