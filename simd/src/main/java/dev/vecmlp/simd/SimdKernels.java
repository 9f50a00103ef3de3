package dev.vecmlp.simd;

import dev.vecmlp.kernel.KernelChecks;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.PackedWeights;
import dev.vecmlp.model.Activation;

import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * The kernel SPI on the Java Vector API ({@code jdk.incubator.vector}), float32, with the same
 * semantics as the reference backend: every call checks its arguments with {@link KernelChecks}
 * before it writes anything, then runs a vectorised kernel.
 *
 * <p>GEMMs are register-blocked and split over output tiles on a small pool of daemon threads
 * ({@code threads - 1} workers plus the caller). The tile grid and each element's summation
 * order depend only on the shape, so results are bit-identical whatever the thread count;
 * products smaller than {@value #PARALLEL_MIN_MACS} multiply-adds stay on the caller's thread,
 * where handing work over would cost more than it saves. Packing buffers are per thread and
 * reused, so steady-state calls allocate nothing.
 *
 * <p>{@link #close()} stops the worker threads (a forgotten instance is cleaned up when it
 * becomes unreachable); a closed instance keeps working on the caller's thread.
 */
public final class SimdKernels implements Kernels, AutoCloseable {
    /**
     * Products below this many multiply-adds ({@code m n k}) run on the caller's thread alone
     * (tuning switch {@code vecmlp.simd.parallelMinMacs}).
     */
    static final long PARALLEL_MIN_MACS = Long.getLong("vecmlp.simd.parallelMinMacs", 1L << 21);
    /**
     * Matrix-vector products ({@code X W^T} of 1-3 rows) of at least this many multiply-adds are
     * split over the threads (tuning switch {@code vecmlp.simd.dotParallelMinMacs}): they are bound
     * by the bytes of W they stream, and each thread streaming its own half of a large W (the
     * mnist first layer's 800 KB) from its own core's L2 is the lever there, so the split pays
     * off well below {@link #PARALLEL_MIN_MACS}.
     */
    static final long DOT_PARALLEL_MIN_MACS = Long.getLong("vecmlp.simd.dotParallelMinMacs", 1L << 17);
    /** Batches of at most this many rows use matrix-vector paths in {@code X W^T} and {@code dZ W}. */
    static final int DOT_MAX_ROWS = 3;

    private static final Cleaner CLEANER = Cleaner.create();

    private final WorkerPool pool;
    private final int threads;
    private final Cleaner.Cleanable cleanable;

    /**
     * A backend using up to {@code threads} threads per kernel call (1: the caller's thread only).
     *
     * @throws IllegalArgumentException when {@code threads < 1}
     * @throws IllegalStateException    when {@code vecmlp.simd.bits} holds an unusable value
     */
    public SimdKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        if (Lanes.PROBLEM != null) {
            throw new IllegalStateException(Lanes.PROBLEM);
        }
        this.threads = threads;
        this.pool = new WorkerPool(threads);
        WorkerPool toClose = pool;
        this.cleanable = CLEANER.register(this, toClose::close);
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int vectorBitSize() {
        return Lanes.FLOAT.vectorBitSize();
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Stops the worker threads; the backend keeps working on the caller's thread. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "simd(" + vectorBitSize() + "-bit, " + threads + " thread(s))";
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        forward(m, n, k, a, aOff, b, bOff, c, cOff, accumulate, null, 0, Activation.LINEAR);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) {
            return;
        }
        if (m <= DOT_MAX_ROWS) {
            Gemm.fewRowsTimesMatrix(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
            return;
        }
        panels(m, n, k, a, aOff, null, b, bOff, Gemm.panelVectors(n), c, cOff, false, accumulate, Gemm.KC,
                null, 0, Activation.LINEAR);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) {
            return;
        }
        Scratch scratch = Scratch.get();
        float[] transposed = scratch.packA(m * k);
        Gemm.transpose(k, m, a, aOff, transposed, scratch.map);
        panels(m, n, k, transposed, 0, null, b, bOff, Gemm.panelVectors(n), c, cOff, false, accumulate, Gemm.KC,
                null, 0, Activation.LINEAR);
    }

    @Override
    public void denseForward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                             float[] bias, int biasOff, Activation f, float parameter, float[] out, int outOff) {
        KernelChecks.denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        KernelChecks.activationParameter(f, parameter);
        if (f.hasParameter()) {
            // The fused epilogue knows no per-layer parameter: bias fused, then one pass for f.
            forward(m, n, k, x, xOff, w, wOff, out, outOff, false, bias, biasOff, Activation.LINEAR);
            Elementwise.activate(f, parameter, m * n, out, outOff, out, outOff);
        } else {
            forward(m, n, k, x, xOff, w, wOff, out, outOff, false, bias, biasOff, f);
        }
    }

    @Override
    public PackedWeights packWeights(int n, int k, float[] w, int wOff) {
        KernelChecks.matrix("W", n, k, w, wOff);
        return SimdPackedWeights.of(n, k, w, wOff);
    }

    /**
     * Batches of more than {@value #DOT_MAX_ROWS} rows: {@code Z = X W^T} on the prepacked
     * {@code W^T} panels with X's rows read in place (nothing packed per call), bias and
     * activation applied to each output tile right after it is stored, while it is in L1. Each
     * element is the same FMA chain over K as in {@link #denseForward}, so the two agree bit for
     * bit. Fewer rows (matrix-vector) take the dot-product path on the prepacked dot tiles
     * ({@link PackedDots}; the same bits as {@link #denseForward}'s dot products on W in place),
     * or on W in place when none were made.
     */
    @Override
    public void denseForwardPacked(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                   PackedWeights packed, float[] bias, int biasOff, Activation f, float parameter,
                                   float[] out, int outOff) {
        KernelChecks.denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        KernelChecks.activationParameter(f, parameter);
        KernelChecks.packedWeights(n, k, packed);
        if (n == 0 || !(packed instanceof SimdPackedWeights)) {
            denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, parameter, out, outOff);
            return;
        }
        SimdPackedWeights p = (SimdPackedWeights) packed;
        if (m <= DOT_MAX_ROWS) {
            if (p.dots == null || m == 0) {
                denseForward(m, n, k, x, xOff, w, wOff, bias, biasOff, f, parameter, out, outOff);
                return;
            }
            // As denseForward: bias fused, a parameterised activation in a pass of its own.
            packedDots(m, n, k, x, xOff, p, out, outOff, bias, biasOff, f.hasParameter() ? Activation.LINEAR : f);
            if (f.hasParameter()) {
                Elementwise.activate(f, parameter, m * n, out, outOff, out, outOff);
            }
            return;
        }
        Activation fused = f.hasParameter() ? Activation.LINEAR : f;
        panels(m, n, k, x, xOff, p.panels, null, 0, p.v, out, outOff, false, false, p.kc, bias, biasOff, fused);
        if (f.hasParameter()) {
            Elementwise.activate(f, parameter, m * n, out, outOff, out, outOff);
        }
        finish(m, n, true, bias, biasOff, f, out, outOff);
    }

    /**
     * {@code C (+)= f(X W^T + bias)}; {@code bias == null} means a plain product. Picks the path
     * by shape: dot products for 1-3 rows; packed {@code W^T} panels when W has fewer rows than
     * X (then bias and activation in one extra pass over the small output); otherwise packed
     * {@code X^T} panels and {@code Z^T = W X^T}, bias and activation fused into the tile store.
     */
    private void forward(int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                         float[] c, int cOff, boolean accumulate, float[] bias, int biasOff, Activation f) {
        if (m == 0 || n == 0) {
            return;
        }
        boolean fused = false;
        if (m <= DOT_MAX_ROWS) {
            int tiles = Gemm.dotTiles(n);
            int parts = dotParts(m, n, k, tiles);
            if (parts > 1 && pool.tryAcquire()) {
                pool.task.dots(m, n, k, x, xOff, w, wOff, c, cOff, accumulate);
                pool.runAndRelease(parts);
            } else {
                Gemm.dots(m, n, k, x, xOff, w, wOff, c, cOff, accumulate, Scratch.get().lanes, 0, tiles);
            }
        } else if (n < m) {
            int v = Gemm.panelVectors(n);
            Scratch scratch = Scratch.get();
            float[] packed = scratch.packB(Gemm.packedSize(n, k, v));
            Gemm.packTransposed(n, k, w, wOff, v, packed, scratch.map);
            panels(m, n, k, x, xOff, packed, null, 0, v, c, cOff, false, accumulate, Gemm.KC, null, 0, Activation.LINEAR);
        } else {
            int v = Gemm.panelVectors(m);
            Scratch scratch = Scratch.get();
            float[] packed = scratch.packB(Gemm.packedSize(m, k, v));
            Gemm.packTransposed(m, k, x, xOff, v, packed, scratch.map);
            panels(n, m, k, w, wOff, packed, null, 0, v, c, cOff, true, accumulate, Math.max(k, 1), bias, biasOff, f);
            fused = true;
        }
        finish(m, n, fused, bias, biasOff, f, c, cOff);
    }

    /**
     * {@code C = f(X W^T + bias)} for 1-3 rows on W's prepacked dot tiles, split over the
     * threads as {@link #forward} splits the dot products on W in place (same tiles, same bits).
     */
    private void packedDots(int m, int n, int k, float[] x, int xOff, SimdPackedWeights p,
                            float[] c, int cOff, float[] bias, int biasOff, Activation f) {
        int tiles = Gemm.dotTiles(n);
        int parts = dotParts(m, n, k, tiles);
        if (parts > 1 && pool.tryAcquire()) {
            pool.task.dotsPacked(m, n, k, x, xOff, p.dots, p.vectorReduce, c, cOff, false);
            pool.runAndRelease(parts);
        } else {
            PackedDots.dots(m, n, k, x, xOff, p.dots, c, cOff, false, p.vectorReduce, Scratch.get().lanes, 0, tiles);
        }
        finish(m, n, false, bias, biasOff, f, c, cOff);
    }

    /** Bias and activation over the {@code m x n} output, unless the product fused them already (softmax never is). */
    private static void finish(int m, int n, boolean fused, float[] bias, int biasOff, Activation f, float[] c, int cOff) {
        if (!fused && (bias != null || f.isElementwise() && f != Activation.LINEAR)) {
            Elementwise.biasActivate(m, n, bias, biasOff, f, c, cOff);
        }
        if (f == Activation.SOFTMAX) {
            float[] lanes = Scratch.get().lanes;
            for (int i = 0; i < m; i++) {
                Elementwise.softmaxRow(n, c, cOff + i * n, c, cOff + i * n, lanes);
            }
        }
    }

    /**
     * bf16 weights: for 1-3 rows the dot products widen each weight vector in registers (half the
     * bytes streamed); for more rows, where the product is compute-bound, W is widened once into
     * this thread's scratch and the float32 path runs on it (same values).
     */
    @Override
    public void denseForwardBf16(int m, int n, int k, float[] x, int xOff, short[] w, int wOff,
                                 float[] bias, int biasOff, Activation f, float[] out, int outOff) {
        KernelChecks.denseForwardBf16(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        if (m == 0 || n == 0) {
            return;
        }
        if (m > DOT_MAX_ROWS) {
            float[] widened = Scratch.get().widened(n * k);
            Gemm.widenBf16(n * k, w, wOff, widened, 0);
            forward(m, n, k, x, xOff, widened, 0, out, outOff, false, bias, biasOff, f);
            return;
        }
        int tiles = Gemm.dotTiles(n);
        int parts = dotParts(m, n, k, tiles);
        if (parts > 1 && pool.tryAcquire()) {
            pool.task.dotsBf16(m, n, k, x, xOff, w, wOff, out, outOff);
            pool.runAndRelease(parts);
        } else {
            Gemm.dotsBf16(m, n, k, x, xOff, w, wOff, out, outOff, Scratch.get().lanes, 0, tiles);
        }
        finish(m, n, false, bias, biasOff, f, out, outOff);
    }

    @Override
    public PackedWeights packWeightsBf16(int n, int k, short[] w, int wOff) {
        KernelChecks.matrixBf16("W", n, k, w, wOff);
        return SimdPackedBf16Weights.of(n, k, w, wOff);
    }

    /**
     * {@link #denseForwardBf16}, with 1-3 rows streaming the prepacked bf16 dot tiles
     * ({@link PairedBf16Dots#dots} for layers that fit in L2, {@link PackedDots#dotsBf16} for larger
     * ones: the same bits as the bf16 dot products on W in place).
     */
    @Override
    public void denseForwardBf16Packed(int m, int n, int k, float[] x, int xOff, short[] w, int wOff,
                                       PackedWeights packed, float[] bias, int biasOff, Activation f,
                                       float[] out, int outOff) {
        KernelChecks.denseForwardBf16(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
        KernelChecks.packedWeights(n, k, packed);
        if (m == 0 || n == 0 || m > DOT_MAX_ROWS || !(packed instanceof SimdPackedBf16Weights)) {
            denseForwardBf16(m, n, k, x, xOff, w, wOff, bias, biasOff, f, out, outOff);
            return;
        }
        SimdPackedBf16Weights p = (SimdPackedBf16Weights) packed;
        int tiles = Gemm.dotTiles(n);
        int parts = dotParts(m, n, k, tiles);
        if (parts > 1 && pool.tryAcquire()) {
            if (p.paired != null) {
                pool.task.dotsPairedBf16(m, n, k, x, xOff, p.paired, w, wOff, p.vectorReduce, out, outOff);
            } else {
                pool.task.dotsPackedBf16(m, n, k, x, xOff, p.dots, p.vectorReduce, out, outOff);
            }
            pool.runAndRelease(parts);
        } else if (p.paired != null) {
            PairedBf16Dots.dots(m, n, k, x, xOff, p.paired, w, wOff, out, outOff, p.vectorReduce, Scratch.get().lanes,
                    0, tiles);
        } else {
            PackedDots.dotsBf16(m, n, k, x, xOff, p.dots, out, outOff, p.vectorReduce, Scratch.get().lanes, 0, tiles);
        }
        finish(m, n, false, bias, biasOff, f, out, outOff);
    }

    /**
     * int8 weights: the dot products widen each weight vector from bytes in registers (a quarter
     * of float32's bytes streamed), on W in place ({@link Int8Dots#dots}); 1-3 rows may split over
     * the threads. Batches of more rows take the same path, one thread (the predictor multiplies
     * batches on its float32 copy instead). With 128-bit vectors, the plain loops of the default.
     */
    @Override
    public void denseForwardInt8(int m, int n, int k, float[] x, int xOff, byte[] w, int wOff,
                                 float[] scales, int scalesOff, float[] bias, int biasOff, Activation f,
                                 float[] out, int outOff) {
        if (!Int8Dots.SUPPORTED) {
            Kernels.super.denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
            return;
        }
        KernelChecks.denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
        if (m == 0 || n == 0) {
            return;
        }
        int tiles = Gemm.dotTiles(n);
        int parts = m > DOT_MAX_ROWS ? 1 : dotParts(m, n, k, tiles);
        if (parts > 1 && pool.tryAcquire()) {
            pool.task.dotsInt8(m, n, k, x, xOff, w, wOff, false, scales, scalesOff, false, out, outOff);
            pool.runAndRelease(parts);
        } else {
            Int8Dots.dots(m, n, k, x, xOff, w, wOff, scales, scalesOff, out, outOff, Scratch.get().lanes, 0, tiles);
        }
        finish(m, n, false, bias, biasOff, f, out, outOff);
    }

    @Override
    public PackedWeights packWeightsInt8(int n, int k, byte[] w, int wOff) {
        KernelChecks.matrixInt8("W", n, k, w, wOff);
        return SimdPackedInt8Weights.of(n, k, w, wOff);
    }

    /**
     * {@link #denseForwardInt8}, with 1-3 rows streaming the prepacked int8 dot tiles
     * ({@link Int8Dots#dotsPacked}: the same bits as the int8 dot products on W in place).
     */
    @Override
    public void denseForwardInt8Packed(int m, int n, int k, float[] x, int xOff, byte[] w, int wOff,
                                       float[] scales, int scalesOff, PackedWeights packed,
                                       float[] bias, int biasOff, Activation f, float[] out, int outOff) {
        KernelChecks.denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
        KernelChecks.packedWeights(n, k, packed);
        if (m == 0 || n == 0 || m > DOT_MAX_ROWS || !(packed instanceof SimdPackedInt8Weights)) {
            denseForwardInt8(m, n, k, x, xOff, w, wOff, scales, scalesOff, bias, biasOff, f, out, outOff);
            return;
        }
        SimdPackedInt8Weights p = (SimdPackedInt8Weights) packed;
        int tiles = Gemm.dotTiles(n);
        int parts = dotParts(m, n, k, tiles);
        if (parts > 1 && pool.tryAcquire()) {
            pool.task.dotsInt8(m, n, k, x, xOff, p.dots, 0, true, scales, scalesOff, p.vectorReduce, out, outOff);
            pool.runAndRelease(parts);
        } else {
            Int8Dots.dotsPacked(m, n, k, x, xOff, p.dots, scales, scalesOff, out, outOff, p.vectorReduce,
                    Scratch.get().lanes, 0, tiles);
        }
        finish(m, n, false, bias, biasOff, f, out, outOff);
    }

    /**
     * Runs {@link Gemm#panels} for {@code rows x cols} outputs of a {@code k}-long product with
     * A's rows {@code k} apart and the right-hand operand either packed whole ({@code packed})
     * or packed block by block by each thread from the row-major {@code k x cols} matrix
     * {@code src}; the output's row stride is {@code cols}, or {@code rows} when transposed.
     * Hands tiles to the pool when the product is big enough and the pool is free.
     */
    private void panels(int rows, int cols, int k, float[] a, int aOff, float[] packed, float[] src, int srcOff,
                        int v, float[] c, int cOff, boolean transposedOut, boolean accumulate, int kc,
                        float[] bias, int biasOff, Activation f) {
        int ldc = transposedOut ? rows : cols;
        int parts = parts(rows, cols, k, Gemm.tiles(rows, cols, v));
        GemmTask task;
        if (parts > 1 && pool.tryAcquire()) {
            task = pool.task;
        } else {
            task = Scratch.get().task;
            parts = 1;
        }
        task.panels(rows, cols, k, a, aOff, k, packed, src, srcOff, cols, v, c, cOff, ldc, transposedOut,
                accumulate, kc, bias, biasOff, f);
        if (parts > 1) {
            pool.runAndRelease(parts);
        } else {
            task.run(false);
            task.clear();
        }
    }

    /** How many threads a product gets: 1 below the size threshold, never more than its tiles. */
    private int parts(int m, int n, int k, int tiles) {
        if (threads == 1 || (long) m * n * k < PARALLEL_MIN_MACS) {
            return 1;
        }
        return Math.min(threads, tiles);
    }

    /** How many threads a matrix-vector product gets (see {@link #DOT_PARALLEL_MIN_MACS}). */
    private int dotParts(int m, int n, int k, int tiles) {
        if (threads == 1 || (long) m * n * k < DOT_PARALLEL_MIN_MACS) {
            return 1;
        }
        return Math.min(threads, tiles);
    }

    // ---------------------------------------------------------------- layer forward

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff) {
        KernelChecks.matrix("C", m, n, c, cOff);
        KernelChecks.slice("bias", bias, biasOff, n);
        Elementwise.biasActivate(m, n, bias, biasOff, Activation.LINEAR, c, cOff);
    }

    @Override
    public void activate(Activation f, float parameter, int m, int n, float[] z, int zOff, float[] out, int outOff) {
        KernelChecks.activate(f, parameter, m, n, z, zOff, out, outOff);
        if (f == Activation.SOFTMAX) {
            float[] lanes = Scratch.get().lanes;
            for (int i = 0; i < m; i++) {
                Elementwise.softmaxRow(n, z, zOff + i * n, out, outOff + i * n, lanes);
            }
        } else {
            Elementwise.activate(f, parameter, m * n, z, zOff, out, outOff);
        }
    }

    @Override
    public void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                                   float[] y, int yOff, float[] grad, int gradOff) {
        KernelChecks.activationBackward(f, parameter, len, z, zOff, y, yOff, grad, gradOff);
        Elementwise.activationBackward(f, parameter, len, z, zOff, y, yOff, grad, gradOff);
    }

    // ---------------------------------------------------------------- losses

    @Override
    public double mseLoss(int m, int n, float[] yHat, int yHatOff, float[] y, int yOff,
                          float[] grad, int gradOff) {
        KernelChecks.loss("yHat", m, n, yHat, yHatOff, y, yOff, null, 0, grad, gradOff);
        return Elementwise.mse(m * n, yHat, yHatOff, y, yOff, grad, gradOff, Scratch.get().lanes);
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                      float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        if (m == 0) {
            return 0;
        }
        return Elementwise.softmaxCrossEntropy(m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff,
                Scratch.get().lanes) / m;
    }

    @Override
    public double sigmoidBinaryCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                            float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        int len = m * n;
        if (len == 0) {
            return 0;
        }
        return Elementwise.sigmoidBinaryCrossEntropy(len, z, zOff, y, yOff, probs, probsOff, grad, gradOff,
                Scratch.get().lanes) / len;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, float[] out, int outOff, boolean accumulate) {
        KernelChecks.matrix("A", m, n, a, aOff);
        KernelChecks.slice("out", out, outOff, n);
        KernelChecks.noOverlap("out", out, outOff, n, "A", a, aOff, (long) m * n);
        Elementwise.columnSums(m, n, a, aOff, out, outOff, accumulate);
    }

    @Override
    public double sumOfSquares(int len, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        return Elementwise.sumOfSquares(len, x, xOff, Scratch.get().lanes);
    }

    @Override
    public boolean allFinite(int len, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        return Elementwise.allFinite(len, x, xOff);
    }

    // ---------------------------------------------------------------- updates

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        KernelChecks.slice("y", y, yOff, len);
        KernelChecks.inPlaceOrDisjoint("y", y, yOff, len, "x", x, xOff, len);
        Elementwise.axpy(len, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int len, float alpha, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        Elementwise.scale(len, alpha, x, xOff);
    }

    @Override
    public void clipByValue(int len, float limit, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        KernelChecks.nonNegative("limit", limit);
        Elementwise.clipByValue(len, limit, x, xOff);
    }

    @Override
    public void momentumUpdate(int len, float lr, float momentum, boolean nesterov, float weightDecay,
                               float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        KernelChecks.momentumUpdate(len, w, wOff, g, gOff, v, vOff);
        Elementwise.momentum(len, lr, momentum, nesterov, weightDecay, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void adamUpdate(int len, float lr, float beta1, float beta2, float eps, float weightDecay,
                           boolean decoupledWeightDecay, long t,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff,
                           float[] v, int vOff) {
        KernelChecks.adamUpdate(len, t, w, wOff, g, gOff, m, mOff, v, vOff);
        Elementwise.adam(len, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, t,
                w, wOff, g, gOff, m, mOff, v, vOff);
    }
}
