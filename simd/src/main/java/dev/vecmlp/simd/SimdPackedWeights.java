package dev.vecmlp.simd;

import dev.vecmlp.kernel.PackedWeights;

/**
 * {@code W^T} of a dense layer in the K-major panels the batch micro-kernels stream
 * ({@link Gemm#packTransposed}: {@code v * L} columns of {@code W^T} per panel, zero-padded),
 * made once so that {@code X W^T} for a batch reads X's rows in place and packs nothing per call.
 */
final class SimdPackedWeights implements PackedWeights {
    final int n;
    final int k;
    /** Vectors per panel ({@link Gemm#panelVectors} of {@code n}). */
    final int v;
    final float[] panels;
    /** K block of the batch product (tuning switch {@code vecmlp.simd.packedKc}, read when packing). */
    final int kc;

    private SimdPackedWeights(int n, int k, int v, float[] panels, int kc) {
        this.n = n;
        this.k = k;
        this.v = v;
        this.panels = panels;
        this.kc = kc;
    }

    /** Packs {@code W} ({@code n x k} from {@code wOff}, already checked). */
    static SimdPackedWeights of(int n, int k, float[] w, int wOff) {
        int v = Gemm.panelVectors(n);
        float[] panels = new float[Gemm.packedSize(n, k, v)];
        pack(n, k, w, wOff, v * Lanes.LENGTH, panels);
        int kc = Math.max(16, Integer.getInteger("vecmlp.simd.packedKc", Gemm.KC));
        return new SimdPackedWeights(n, k, v, panels, kc);
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
        return 4L * panels.length;
    }

    @Override
    public String toString() {
        return "SimdPackedWeights(" + n + " x " + k + ", " + v + "-vector panels, " + bytes() + " bytes)";
    }
}
