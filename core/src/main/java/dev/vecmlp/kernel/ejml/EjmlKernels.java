package dev.vecmlp.kernel.ejml;

import dev.vecmlp.kernel.KernelChecks;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.ScalarActivations;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

import java.util.Arrays;

/**
 * The EJML backend: the fallback used where the Vector API backend cannot run. Pure Java 17,
 * no JVM flags.
 *
 * <p>The three GEMM shapes run on EJML's float dense row-major products
 * ({@link CommonOps_FDRM#multTransB}, {@link CommonOps_FDRM#mult},
 * {@link CommonOps_FDRM#multTransA} and their {@code multAdd*} forms for accumulation); from
 * {@value #TRANSPOSE_B_MIN_ROWS} rows on, the forward shape {@code A B^T} transposes B into a
 * scratch buffer and uses {@code mult}: EJML's {@code multTransB} forms every element as one
 * chain of dependent adds, while {@code mult}'s row update vectorises. EJML
 * matrices always start at index 0 of their array, so an operand is wrapped in place when its
 * offset is 0 and copied into a per-thread scratch buffer otherwise (the model keeps every
 * layer in one flat array, so non-zero offsets are the common case for weights and gradients).
 * The scratch buffers grow on demand and are then reused (each thread keeps buffers as large as
 * the largest operands it staged, until it ends): a steady-state call allocates nothing,
 * and neither do the EJML routines used here (their only allocating variants are the
 * {@code *_aux} ones, which are not called).
 *
 * <p>EJML's single-threaded products are used: {@link #threads()} is 1. (EJML also has
 * {@code CommonOps_MT_FDRM}, but it runs on EJML's process-wide pool, which a backend instance
 * cannot size, so it is left out.)
 *
 * <p>Every other kernel is a plain float loop with the same semantics and the same up-front
 * checks as the reference backend (where the reference's loop is already a float loop, it is
 * called directly). Reductions that return a value sum in float inside chunks of
 * {@value #CHUNK} elements and add the chunk sums in double, so their error grows with the chunk
 * size rather than with the full length.
 */
public final class EjmlKernels implements Kernels {

    /** Elements summed in float before the partial sum is folded into a double total. */
    static final int CHUNK = 1024;

    /** Per-thread views and staging buffers: EJML matrices cannot start at an offset. */
    private static final class Scratch {
        final FMatrixRMaj viewA = new FMatrixRMaj(1, 1);
        final FMatrixRMaj viewB = new FMatrixRMaj(1, 1);
        final FMatrixRMaj viewC = new FMatrixRMaj(1, 1);
        float[] bufA = new float[0];
        float[] bufB = new float[0];
        float[] bufC = new float[0];
    }

    private static final float[] EMPTY = new float[0];

    /** Rows of A from which the NT product transposes B and runs EJML's mult instead of multTransB. */
    static final int TRANSPOSE_B_MIN_ROWS = 8;

    /** Tile edge of the transposition: 32 x 32 floats, 4 KiB read and 4 KiB written per tile. */
    private static final int TRANSPOSE_TILE = 32;

    /**
     * The reference's addBias, allFinite, axpy, scale, clipByValue and momentumUpdate are
     * already single-pass float loops with no double accumulation: this backend reuses them.
     */
    private static final Kernels FLOAT_LOOPS = ReferenceKernels.INSTANCE;

    // Per thread, because kernels may be called concurrently on disjoint outputs.
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public int vectorBitSize() {
        return 0;
    }

    @Override
    public int threads() {
        return 1;
    }

    // ---------------------------------------------------------------- GEMM

