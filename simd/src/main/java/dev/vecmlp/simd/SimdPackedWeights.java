package dev.vecmlp.simd;

import dev.vecmlp.kernel.PackedWeights;

/**
 * A dense layer's W laid out once for the SIMD kernels: {@code W^T} in the K-major panels the
 * batch micro-kernels stream ({@link Gemm#packTransposed}: {@code v * L} columns of {@code W^T}
 * per panel, zero-padded), so that {@code X W^T} for a batch reads X's rows in place and packs
 * nothing per call; and W in the tiles of the matrix-vector path ({@link PackedDots#pack}), so
 * that a single sample streams one contiguous run per eight outputs.
 *
 * <p>Tuning switches, read when packing: {@code vecmlp.simd.packedDots} ({@code true} by
 * default; {@code false} leaves the matrix-vector path on W in place and saves the copy) and
 * {@code vecmlp.simd.dotReduce} ({@code vector} by default, or {@code lanes}: the eight
 * accumulators of a tile reduced with vector permutations or spilled and summed lane by lane;
 * the same bits either way).
 */
final class SimdPackedWeights implements PackedWeights {
    final int n;
    final int k;
    /** Vectors per panel ({@link Gemm#panelVectors} of {@code n}). */
    final int v;
    final float[] panels;
    /** K block of the batch product (tuning switch {@code vecmlp.simd.packedKc}, read when packing). */
    final int kc;
    /** W in the matrix-vector tiles ({@link PackedDots#pack}), or null: that path reads W in place. */
    final float[] dots;
    /** Whether the matrix-vector path reduces a tile's accumulators with vector permutations. */
    final boolean vectorReduce;

    private SimdPackedWeights(int n, int k, int v, float[] panels, int kc, float[] dots, boolean vectorReduce) {
        this.n = n;
        this.k = k;
        this.v = v;
        this.panels = panels;
        this.kc = kc;
        this.dots = dots;
        this.vectorReduce = vectorReduce;
    }

    /** Packs {@code W} ({@code n x k} from {@code wOff}, already checked). */
    static SimdPackedWeights of(int n, int k, float[] w, int wOff) {
        int v = Gemm.panelVectors(n);
        float[] panels = new float[Gemm.packedSize(n, k, v)];
        pack(n, k, w, wOff, v * Lanes.LENGTH, panels);
        int kc = Math.max(16, Integer.getInteger("vecmlp.simd.packedKc", Gemm.KC));
        float[] dots = packedDots() ? PackedDots.pack(n, k, w, wOff) : null;
        return new SimdPackedWeights(n, k, v, panels, kc, dots, vectorReduce());
    }

    /** {@code vecmlp.simd.packedDots}: whether the matrix-vector path gets its own layout. */
    static boolean packedDots() {
        return !"false".equals(System.getProperty("vecmlp.simd.packedDots"));
    }

    /** {@code vecmlp.simd.pairedBf16}: whether bf16 layers that fit in L2 get the paired tiles ({@link PairedBf16Dots}). */
    static boolean pairedBf16() {
        return !"false".equals(System.getProperty("vecmlp.simd.pairedBf16"));
    }

    /** {@code vecmlp.simd.dotReduce}: {@code vector} (default) or {@code lanes}. */
    static boolean vectorReduce() {
        return !"lanes".equals(System.getProperty("vecmlp.simd.dotReduce"));
    }

    /**
     * {@link Gemm#packTransposed}'s layout ({@code panels[q*k*width + p*width + t] = W[q*width + t][p]};
     * the padding stays zero) by plain copies, W read row by row. This runs once per layer when a
     * predictor is made, usually at start-up before the JIT has compiled anything: there the
     * gathers of {@code packTransposed} run in the Vector API's Java fallback (an allocation and a
     * lambda per lane), which made {@code Predictor.of} cost tens of milliseconds for {@code mnist}.
     */
    private static void pack(int n, int k, float[] w, int wOff, int width, float[] panels) {
        for (int j = 0; j < n; j++) {
            int q = j / width;
            int dst = q * k * width + (j - q * width);
            for (int p = 0, src = wOff + j * k; p < k; p++, dst += width) {
                panels[dst] = w[src + p];
            }
        }
    }

    @Override
    public int outputs() {
        return n;
    }

    @Override
    public int inputs() {
        return k;
    }

    @Override
    public long bytes() {
        return 4L * panels.length + (dots == null ? 0 : 4L * dots.length);
    }

    @Override
    public String toString() {
        return "SimdPackedWeights(" + n + " x " + k + ", " + v + "-vector panels" + (dots != null ? ", dot tiles" : "")
                + ", " + bytes() + " bytes)";
    }
}
