package dev.vecmlp.simd;

import dev.vecmlp.kernel.PackedWeights;

/**
 * A dense layer's bf16 W laid out once in the tiles of the matrix-vector path
 * ({@link PackedDots#pack}), for {@link SimdKernels#denseForwardBf16Packed}: a single sample
 * streams one contiguous run of bf16 values per eight outputs. Batches do not read it (they
 * multiply the exactly widened float32 copy). The tuning switches of
 * {@link SimdPackedWeights} apply ({@code vecmlp.simd.packedDots=false}: none is made).
 */
final class SimdPackedBf16Weights implements PackedWeights {
    final int n;
    final int k;
    final short[] dots;
    /** Whether a tile's accumulators are reduced with vector permutations. */
    final boolean vectorReduce;

    private SimdPackedBf16Weights(int n, int k, short[] dots, boolean vectorReduce) {
        this.n = n;
        this.k = k;
        this.dots = dots;
        this.vectorReduce = vectorReduce;
    }

    /** Packs the bf16 {@code W} ({@code n x k} from {@code wOff}, already checked), or null when switched off. */
    static SimdPackedBf16Weights of(int n, int k, short[] w, int wOff) {
        if (!SimdPackedWeights.packedDots()) {
            return null;
        }
        return new SimdPackedBf16Weights(n, k, PackedDots.pack(n, k, w, wOff), SimdPackedWeights.vectorReduce());
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
        return 2L * dots.length;
    }

    @Override
    public String toString() {
        return "SimdPackedBf16Weights(" + n + " x " + k + ", dot tiles, " + bytes() + " bytes)";
    }
}
