package dev.vecmlp.kernel;

import dev.vecmlp.model.Activation;

/**
 * The kernel SPI: every numeric routine the trainer and the predictor need, and nothing else.
 *
 * <p>Conventions shared by every backend:
 * <ul>
 *   <li>Matrices are row-major {@code float[]} slices starting at an offset, rows stored
 *       contiguously (leading dimension = number of columns). Sizes are explicit.</li>
 *   <li>No kernel allocates, logs or blocks on I/O. Every kernel checks sizes, bounds and
 *       forbidden aliasing up front (see {@link KernelChecks}) and throws
 *       {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} before it writes
 *       anything.</li>
 *   <li>Reductions that return a value accumulate in {@code double} in the reference backend;
 *       other backends may use float accumulators and must agree within a tolerance that grows
 *       with the reduction length.</li>
 *   <li>An implementation is thread-safe: concurrent calls on disjoint outputs are allowed.</li>
 * </ul>
 *
 * <p>The three GEMM shapes are the three products of training a dense layer with weights
 * {@code W} (out x in) on a batch {@code X} (B x in): forward {@code Z = X W^T}
 * ({@link #gemmNT}), backward {@code dX = dZ W} ({@link #gemmNN}) and the weight gradient
 * {@code dW = dZ^T X} ({@link #gemmTN}).
 */
public interface Kernels {

    /** Short name of the backend: {@code reference}, {@code ejml}, {@code simd}. */
    String name();

    /** Width in bits of the vectors the backend computes with, 0 for scalar code. */
    int vectorBitSize();

    /** Threads a single kernel call may use (1: the caller's thread only). */
    int threads();

    // ---------------------------------------------------------------- GEMM

