package dev.vecmlp.simd;

import dev.vecmlp.kernel.PackedWeights;

/**
 * A dense layer's bf16 W laid out once for the matrix-vector path, for
 * {@link SimdKernels#denseForwardBf16Packed}: a single sample streams one contiguous run of bf16
 * values per eight outputs. Batches do not read it (they multiply the exactly widened float32
 * copy). The tuning switches of {@link SimdPackedWeights} apply
 * ({@code vecmlp.simd.packedDots=false}: none is made).
 *
 * <p>Two layouts, the same bits. A layer of at most {@value #PAIRED_MAX_BYTES} bytes of bf16
 * weights, which stays in L2 between calls, gets the paired tiles ({@link PairedBf16Dots}: two
 * weights per 32-bit lane, two widening instructions per 32 weights instead of four), because
 * there the instruction count bounds the product. A larger layer streams from L3 or memory, where
 * the bytes bound it, and gets the plain tiles ({@link PackedDots}): in an interleaved JMH A/B on
 * an Intel Xeon (2 MB L2), the paired tiles made single-sample {@code mnist} 1.15-1.22x faster on
 * JDK 17 and 25, and {@code wide} (8 MB bf16 layers) 12% slower on JDK 17.
 * {@code -Dvecmlp.simd.pairedBf16=false} keeps every layer on the plain tiles.
 */
final class SimdPackedBf16Weights implements PackedWeights {
    final int n;
    final int k;
    /** Largest layer, in bytes of bf16 weights, that gets the paired tiles. */
    static final int PAIRED_MAX_BYTES = 1 << 20;

    /** The plain tiles ({@link PackedDots#pack}), or null when {@link #paired} is used. */
    final short[] dots;
    /** The paired tiles ({@link PairedBf16Dots#pack}), or null. */
    final int[] paired;
    /** Whether a tile's accumulators are reduced with vector permutations. */
    final boolean vectorReduce;

    private SimdPackedBf16Weights(int n, int k, short[] dots, int[] paired, boolean vectorReduce) {
        this.n = n;
        this.k = k;
        this.dots = dots;
        this.paired = paired;
        this.vectorReduce = vectorReduce;
    }

    /** Packs the bf16 {@code W} ({@code n x k} from {@code wOff}, already checked), or null when switched off. */
    static SimdPackedBf16Weights of(int n, int k, short[] w, int wOff) {
        if (!SimdPackedWeights.packedDots()) {
            return null;
        }
        boolean pair = 2L * n * k <= PAIRED_MAX_BYTES && SimdPackedWeights.pairedBf16();
        return new SimdPackedBf16Weights(n, k, pair ? null : PackedDots.pack(n, k, w, wOff),
                pair ? PairedBf16Dots.pack(n, k, w, wOff) : null, SimdPackedWeights.vectorReduce());
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
        return dots != null ? 2L * dots.length : 4L * paired.length;
    }

    @Override
    public String toString() {
        return "SimdPackedBf16Weights(" + n + " x " + k + (dots != null ? ", dot tiles, " : ", paired dot tiles, ") + bytes() + " bytes)";
    }
}
