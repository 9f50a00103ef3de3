package dev.vecmlp.simd;

import dev.vecmlp.kernel.PackedWeights;

/**
 * A dense layer's int8 W laid out once in the tiles of the matrix-vector path
 * ({@link PackedDots#pack}), for {@link SimdKernels#denseForwardInt8Packed}: a single sample
 * streams one contiguous run of int8 values per eight outputs. Batches do not read it (they
 * multiply the float32 copy of the dequantised values). The tuning switches of
 * {@link SimdPackedWeights} apply ({@code vecmlp.simd.packedDots=false}: none is made).
 */
final class SimdPackedInt8Weights implements PackedWeights {
    final int n;
    final int k;
    final byte[] dots;
    /** Whether a tile's accumulators are reduced with vector permutations. */
    final boolean vectorReduce;

    private SimdPackedInt8Weights(int n, int k, byte[] dots, boolean vectorReduce) {
        this.n = n;
        this.k = k;
        this.dots = dots;
        this.vectorReduce = vectorReduce;
    }

    /** Packs the int8 {@code W} ({@code n x k} from {@code wOff}, already checked), or null when switched off or the vectors are too narrow for the int8 kernels. */
    static SimdPackedInt8Weights of(int n, int k, byte[] w, int wOff) {
        if (!SimdPackedWeights.packedDots() || !Int8Dots.SUPPORTED) {
            return null;
        }
        return new SimdPackedInt8Weights(n, k, Int8Dots.pack(n, k, w, wOff), SimdPackedWeights.vectorReduce());
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
        return dots.length;
    }

    @Override
    public String toString() {
        return "SimdPackedInt8Weights(" + n + " x " + k + ", dot tiles, " + bytes() + " bytes)";
    }
}
