package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every non-GEMM kernel as one vectorised pass: activations and their derivatives, the fused
 * losses, reductions and the optimiser updates. Arguments are already checked by
 * {@link SimdKernels}.
 *
 * <p>Loops run over whole vectors and finish with a scalar tail that computes the same formula
 * (with {@link VectorMath}'s scalar twins), so no mask is needed. No vector is ever passed to
 * or returned from a helper other than {@link VectorMath}'s small ones ({@code exp},
 * {@code logOneToTwo}, {@code erfcPolynomial}, {@code erfcTimesEx2}, {@code log1pUnit}) called inside hot loops: C2 gives up inlining in big or cold call sites, and a vector that
 * crosses a call it did not inline is boxed (measured: kilobytes of garbage per call).
 * Accumulators are reduced by storing them into a per-thread {@code lanes} buffer. Updates that the reference
 * backend computes in float (axpy, scale, momentum) use the same float operations, unfused, so
 * they agree with it bit for bit. Sums use several float vector accumulators per block of
 * {@value #SUM_BLOCK} elements and add each block's total into a double, which keeps the error
 * of long reductions (parameter norms of millions of values) near float epsilon.
 */
final class Elementwise {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = Lanes.LENGTH;
    static final int SUM_BLOCK = 4096;

    private Elementwise() {
    }

    // ---------------------------------------------------------------- activations

    static float activate(Activation f, float z) {
        return activate(f, f.defaultParameter(), z);
    }

    /** {@code f(z)} for one value with the activation's parameter (the scalar tails use the same formulas). */
    static float activate(Activation f, float parameter, float z) {
        switch (f) {
            case RELU: return z > 0 ? z : 0f;
            case SIGMOID: return VectorMath.sigmoid(z);
            case TANH: return VectorMath.tanh(z);
            case LEAKY_RELU: return z > 0 ? z : parameter * z;
            case GELU: return VectorMath.gelu(z);
            case ELU: return VectorMath.elu(z, parameter);
            case SILU: return VectorMath.silu(z);
            case SOFTPLUS: return VectorMath.softplus(z);
            default: return z;
        }
    }

    /**
     * {@code out = f(z)} elementwise over {@code len} values (in place allowed), with the
     * activation's default parameter (the fused GEMM epilogue's entry). One loop per activation,
     * chosen outside the loop: each loop's profile stays monomorphic and C2 inlines the vector exp
     * into it. The activations added later go through {@link #activateOther}, so this dispatch
     * keeps the small shape it had.
     */
    static void activate(Activation f, int len, float[] z, int zOff, float[] out, int outOff) {
        switch (f) {
            case RELU:
                relu(len, z, zOff, out, outOff);
                break;
            case SIGMOID:
                sigmoid(len, z, zOff, out, outOff);
                break;
            case TANH:
                tanh(len, z, zOff, out, outOff);
                break;
            case LINEAR:
            case SOFTMAX:
                if (out != z || outOff != zOff) {
                    System.arraycopy(z, zOff, out, outOff, len);
                }
                break;
            default:
                activateOther(f, f.defaultParameter(), len, z, zOff, out, outOff);
        }
    }

    /** {@code out = f(z)} with the activation's parameter (leaky ReLU's slope, ELU's alpha). */
    static void activate(Activation f, float parameter, int len, float[] z, int zOff, float[] out, int outOff) {
        if (f.hasParameter()) {
            activateOther(f, parameter, len, z, zOff, out, outOff);
        } else {
            activate(f, len, z, zOff, out, outOff);
        }
    }

    /** Leaky ReLU, GELU, ELU, SiLU and softplus. */
    private static void activateOther(Activation f, float parameter, int len, float[] z, int zOff,
                                      float[] out, int outOff) {
        switch (f) {
            case LEAKY_RELU:
                leakyRelu(len, parameter, z, zOff, out, outOff);
                break;
            case GELU:
                gelu(len, z, zOff, out, outOff);
                break;
            case ELU:
                elu(len, parameter, z, zOff, out, outOff);
                break;
            case SILU:
                silu(len, z, zOff, out, outOff);
                break;
            case SOFTPLUS:
                softplus(len, z, zOff, out, outOff);
                break;
            default:
                throw new IllegalArgumentException("expected one of the parameterised or newer activations, found " + f);
        }
    }

    private static void leakyRelu(int len, float slope, float[] z, int zOff, float[] out, int outOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = z[zOff + i];
            out[outOff + i] = v > 0 ? v : slope * v;
        }
    }

    private static void gelu(int len, float[] z, int zOff, float[] out, int outOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            FloatVector x = v.abs().mul(VectorMath.SQRT_HALF);
            FloatVector t = FloatVector.broadcast(F, 1f).div(x.fma(0.5f, 1f));
            int o = outOff + i; // the output's slot is the scratch of the in-place helpers (v is loaded)
            t.intoArray(out, o);
            VectorMath.erfcPolynomial(out, o);
            x.neg().fma(x, FloatVector.fromArray(F, out, o)).intoArray(out, o);
            VectorMath.exp(out, o);
            FloatVector half = t.mul(FloatVector.fromArray(F, out, o)).mul(0.5f);
            v.mul(half.blend(half.neg().add(1f), v.compare(VectorOperators.GE, 0f))).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.gelu(z[zOff + i]);
        }
    }

    private static void elu(int len, float alpha, float[] z, int zOff, float[] out, int outOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            v.intoArray(out, outOff + i);
            VectorMath.exp(out, outOff + i);
            FloatVector neg = FloatVector.fromArray(F, out, outOff + i).sub(1f).mul(alpha);
            neg.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.elu(z[zOff + i], alpha);
        }
    }

    private static void silu(int len, float[] z, int zOff, float[] out, int outOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            v.neg().intoArray(out, outOff + i);
            VectorMath.exp(out, outOff + i);
            v.div(FloatVector.fromArray(F, out, outOff + i).add(1f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.silu(z[zOff + i]);
        }
    }

    private static void softplus(int len, float[] z, int zOff, float[] out, int outOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            v.abs().neg().intoArray(out, outOff + i);
            VectorMath.exp(out, outOff + i);
            VectorMath.log1pUnit(out, outOff + i);
            v.max(0f).add(FloatVector.fromArray(F, out, outOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.softplus(z[zOff + i]);
        }
    }

    private static void relu(int len, float[] z, int zOff, float[] out, int outOff) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            // compare + blend, not max: NaN and -0 map to 0 exactly as z > 0 ? z : 0 does.
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = z[zOff + i];
            out[outOff + i] = v > 0 ? v : 0f;
        }
    }

    private static void sigmoid(int len, float[] z, int zOff, float[] out, int outOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector.fromArray(F, z, zOff + i).neg().intoArray(out, outOff + i);
            VectorMath.exp(out, outOff + i);
            one.div(FloatVector.fromArray(F, out, outOff + i).add(1f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.sigmoid(z[zOff + i]);
        }
    }

    private static void tanh(int len, float[] z, int zOff, float[] out, int outOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(F, z, zOff + i);
            v.abs().mul(-2f).intoArray(out, outOff + i);
            VectorMath.exp(out, outOff + i);
            FloatVector e = FloatVector.fromArray(F, out, outOff + i);
            FloatVector t = one.sub(e).div(e.add(1f));
            t.blend(t.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = VectorMath.tanh(z[zOff + i]);
        }
    }

    /** {@code c[i][j] = f(c[i][j] + bias[j])} row by row, in place (bias may be null). */
    static void biasActivate(int m, int n, float[] bias, int biasOff, Activation f, float[] c, int cOff) {
        int nv = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * n;
            if (bias != null) {
                int j = 0;
                for (; j < nv; j += L) {
                    FloatVector.fromArray(F, c, row + j).add(FloatVector.fromArray(F, bias, biasOff + j))
                            .intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] += bias[biasOff + j];
                }
            }
            activate(f, n, c, row, c, row);
        }
    }

    /** Softmax of one row of {@code n} values: max, exponentials and their sum, then the division. */
    static void softmaxRow(int n, float[] z, int zOff, float[] out, int outOff, float[] lanes) {
        float max = rowMax(n, z, zOff);
        int nv = F.loopBound(n);
        FloatVector sumV = FloatVector.zero(F);
        int j = 0;
        for (; j < nv; j += L) {
            FloatVector.fromArray(F, z, zOff + j).sub(max).intoArray(out, outOff + j);
            VectorMath.exp(out, outOff + j);
            sumV = sumV.add(FloatVector.fromArray(F, out, outOff + j));
        }
        sumV.intoArray(lanes, 0);
        float sum = VectorMath.sumLanes(lanes, 0);
        for (; j < n; j++) {
            float e = VectorMath.exp(z[zOff + j] - max);
            sum += e;
            out[outOff + j] = e;
        }
        j = 0;
        for (; j < nv; j += L) {
            FloatVector.fromArray(F, out, outOff + j).div(sum).intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            out[outOff + j] /= sum;
        }
    }

    private static float rowMax(int n, float[] z, int zOff) {
        int nv = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (nv > 0) {
            FloatVector maxV = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; j < nv; j += L) {
                maxV = maxV.max(FloatVector.fromArray(F, z, zOff + j));
            }
            max = maxV.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = Math.max(max, z[zOff + j]);
        }
        return max;
    }

    /**
     * {@code grad *= f'}, the derivative written through the output y (through the
     * pre-activation z for GELU and SiLU); one loop per activation.
     */
    static void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                                   float[] y, int yOff, float[] grad, int gradOff) {
        switch (f) {
            case RELU:
            case SIGMOID:
            case TANH:
                classicBackward(f, len, y, yOff, grad, gradOff);
                break;
            case LEAKY_RELU:
                leakyReluBackward(len, parameter, y, yOff, grad, gradOff);
                break;
            case ELU:
                eluBackward(len, parameter, y, yOff, grad, gradOff);
                break;
            case SOFTPLUS:
                softplusBackward(len, y, yOff, grad, gradOff);
                break;
            case GELU:
                geluBackward(len, z, zOff, grad, gradOff);
                break;
            case SILU:
                siluBackward(len, z, zOff, grad, gradOff);
                break;
            default:
                // LINEAR: f' = 1.
        }
    }

    /** ReLU, sigmoid and tanh, whose derivatives are formed from y alone. */
    private static void classicBackward(Activation f, int len, float[] y, int yOff, float[] grad, int gradOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector zero = FloatVector.zero(F);
        int end = F.loopBound(len);
        int i = 0;
        switch (f) {
            case RELU:
                for (; i < end; i += L) {
                    FloatVector d = zero.blend(one, FloatVector.fromArray(F, y, yOff + i).compare(VectorOperators.GT, 0f));
                    FloatVector.fromArray(F, grad, gradOff + i).mul(d).intoArray(grad, gradOff + i);
                }
                for (; i < len; i++) {
                    grad[gradOff + i] *= y[yOff + i] > 0 ? 1f : 0f;
                }
                break;
            case SIGMOID:
                for (; i < end; i += L) {
                    FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
                    FloatVector.fromArray(F, grad, gradOff + i).mul(yv.mul(one.sub(yv))).intoArray(grad, gradOff + i);
                }
                for (; i < len; i++) {
                    grad[gradOff + i] *= y[yOff + i] * (1f - y[yOff + i]);
                }
                break;
            case TANH:
                for (; i < end; i += L) {
                    FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
                    FloatVector.fromArray(F, grad, gradOff + i).mul(yv.fma(yv.neg(), one)).intoArray(grad, gradOff + i);
                }
                for (; i < len; i++) {
                    grad[gradOff + i] *= Math.fma(y[yOff + i], -y[yOff + i], 1f);
                }
                break;
            default:
                break;
        }
    }

    // The derivatives that need exp get a method each (as the forward loops do): in one big
    // method C2 stops inlining exp, and the vectors it returns are then boxed.

    private static void leakyReluBackward(int len, float slope, float[] y, int yOff, float[] grad, int gradOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector s = FloatVector.broadcast(F, slope);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector d = s.blend(one, FloatVector.fromArray(F, y, yOff + i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(F, grad, gradOff + i).mul(d).intoArray(grad, gradOff + i);
        }
        for (; i < len; i++) {
            grad[gradOff + i] *= y[yOff + i] > 0 ? 1f : slope;
        }
    }

    private static void eluBackward(int len, float alpha, float[] y, int yOff, float[] grad, int gradOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = yv.add(alpha).blend(one, yv.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(F, grad, gradOff + i).mul(d).intoArray(grad, gradOff + i);
        }
        for (; i < len; i++) {
            float v = y[yOff + i];
            grad[gradOff + i] *= v > 0 ? 1f : v + alpha;
        }
    }

    private static void softplusBackward(int len, float[] y, int yOff, float[] grad, int gradOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        float[] lanes = Scratch.get().lanes;
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector.fromArray(F, y, yOff + i).neg().intoArray(lanes, 0);
            VectorMath.exp(lanes, 0);
            FloatVector e = FloatVector.fromArray(F, lanes, 0);
            FloatVector.fromArray(F, grad, gradOff + i).mul(one.sub(e)).intoArray(grad, gradOff + i);
        }
        for (; i < len; i++) {
            grad[gradOff + i] *= 1f - VectorMath.exp(-y[yOff + i]);
        }
    }

    private static void siluBackward(int len, float[] z, int zOff, float[] grad, int gradOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        float[] lanes = Scratch.get().lanes;
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector zv = FloatVector.fromArray(F, z, zOff + i);
            zv.neg().intoArray(lanes, 0);
            VectorMath.exp(lanes, 0);
            FloatVector e = FloatVector.fromArray(F, lanes, 0);
            FloatVector s = one.div(e.add(1f));
            // 1 - s as e s: no cancellation for large z.
            FloatVector d = s.mul(zv.mul(e.mul(s)).add(1f));
            FloatVector.fromArray(F, grad, gradOff + i).mul(d).intoArray(grad, gradOff + i);
        }
        for (; i < len; i++) {
            grad[gradOff + i] *= VectorMath.siluDerivative(z[zOff + i]);
        }
    }

    private static void geluBackward(int len, float[] z, int zOff, float[] grad, int gradOff) {
        float[] lanes = Scratch.get().lanes;
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector zv = FloatVector.fromArray(F, z, zOff + i);
            // Phi(z) + z phi(z), one exp shared by erfc (Abramowitz-Stegun 7.1.26) and the density.
            FloatVector x = zv.abs().mul(VectorMath.SQRT_HALF);
            x.mul(x).neg().intoArray(lanes, 0);
            VectorMath.exp(lanes, 0);
            FloatVector e = FloatVector.fromArray(F, lanes, 0);
            FloatVector.broadcast(F, 1f).div(x.fma(VectorMath.AS_P, 1f)).intoArray(lanes, L);
            VectorMath.erfcTimesEx2(lanes, L);
            FloatVector half = FloatVector.fromArray(F, lanes, L).mul(e).mul(0.5f);
            FloatVector phi = half.blend(half.neg().add(1f), zv.compare(VectorOperators.GE, 0f));
            FloatVector d = zv.mul(VectorMath.INV_SQRT_2PI).fma(e, phi);
            FloatVector.fromArray(F, grad, gradOff + i).mul(d).intoArray(grad, gradOff + i);
        }
        for (; i < len; i++) {
            grad[gradOff + i] *= VectorMath.geluDerivative(z[zOff + i]);
        }
    }

    // ---------------------------------------------------------------- losses

    static double mse(int len, float[] yHat, int yHatOff, float[] y, int yOff, float[] grad, int gradOff,
                      float[] lanes) {
        float scale = 2f / len;
        double total = 0;
        for (int start = 0; start < len; start += SUM_BLOCK) {
            int blockLen = Math.min(SUM_BLOCK, len - start);
            FloatVector s0 = FloatVector.zero(F);
            float tail = 0f;
            int i = start;
            for (int end = start + F.loopBound(blockLen); i < end; i += L) {
                FloatVector d = FloatVector.fromArray(F, yHat, yHatOff + i).sub(FloatVector.fromArray(F, y, yOff + i));
                s0 = d.fma(d, s0);
                if (grad != null) {
                    d.mul(scale).intoArray(grad, gradOff + i);
                }
            }
            for (int end = start + blockLen; i < end; i++) {
                float d = yHat[yHatOff + i] - y[yOff + i];
                tail = Math.fma(d, d, tail);
                if (grad != null) {
                    grad[gradOff + i] = d * scale;
                }
            }
            s0.intoArray(lanes, 0);
            total += VectorMath.sumLanes(lanes, 0) + (double) tail;
        }
        return len == 0 ? 0 : total / len;
    }

    /** Softmax + cross-entropy row by row; returns the summed (not yet averaged) loss. */
    static double softmaxCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                      float[] probs, int probsOff, float[] grad, int gradOff, float[] lanes) {
        float invM = 1f / m;
        int nv = F.loopBound(n);
        double total = 0;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int zr = zOff + row;
            float max = rowMax(n, z, zr);
            FloatVector sumV = FloatVector.zero(F);
            int j = 0;
            for (; j < nv; j += L) {
                FloatVector.fromArray(F, z, zr + j).sub(max).intoArray(lanes, L);
                VectorMath.exp(lanes, L);
                sumV = sumV.add(FloatVector.fromArray(F, lanes, L));
            }
            sumV.intoArray(lanes, 0);
            float sum = VectorMath.sumLanes(lanes, 0);
            for (; j < n; j++) {
                sum += VectorMath.exp(z[zr + j] - max);
            }
            // -sum_j y_j log softmax_j = sum_j y_j (log(sum) - (z_j - max)); p_j = e^(z_j - max) / sum.
            // Working from z - max (not z - lse) keeps p accurate to a few ulp for large logits.
            float logSum = (float) Math.log(sum);
            float invSum = 1f / sum;
            FloatVector lossV = FloatVector.zero(F);
            float loss = 0f;
            j = 0;
            for (; j < nv; j += L) {
                FloatVector shifted = FloatVector.fromArray(F, z, zr + j).sub(max);
                FloatVector yv = FloatVector.fromArray(F, y, yOff + row + j);
                lossV = yv.fma(shifted.neg().add(logSum), lossV);
                if (probs != null || grad != null) {
                    shifted.intoArray(lanes, L);
                    VectorMath.exp(lanes, L);
                    FloatVector p = FloatVector.fromArray(F, lanes, L).mul(invSum);
                    if (probs != null) {
                        p.intoArray(probs, probsOff + row + j);
                    }
                    if (grad != null) {
                        p.sub(yv).mul(invM).intoArray(grad, gradOff + row + j);
                    }
                }
            }
            for (; j < n; j++) {
                float shifted = z[zr + j] - max;
                float target = y[yOff + row + j];
                loss = Math.fma(target, logSum - shifted, loss);
                if (probs != null || grad != null) {
                    float p = VectorMath.exp(shifted) * invSum;
                    if (probs != null) {
                        probs[probsOff + row + j] = p;
                    }
                    if (grad != null) {
                        grad[gradOff + row + j] = (p - target) * invM;
                    }
                }
            }
            lossV.intoArray(lanes, 0);
            total += VectorMath.sumLanes(lanes, 0) + (double) loss;
        }
        return total;
    }

    /** Sigmoid + binary cross-entropy on logits; returns the summed (not yet averaged) loss. */
    static double sigmoidBinaryCrossEntropy(int len, float[] z, int zOff, float[] y, int yOff,
                                            float[] probs, int probsOff, float[] grad, int gradOff, float[] lanes) {
        float invLen = 1f / len;
        double total = 0;
        for (int start = 0; start < len; start += SUM_BLOCK) {
            int blockLen = Math.min(SUM_BLOCK, len - start);
            FloatVector lossV = FloatVector.zero(F);
            float loss = 0f;
            int i = start;
            for (int end = start + F.loopBound(blockLen); i < end; i += L) {
                FloatVector zv = FloatVector.fromArray(F, z, zOff + i);
                FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
                // max(z, 0) - z y + log(1 + e^-|z|); e^-|z| is in (0, 1] so 1 + e^-|z| is in [1, 2].
                zv.abs().neg().intoArray(lanes, L);
                VectorMath.exp(lanes, L);
                FloatVector e = FloatVector.fromArray(F, lanes, L);
                e.add(1f).intoArray(lanes, 2 * L);
                VectorMath.logOneToTwo(lanes, 2 * L);
                FloatVector term = FloatVector.zero(F).blend(zv, zv.compare(VectorOperators.GT, 0f))
                        .sub(zv.mul(yv)).add(FloatVector.fromArray(F, lanes, 2 * L));
                lossV = lossV.add(term);
                if (probs != null || grad != null) {
                    // sigmoid from the same exponential: 1/(1+e) for z >= 0, e/(1+e) below.
                    FloatVector inv = FloatVector.broadcast(F, 1f).div(e.add(1f));
                    FloatVector p = inv.blend(e.mul(inv), zv.compare(VectorOperators.LT, 0f));
                    if (probs != null) {
                        p.intoArray(probs, probsOff + i);
                    }
                    if (grad != null) {
                        p.sub(yv).mul(invLen).intoArray(grad, gradOff + i);
                    }
                }
            }
            for (int end = start + blockLen; i < end; i++) {
                float zi = z[zOff + i];
                float target = y[yOff + i];
                float e = VectorMath.exp(-Math.abs(zi));
                loss += (zi > 0 ? zi : 0f) - zi * target + VectorMath.logOneToTwo(1f + e);
                if (probs != null || grad != null) {
                    float inv = 1f / (1f + e);
                    float p = zi < 0 ? e * inv : inv;
                    if (probs != null) {
                        probs[probsOff + i] = p;
                    }
                    if (grad != null) {
                        grad[gradOff + i] = (p - target) * invLen;
                    }
                }
            }
            lossV.intoArray(lanes, 0);
            total += VectorMath.sumLanes(lanes, 0) + (double) loss;
        }
        return total;
    }

    // ---------------------------------------------------------------- reductions

    /** {@code out[j] (+)= sum_i A[i][j]}: four column vectors at a time kept in registers down the rows. */
    static void columnSums(int m, int n, float[] a, int aOff, float[] out, int outOff, boolean accumulate) {
        int j = 0;
        for (int end = n - 4 * L; j <= end; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0, idx = aOff + j; i < m; i++, idx += n) {
                s0 = s0.add(FloatVector.fromArray(F, a, idx));
                s1 = s1.add(FloatVector.fromArray(F, a, idx + L));
                s2 = s2.add(FloatVector.fromArray(F, a, idx + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, a, idx + 3 * L));
            }
            if (accumulate) {
                s0 = s0.add(FloatVector.fromArray(F, out, outOff + j));
                s1 = s1.add(FloatVector.fromArray(F, out, outOff + j + L));
                s2 = s2.add(FloatVector.fromArray(F, out, outOff + j + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, out, outOff + j + 3 * L));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + L);
            s2.intoArray(out, outOff + j + 2 * L);
            s3.intoArray(out, outOff + j + 3 * L);
        }
        for (int end = n - L; j <= end; j += L) {
            FloatVector s = FloatVector.zero(F);
            for (int i = 0, idx = aOff + j; i < m; i++, idx += n) {
                s = s.add(FloatVector.fromArray(F, a, idx));
            }
            if (accumulate) {
                s = s.add(FloatVector.fromArray(F, out, outOff + j));
            }
            s.intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0, idx = aOff + j; i < m; i++, idx += n) {
                s += a[idx];
            }
            out[outOff + j] = accumulate ? out[outOff + j] + s : s;
        }
    }

    static double sumOfSquares(int len, float[] x, int xOff, float[] lanes) {
        double total = 0;
        for (int start = 0; start < len; start += SUM_BLOCK) {
            int blockLen = Math.min(SUM_BLOCK, len - start);
            FloatVector s0 = FloatVector.zero(F), s1 = s0;
            int i = start;
            for (int end = start + blockLen - 2 * L; i <= end; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(F, x, xOff + i);
                FloatVector v1 = FloatVector.fromArray(F, x, xOff + i + L);
                s0 = v0.fma(v0, s0);
                s1 = v1.fma(v1, s1);
            }
            for (int end = start + blockLen - L; i <= end; i += L) {
                FloatVector v0 = FloatVector.fromArray(F, x, xOff + i);
                s0 = v0.fma(v0, s0);
            }
            float tail = 0f;
            for (int end = start + blockLen; i < end; i++) {
                tail = Math.fma(x[xOff + i], x[xOff + i], tail);
            }
            s0.add(s1).intoArray(lanes, 0);
            total += VectorMath.sumLanes(lanes, 0) + (double) tail;
        }
        return total;
    }

    /** Finite check in one pass: {@code x * 0} is 0 for finite x and NaN for NaN or infinity. */
    static boolean allFinite(int len, float[] x, int xOff) {
        FloatVector probe = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            probe = FloatVector.fromArray(F, x, xOff + i).mul(0f).add(probe);
        }
        if (probe.compare(VectorOperators.NE, 0f).anyTrue()) {
            return false;
        }
        for (; i < len; i++) {
            if (!Float.isFinite(x[xOff + i])) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- updates

    static void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).add(FloatVector.fromArray(F, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void scale(int len, float alpha, float[] x, int xOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < len; i++) {
            x[xOff + i] *= alpha;
        }
    }

    static void clipByValue(int len, float limit, float[] x, int xOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector.fromArray(F, x, xOff + i).min(limit).max(-limit).intoArray(x, xOff + i);
        }
        for (; i < len; i++) {
            x[xOff + i] = Math.max(-limit, Math.min(limit, x[xOff + i]));
        }
    }

    static void momentum(int len, float lr, float momentum, boolean nesterov, float weightDecay,
                         float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector wv = FloatVector.fromArray(F, w, wOff + i);
            FloatVector gi = FloatVector.fromArray(F, g, gOff + i).add(wv.mul(weightDecay));
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(momentum).add(gi);
            vi.intoArray(v, vOff + i);
            FloatVector step = nesterov ? gi.add(vi.mul(momentum)) : vi;
            wv.sub(step.mul(lr)).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float gi = g[gOff + i] + weightDecay * w[wOff + i];
            float vi = momentum * v[vOff + i] + gi;
            v[vOff + i] = vi;
            float step = nesterov ? gi + momentum * vi : vi;
            w[wOff + i] -= lr * step;
        }
    }

    static void adam(int len, float lr, float beta1, float beta2, float eps, float weightDecay,
                     boolean decoupled, long t, float[] w, int wOff, float[] g, int gOff,
                     float[] m, int mOff, float[] v, int vOff) {
        float invBias1 = (float) (1 / (1 - Math.pow(beta1, t)));
        float invBias2 = (float) (1 / (1 - Math.pow(beta2, t)));
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        float l2 = decoupled ? 0f : weightDecay;
        float decay = decoupled ? lr * weightDecay : 0f;
        int i = 0;
        for (int end = F.loopBound(len); i < end; i += L) {
            FloatVector wv = FloatVector.fromArray(F, w, wOff + i);
            FloatVector gi = wv.fma(FloatVector.broadcast(F, l2), FloatVector.fromArray(F, g, gOff + i));
            FloatVector mi = FloatVector.fromArray(F, m, mOff + i).mul(beta1).add(gi.mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(gi.mul(gi).mul(oneMinusB2));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector step = mi.mul(invBias1).div(vi.mul(invBias2).sqrt().add(eps));
            wv.sub(step.mul(lr)).sub(wv.mul(decay)).intoArray(w, wOff + i);
        }
        for (; i < len; i++) {
            float wi = w[wOff + i];
            float gi = Math.fma(wi, l2, g[gOff + i]);
            float mi = beta1 * m[mOff + i] + oneMinusB1 * gi;
            float vi = beta2 * v[vOff + i] + oneMinusB2 * (gi * gi);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float step = (mi * invBias1) / ((float) Math.sqrt(vi * invBias2) + eps);
            w[wOff + i] = wi - step * lr - wi * decay;
        }
    }
}