    /** The three EJML products, selected by shape. */
    private enum Shape { NT, NN, TN }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        gemm(Shape.NT, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        gemm(Shape.NN, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        gemm(Shape.TN, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** Runs one checked product on EJML, staging operands whose offset is not 0. */
    private void gemm(Shape shape, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        int cLen = m * n;
        if (k == 0) {
            // An empty sum: nothing to add, or a zero product.
            if (!accumulate) {
                Arrays.fill(c, cOff, cOff + cLen, 0f);
            }
            return;
        }
        Scratch s = scratch.get();
        float[] aData = a;
        if (aOff != 0) {
            s.bufA = grow(s.bufA, m * k);
            System.arraycopy(a, aOff, s.bufA, 0, m * k);
            aData = s.bufA;
        }
        float[] bData = b;
        // EJML's multTransB forms each element as one dot product, a chain of dependent adds;
        // with more than a few rows of A it pays to transpose B once (n k moves against m n k
        // multiply-adds) and run mult, whose row-times-scalar inner loop C2 vectorises.
        boolean transposeB = shape == Shape.NT && m >= TRANSPOSE_B_MIN_ROWS;
        if (transposeB) {
            s.bufB = grow(s.bufB, n * k);
            transpose(n, k, b, bOff, s.bufB);
            bData = s.bufB;
            shape = Shape.NN;
        } else if (bOff != 0) {
            s.bufB = grow(s.bufB, n * k);
            System.arraycopy(b, bOff, s.bufB, 0, n * k);
            bData = s.bufB;
        }
        float[] cData = c;
        if (cOff != 0) {
            s.bufC = grow(s.bufC, cLen);
            if (accumulate) {
                // Accumulate into a staged copy so the sum is rounded the same way at any offset.
                System.arraycopy(c, cOff, s.bufC, 0, cLen);
            }
            cData = s.bufC;
        }
        // A is m x k (k x m for TN), B is n x k for NT and k x n otherwise.
        FMatrixRMaj viewA = shape == Shape.TN ? view(s.viewA, k, m, aData) : view(s.viewA, m, k, aData);
        FMatrixRMaj viewB = shape == Shape.NT ? view(s.viewB, n, k, bData) : view(s.viewB, k, n, bData);
        FMatrixRMaj viewC = view(s.viewC, m, n, cData);
        switch (shape) {
            case NT:
                if (accumulate) {
                    CommonOps_FDRM.multAddTransB(viewA, viewB, viewC);
                } else {
                    CommonOps_FDRM.multTransB(viewA, viewB, viewC);
                }
                break;
            case NN:
                if (accumulate) {
                    CommonOps_FDRM.multAdd(viewA, viewB, viewC);
                } else {
                    CommonOps_FDRM.mult(viewA, viewB, viewC);
                }
                break;
            case TN:
                if (accumulate) {
                    CommonOps_FDRM.multAddTransA(viewA, viewB, viewC);
                } else {
                    CommonOps_FDRM.multTransA(viewA, viewB, viewC);
                }
                break;
            default:
                throw new AssertionError(shape);
        }
        if (cOff != 0) {
            System.arraycopy(s.bufC, 0, c, cOff, cLen);
        }
        // Drop the references so a thread's views never keep a caller's array alive.
        s.viewA.data = EMPTY;
        s.viewB.data = EMPTY;
        s.viewC.data = EMPTY;
    }

    /** {@code dst (cols x rows) = src (rows x cols)^T}, in square tiles so reads and writes stay in cache. */
    private static void transpose(int rows, int cols, float[] src, int srcOff, float[] dst) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_TILE) {
            int iEnd = Math.min(rows, i0 + TRANSPOSE_TILE);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
                int jEnd = Math.min(cols, j0 + TRANSPOSE_TILE);
                for (int i = i0; i < iEnd; i++) {
                    int from = srcOff + i * cols;
                    for (int j = j0; j < jEnd; j++) {
                        dst[j * rows + i] = src[from + j];
                    }
                }
            }
        }
    }

    /** Points a reusable EJML matrix at {@code data} (from index 0) without allocating. */
    private static FMatrixRMaj view(FMatrixRMaj matrix, int rows, int cols, float[] data) {
        matrix.data = data;
        matrix.numRows = rows;
        matrix.numCols = cols;
        return matrix;
    }

    /** Returns {@code buffer} when it holds {@code length} elements, else a larger one (amortised growth). */
    private static float[] grow(float[] buffer, int length) {
        if (buffer.length >= length) {
            return buffer;
        }
        return new float[Math.max(length, (int) Math.min(Integer.MAX_VALUE - 16, buffer.length * 3L / 2))];
    }

    // ---------------------------------------------------------------- layer forward