    /**
     * {@code C (m x n) = A (m x k) * B^T} where {@code B} is {@code n x k}; with
     * {@code accumulate} the product is added to {@code C}. C must not overlap A or B.
     */
    void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    /**
     * {@code C (m x n) = A (m x k) * B} where {@code B} is {@code k x n}; with
     * {@code accumulate} the product is added to {@code C}. C must not overlap A or B.
     */
    void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    /**
     * {@code C (m x n) = A^T * B} where {@code A} is {@code k x m} and {@code B} is
     * {@code k x n}; with {@code accumulate} the product is added to {@code C}.
     * C must not overlap A or B.
     */
    void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                float[] c, int cOff, boolean accumulate);

    // ---------------------------------------------------------------- layer forward

    /**
     * One dense layer forward: {@code out (m x n) = f(X (m x k) * W^T + bias)} with {@code W}
     * of shape {@code n x k}; {@code out} must not overlap X, W or the bias. Backends fuse the
     * bias and activation into the GEMM's epilogue where they can. The activation takes its
     * {@link Activation#defaultParameter()}.
     */
    default void denseForward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                              float[] bias, int biasOff, Activation f, float[] out, int outOff) {
        denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, f == null ? 0f : f.defaultParameter(), out, outOff);
    }

    /**
     * {@link #denseForward(int, int, int, float[], int, float[], int, float[], int, Activation, float[], int)}
     * with the activation's parameter (leaky ReLU's slope, ELU's alpha; 0 for the others). The
     * default checks every argument first, then runs the three steps one after another.
     */
    default void denseForward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                              float[] bias, int biasOff, Activation f, float parameter, float[] out, int outOff) {
        KernelChecks.denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        KernelChecks.activationParameter(f, parameter);
        gemmNT(m, n, k, x, xOff, w, wOff, out, outOff, false);
        addBias(m, n, bias, biasOff, out, outOff);
        activate(f, parameter, m, n, out, outOff, out, outOff);
    }

    /**
     * Lays out {@code W} ({@code n x k} from {@code wOff}) once for {@link #denseForwardPacked},
     * or returns {@code null} when this backend has no such layout (the default: it multiplies
     * W in place). The result is a copy: it does not follow later changes of {@code w}.
     */
    default PackedWeights packWeights(int n, int k, float[] w, int wOff) {
        KernelChecks.matrix("W", n, k, w, wOff);
        return null;
    }

    /**
     * {@link #denseForward(int, int, int, float[], int, float[], int, float[], int, Activation, float, float[], int)}
     * given also {@code packed}, made by this backend's {@link #packWeights} from the same
     * {@code W} (or {@code null}). A backend may read either copy; the default ignores
     * {@code packed}. The SIMD backend multiplies batches of more than a few rows from it.
     *
     * @throws IllegalArgumentException when {@code packed} was made for another shape
     */
    default void denseForwardPacked(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                    PackedWeights packed, float[] bias, int biasOff, Activation f, float parameter,
                                    float[] out, int outOff) {
        KernelChecks.packedWeights(n, k, packed);
        denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, parameter, out, outOff);
    }

    /**
     * {@code out = f(X W^T + bias)} as {@link #denseForward}, with W held as bfloat16
     * ({@link Bf16}: {@code n x k} shorts from {@code wOff}), each weight widened exactly to
     * float32 and every product accumulated in float32. This default widens one weight at a
     * time in plain loops (one float FMA chain per output over K), then adds the bias and applies
     * the activation with this backend's kernels: correct on every backend, fast on none; the
     * SIMD backend overrides it.
     */
    default void denseForwardBf16(int m, int n, int k, float[] x, int xOff, short[] w, int wOff,
                                  float[] bias, int biasOff, Activation f, float[] out, int outOff) {
        KernelChecks.denseForwardBf16(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        for (int i = 0; i < m; i++) {
            int xRow = xOff + i * k;
            for (int j = 0; j < n; j++) {
                int wRow = wOff + j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(x[xRow + p], Bf16.widen(w[wRow + p]), sum);
                }
                out[outOff + i * n + j] = sum;
            }
        }
        addBias(m, n, bias, biasOff, out, outOff);
        activate(f, m, n, out, outOff, out, outOff);
    }

    /**
     * Lays out bf16 weights {@code W} ({@code n x k} shorts from {@code wOff}) once for
     * {@link #denseForwardBf16Packed}, or returns {@code null} when this backend has no such
     * layout (the default). The result is a copy.
     */
    default PackedWeights packWeightsBf16(int n, int k, short[] w, int wOff) {
        KernelChecks.matrixBf16("W", n, k, w, wOff);
        return null;
    }

    /**
     * {@link #denseForwardBf16} given also {@code packed}, made by this backend's
     * {@link #packWeightsBf16} from the same {@code W} (or {@code null}); the same numbers as
     * {@link #denseForwardBf16}, bit for bit. The default ignores {@code packed}; the SIMD
     * backend's matrix-vector path (1-3 rows) streams it.
     *
     * @throws IllegalArgumentException when {@code packed} was made for another shape
     */
    default void denseForwardBf16Packed(int m, int n, int k, float[] x, int xOff, short[] w, int wOff,
                                        PackedWeights packed, float[] bias, int biasOff, Activation f,
                                        float[] out, int outOff) {
        KernelChecks.packedWeights(n, k, packed);
        denseForwardBf16(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
    }

    /**
     * {@code out = f(s_j (X Q^T)_ij + bias_j)}: a dense layer with int8 weights ({@link Int8}:
     * {@code Q} is {@code n x k} bytes from {@code wOff}, row {@code j}'s scale at
     * {@code scales[scalesOff + j]}). Each output sums {@code x_p q_p} in float32 (every
     * {@code q} is exact as a float) and multiplies by its scale once. This default does so in
     * plain loops (one FMA chain per output over K), then adds the bias and applies the activation
     * with this backend's kernels: correct on every backend, fast on none; the SIMD backend
     * overrides it.
     */
    default void denseForwardInt8(int m, int n, int k, float[] x, int xOff, byte[] w, int wOff,
                                  float[] scales, int scalesOff, float[] bias, int biasOff, Activation f,
                                  float[] out, int outOff) {
        KernelChecks.denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
        for (int i = 0; i < m; i++) {
            int xRow = xOff + i * k;
            for (int j = 0; j < n; j++) {
                int wRow = wOff + j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(x[xRow + p], w[wRow + p], sum);
                }
                out[outOff + i * n + j] = sum * scales[scalesOff + j];
            }
        }
        addBias(m, n, bias, biasOff, out, outOff);
        activate(f, m, n, out, outOff, out, outOff);
    }

    /**
     * Lays out int8 weights {@code W} ({@code n x k} bytes from {@code wOff}) once for
     * {@link #denseForwardInt8Packed}, or returns {@code null} when this backend has no such
     * layout (the default). The result is a copy.
     */
    default PackedWeights packWeightsInt8(int n, int k, byte[] w, int wOff) {
        KernelChecks.matrixInt8("W", n, k, w, wOff);
        return null;
    }

    /**
     * {@link #denseForwardInt8} given also {@code packed}, made by this backend's
     * {@link #packWeightsInt8} from the same {@code W} (or {@code null}); the same numbers as
     * {@link #denseForwardInt8}, bit for bit. The default ignores {@code packed}; the SIMD
     * backend's matrix-vector path (1-3 rows) streams it.
     *
     * @throws IllegalArgumentException when {@code packed} was made for another shape
     */
    default void denseForwardInt8Packed(int m, int n, int k, float[] x, int xOff, byte[] w, int wOff,
                                        float[] scales, int scalesOff, PackedWeights packed,
                                        float[] bias, int biasOff, Activation f, float[] out, int outOff) {
        KernelChecks.packedWeights(n, k, packed);
        denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
    }

    /** {@code C[i][j] += bias[j]} for an {@code m x n} matrix C. */
    void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff);

    /**
     * {@code out = f(z)} for an {@code m x n} matrix ({@link Activation#SOFTMAX} works per row,
     * computed stably by subtracting the row maximum), with the activation's default parameter.
     * {@code out} may be {@code z} itself at the same offset; partial overlap is not allowed.
     */
    default void activate(Activation f, int m, int n, float[] z, int zOff, float[] out, int outOff) {
        activate(f, f == null ? 0f : f.defaultParameter(), m, n, z, zOff, out, outOff);
    }

    /** {@link #activate(Activation, int, int, float[], int, float[], int)} with the activation's parameter. */
    void activate(Activation f, float parameter, int m, int n, float[] z, int zOff, float[] out, int outOff);

    /**
     * Backward through an elementwise activation with its default parameter, in place:
     * {@code grad[i] *= f'(z_i)}, the derivative expressed through the output {@code y = f(z)}.
     * Softmax has no elementwise derivative and is rejected; so are GELU and SiLU, whose
     * derivative needs {@code z} (use the overload that takes it).
     */
    default void activationBackward(Activation f, int len, float[] y, int yOff, float[] grad, int gradOff) {
        activationBackward(f, f == null ? 0f : f.defaultParameter(), len, null, 0, y, yOff, grad, gradOff);
    }

    /**
     * Backward through an elementwise activation with its parameter, in place:
     * {@code grad[i] *= f'(z_i)}. The derivative is formed from the output {@code y = f(z)}, or
     * from the pre-activation {@code z} for {@link Activation#needsPreActivation()} activations;
     * {@code z} may be null for the others (it is then not read).
     */
    void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                            float[] y, int yOff, float[] grad, int gradOff);

    // ---------------------------------------------------------------- losses

    /**
     * Mean squared error over an {@code m x n} block, {@code mean((yHat - y)^2)}; when
     * {@code grad} is not null writes {@code dL/dyHat = 2 (yHat - y) / (m n)} into it.
     * Returns the loss.
     */
    double mseLoss(int m, int n, float[] yHat, int yHatOff, float[] y, int yOff,
                   float[] grad, int gradOff);

    /**
     * Softmax fused with cross-entropy on logits {@code z (m x n)} and targets {@code y}
     * (one-hot or a distribution per row): returns {@code -(1/m) sum y log softmax(z)}
     * computed with log-sum-exp. When {@code probs} is not null writes {@code softmax(z)} into
     * it; when {@code grad} is not null writes {@code dL/dz = (softmax(z) - y) / m}.
     */
    double softmaxCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                               float[] probs, int probsOff, float[] grad, int gradOff);

    /**
     * Sigmoid fused with binary cross-entropy on logits {@code z (m x n)}: returns
     * {@code mean(max(z,0) - z y + log(1 + e^-|z|))} over all {@code m n} elements. When
     * {@code probs} is not null writes {@code sigmoid(z)}; when {@code grad} is not null writes
     * {@code dL/dz = (sigmoid(z) - y) / (m n)}.
     */
    double sigmoidBinaryCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                     float[] probs, int probsOff, float[] grad, int gradOff);

    // ---------------------------------------------------------------- reductions

    /** {@code out[j] (+)= sum_i A[i][j]} over an {@code m x n} matrix (bias gradients). */
    void columnSums(int m, int n, float[] a, int aOff, float[] out, int outOff, boolean accumulate);

    /** {@code sum x_i^2} over {@code len} elements (norms for clipping and diagnostics). */
    double sumOfSquares(int len, float[] x, int xOff);

    /** Whether none of {@code len} elements is NaN or infinite. */
    boolean allFinite(int len, float[] x, int xOff);

    // ---------------------------------------------------------------- updates

    /** {@code y += alpha * x}. x and y must not partially overlap. */
    void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x *= alpha}. */
    void scale(int len, float alpha, float[] x, int xOff);

    /** {@code x = clamp(x, -limit, limit)} with {@code limit >= 0}. */
    void clipByValue(int len, float limit, float[] x, int xOff);

    /**
     * SGD with momentum, one fused pass (PyTorch's convention):
     * {@code g' = g + weightDecay * w; v = momentum * v + g';
     * w -= lr * (nesterov ? g' + momentum * v : v)}. With {@code momentum = 0} this is plain
     * SGD with L2 weight decay (v still receives {@code g'}).
     */
    void momentumUpdate(int len, float lr, float momentum, boolean nesterov, float weightDecay,
                        float[] w, int wOff, float[] g, int gOff, float[] v, int vOff);

    /**
     * Adam / AdamW, one fused pass, for step {@code t >= 1}:
     * {@code g' = g + (decoupled ? 0 : weightDecay * w); m = b1 m + (1-b1) g';
     * v = b2 v + (1-b2) g'^2; w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
     * + (decoupled ? lr * weightDecay * w : 0)}.
     */
    void adamUpdate(int len, float lr, float beta1, float beta2, float eps, float weightDecay,
                    boolean decoupledWeightDecay, long t,
                    float[] w, int wOff, float[] g, int gOff, float[] m, int mOff,
                    float[] v, int vOff);
}
