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
        Gemm.packTransposed(n, k, w, wOff, v, panels, new int[Lanes.LENGTH]);
        int kc = Math.max(16, Integer.getInteger("vecmlp.simd.packedKc", Gemm.KC));
        return new SimdPackedWeights(n, k, v, panels, kc);
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