    /**
     * GEMM on EJML, then bias and activation fused into one pass over the output. Every
     * argument, the bias included, is checked before anything is written.
     */
    @Override
    public void denseForward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                             float[] bias, int biasOff, Activation f, float parameter, float[] out, int outOff) {
        KernelChecks.denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        KernelChecks.activationParameter(f, parameter);
        gemm(Shape.NT, m, n, k, x, xOff, w, wOff, out, outOff, false);
        for (int i = 0; i < m; i++) {
            int row = outOff + i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] += bias[biasOff + j];
            }
            if (f == Activation.SOFTMAX) {
                softmaxRow(n, out, row, out, row);
            } else {
                activateElementwise(f, parameter, n, out, row, out, row);
            }
        }
    }

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff) {
        FLOAT_LOOPS.addBias(m, n, bias, biasOff, c, cOff);
    }

    @Override
    public void activate(Activation f, float parameter, int m, int n, float[] z, int zOff, float[] out, int outOff) {
        KernelChecks.activate(f, parameter, m, n, z, zOff, out, outOff);
        if (f == Activation.SOFTMAX) {
            for (int i = 0; i < m; i++) {
                softmaxRow(n, z, zOff + i * n, out, outOff + i * n);
            }
        } else {
            activateElementwise(f, parameter, m * n, z, zOff, out, outOff);
        }
    }

    /** {@code out = f(z)} elementwise; one loop per activation so the loop body has no switch. */
    private static void activateElementwise(Activation f, float parameter, int len, float[] z, int zOff,
                                            float[] out, int outOff) {
        switch (f) {
            case LINEAR:
                if (z != out || zOff != outOff) {
                    System.arraycopy(z, zOff, out, outOff, len);
                }
                return;
            case RELU:
                for (int i = 0; i < len; i++) {
                    float v = z[zOff + i];
                    out[outOff + i] = v > 0f ? v : 0f;
                }
                return;
            case SIGMOID:
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = sigmoid(z[zOff + i]);
                }
                return;
            case TANH:
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = (float) Math.tanh(z[zOff + i]);
                }
                return;
            case LEAKY_RELU:
                for (int i = 0; i < len; i++) {
                    float v = z[zOff + i];
                    out[outOff + i] = v > 0f ? v : parameter * v;
                }
                return;
            case GELU:
            case ELU:
            case SILU:
            case SOFTPLUS:
                // The transcendental ones in double, from the shared formulas (one rounding each).
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = (float) ScalarActivations.apply(f, parameter, z[zOff + i]);
                }
                return;
            default:
                throw new IllegalArgumentException("expected an elementwise activation, found " + f);
        }
    }

    /** Sigmoid with two branches so {@code exp} never overflows. */
    private static float sigmoid(float z) {
        if (z >= 0f) {
            return 1f / (1f + (float) Math.exp(-z));
        }
        float e = (float) Math.exp(z);
        return e / (1f + e);
    }

    /**
     * Softmax of one row, stable by subtracting the row maximum; {@code out} may be {@code z}.
     * The exponentials are stored in {@code out} on the way and scaled after, one exp per element.
     */
    private static void softmaxRow(int n, float[] z, int zOff, float[] out, int outOff) {
        float max = rowMax(n, z, zOff);
        float sum = 0f;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(z[zOff + j] - max);
            out[outOff + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < n; j++) {
            out[outOff + j] *= inv;
        }
    }

    private static float rowMax(int n, float[] z, int zOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[zOff + j]);
        }
        return max;
    }

    @Override
    public void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                                   float[] y, int yOff, float[] grad, int gradOff) {
        KernelChecks.activationBackward(f, parameter, len, z, zOff, y, yOff, grad, gradOff);
        switch (f) {
            case LINEAR:
                return;
            case RELU:
                for (int i = 0; i < len; i++) {
                    if (!(y[yOff + i] > 0f)) {
                        grad[gradOff + i] *= 0f;
                    }
                }
                return;
            case SIGMOID:
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gradOff + i] *= v * (1f - v);
                }
                return;
            case TANH:
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gradOff + i] *= 1f - v * v;
                }
                return;
            case LEAKY_RELU:
                for (int i = 0; i < len; i++) {
                    if (!(y[yOff + i] > 0f)) {
                        grad[gradOff + i] *= parameter;
                    }
                }
                return;
            case GELU:
            case SILU:
                for (int i = 0; i < len; i++) {
                    grad[gradOff + i] = (float) (grad[gradOff + i] * ScalarActivations.derivative(f, parameter, z[zOff + i], 0));
                }
                return;
            case ELU:
            case SOFTPLUS:
                for (int i = 0; i < len; i++) {
                    grad[gradOff + i] = (float) (grad[gradOff + i] * ScalarActivations.derivative(f, parameter, 0, y[yOff + i]));
                }
                return;
            default:
                throw new IllegalArgumentException(
                        "expected an elementwise activation (softmax is differentiated with its loss), found " + f);
        }
    }

    // ---------------------------------------------------------------- losses

    @Override
    public double mseLoss(int m, int n, float[] yHat, int yHatOff, float[] y, int yOff,
                          float[] grad, int gradOff) {
        KernelChecks.loss("yHat", m, n, yHat, yHatOff, y, yOff, null, 0, grad, gradOff);
        int len = m * n;
        if (len == 0) {
            return 0;
        }
        float gradScale = 2f / len;
        double total = 0;
        for (int start = 0; start < len; start += CHUNK) {
            int end = Math.min(len, start + CHUNK);
            float partial = 0f;
            for (int i = start; i < end; i++) {
                float diff = yHat[yHatOff + i] - y[yOff + i];
                partial += diff * diff;
                if (grad != null) {
                    grad[gradOff + i] = diff * gradScale;
                }
            }
            total += partial;
        }
        return total / len;
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                      float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        if (m == 0) {
            return 0;
        }
        float invRows = 1f / m;
        double total = 0;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            float max = rowMax(n, z, zOff + row);
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                sum += (float) Math.exp(z[zOff + row + j] - max);
            }
            // Work on z - max, so large logits lose no precision: -log p = log(sum) - (z - max).
            float logSum = (float) Math.log(sum);
            float invSum = 1f / sum;
            float rowLoss = 0f;
            // Read z and y of an element before writing its outputs, so probs or grad may be z in place.
            for (int j = 0; j < n; j++) {
                float shifted = z[zOff + row + j] - max;
                float target = y[yOff + row + j];
                rowLoss += target * (logSum - shifted);
                float p = (float) Math.exp(shifted) * invSum;
                if (probs != null) {
                    probs[probsOff + row + j] = p;
                }
                if (grad != null) {
                    grad[gradOff + row + j] = (p - target) * invRows;
                }
            }
            total += rowLoss;
        }
        return total / m;
    }

    @Override
    public double sigmoidBinaryCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                            float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        int len = m * n;
        if (len == 0) {
            return 0;
        }
        float invLen = 1f / len;
        double total = 0;
        for (int start = 0; start < len; start += CHUNK) {
            int end = Math.min(len, start + CHUNK);
            float partial = 0f;
            for (int i = start; i < end; i++) {
                float zi = z[zOff + i];
                float target = y[yOff + i];
                // -[y log s + (1-y) log(1-s)] with s = sigmoid(z), on the logit: never log(0).
                partial += Math.max(zi, 0f) - zi * target + (float) Math.log1p(Math.exp(-Math.abs(zi)));
                float p = sigmoid(zi);
                if (probs != null) {
                    probs[probsOff + i] = p;
                }
                if (grad != null) {
                    grad[gradOff + i] = (p - target) * invLen;
                }
            }
            total += partial;
        }
        return total / len;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, float[] out, int outOff, boolean accumulate) {
        KernelChecks.matrix("A", m, n, a, aOff);
        KernelChecks.slice("out", out, outOff, n);
        KernelChecks.noOverlap("out", out, outOff, n, "A", a, aOff, (long) m * n);
        if (!accumulate) {
            Arrays.fill(out, outOff, outOff + n, 0f);
        }
        // Row after row, so both arrays are read in memory order.
        for (int i = 0; i < m; i++) {
            int row = aOff + i * n;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += a[row + j];
            }
        }
    }

    @Override
    public double sumOfSquares(int len, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        double total = 0;
        for (int start = 0; start < len; start += CHUNK) {
            int end = Math.min(len, start + CHUNK);
            // Four independent accumulators: shorter dependency chains and four smaller sums.
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int i = start;
            for (; i + 3 < end; i += 4) {
                float v0 = x[xOff + i];
                float v1 = x[xOff + i + 1];
                float v2 = x[xOff + i + 2];
                float v3 = x[xOff + i + 3];
                s0 += v0 * v0;
                s1 += v1 * v1;
                s2 += v2 * v2;
                s3 += v3 * v3;
            }
            for (; i < end; i++) {
                float v = x[xOff + i];
                s0 += v * v;
            }
            total += (double) (s0 + s1) + (s2 + s3);
        }
        return total;
    }

    @Override
    public boolean allFinite(int len, float[] x, int xOff) {
        return FLOAT_LOOPS.allFinite(len, x, xOff);
    }

    // ---------------------------------------------------------------- updates

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FLOAT_LOOPS.axpy(len, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int len, float alpha, float[] x, int xOff) {
        FLOAT_LOOPS.scale(len, alpha, x, xOff);
    }

    @Override
    public void clipByValue(int len, float limit, float[] x, int xOff) {
        FLOAT_LOOPS.clipByValue(len, limit, x, xOff);
    }

    @Override
    public void momentumUpdate(int len, float lr, float momentum, boolean nesterov, float weightDecay,
                               float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        FLOAT_LOOPS.momentumUpdate(len, lr, momentum, nesterov, weightDecay, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void adamUpdate(int len, float lr, float beta1, float beta2, float eps, float weightDecay,
                           boolean decoupledWeightDecay, long t,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff,
                           float[] v, int vOff) {
        KernelChecks.adamUpdate(len, t, w, wOff, g, gOff, m, mOff, v, vOff);
        // Bias corrections once per call, in double (beta^t underflows gracefully), then float.
        float bias1 = (float) (1 - Math.pow(beta1, t));
        float bias2 = (float) (1 - Math.pow(beta2, t));
        float coupledDecay = decoupledWeightDecay ? 0f : weightDecay;
        float decoupledDecay = decoupledWeightDecay ? weightDecay : 0f;
        for (int i = 0; i < len; i++) {
            float wi = w[wOff + i];
            float gi = g[gOff + i] + coupledDecay * wi;
            float mi = beta1 * m[mOff + i] + (1f - beta1) * gi;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float step = (mi / bias1) / ((float) Math.sqrt(vi / bias2) + eps) + decoupledDecay * wi;
            w[wOff + i] = wi - lr * step;
        }
    }
}
