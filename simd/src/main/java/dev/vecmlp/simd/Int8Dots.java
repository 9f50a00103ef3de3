package dev.vecmlp.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix-vector products of int8 weights ({@link dev.vecmlp.kernel.Int8}):
 * {@code C[i][j] = s_j sum_p A[i][p] Q[j][p]} for 1-3 rows of A, each weight vector loaded as
 * {@code L} bytes and widened to {@code L} floats in registers (sign extension and conversion;
 * exact), one FMA per vector, the scale applied once per output. A quarter of float32's bytes
 * stream per call.
 *
 * <p>Two layouts, the same bits: W in place (row-major, one accumulator per output row down K),
 * and W in the tiles of {@link PackedDots#pack} (eight rows interleaved per vector block of K,
 * one contiguous stream per tile, eight accumulators, reduced by {@link PackedDots#reduce8}).
 * Both sum each output's lanes in the pairwise order of {@link VectorMath#sumLanes} and its K
 * tail in order after them, so they agree bit for bit.
 *
 * <p>Needs vectors of at least eight floats ({@link #SUPPORTED}): the narrowest byte vector is
 * 64 bits, so with 128-bit float vectors (four lanes) the backend falls back to the plain loops
 * of {@link dev.vecmlp.kernel.Kernels#denseForwardInt8}.
 */
final class Int8Dots {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = Lanes.LENGTH;
    private static final int R = Gemm.DOT_ROWS;

    /** Whether this species has a byte species of as many lanes (8 or more floats per vector). */
    static final boolean SUPPORTED = L >= 8;

    private static final VectorSpecies<Byte> BYTES =
            SUPPORTED ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : ByteVector.SPECIES_64;

    private Int8Dots() {
    }

    /** {@link PackedDots#pack} of int8 weights into a new array. */
    static byte[] pack(int n, int k, byte[] w, int wOff) {
        byte[] tiles = new byte[n * k];
        PackedDots.pack(n, k, w, wOff, tiles);
        return tiles;
    }

    /** {@code L} int8 weights from {@code off}, as floats. */
    static FloatVector widen(byte[] w, int off) {
        return (FloatVector) ByteVector.fromArray(BYTES, w, off).convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * Tiles {@code [from, to)} (of {@link Gemm#DOT_ROWS} outputs each) of
     * {@code C (m x n) = diag(s) (A Q^T)} with Q ({@code n x k}) in place from {@code qOff}.
     * {@code lanes} holds at least {@code L} floats.
     */
    static void dots(int m, int n, int k, float[] a, int aOff, byte[] q, int qOff, float[] scales, int scalesOff,
                     float[] c, int cOff, float[] lanes, int from, int to) {
        int kv = F.loopBound(k);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int j = from * R, end = Math.min(n, to * R); j < end; j++) {
                int qRow = qOff + j * k;
                FloatVector s = FloatVector.zero(F);
                for (int p = 0; p < kv; p += L) {
                    s = FloatVector.fromArray(F, a, aRow + p).fma(widen(q, qRow + p), s);
                }
                s.intoArray(lanes, 0);
                float sum = VectorMath.sumLanes(lanes, 0);
                for (int p = kv; p < k; p++) {
                    sum = Math.fma(a[aRow + p], q[qRow + p], sum);
                }
                c[cRow + j] = sum * scales[scalesOff + j];
            }
        }
    }

    /**
     * Tiles {@code [from, to)} of the same product from W's {@link PackedDots#pack packed} int8
     * {@code tiles}: what {@link #dots} computes on W in place, bit for bit. {@code lanes} holds
     * at least {@code 8 L} floats.
     */
    static void dotsPacked(int m, int n, int k, float[] a, int aOff, byte[] tiles, float[] scales, int scalesOff,
                           float[] c, int cOff, boolean vectorReduce, float[] lanes, int from, int to) {
        int kv = F.loopBound(k);
        int tail = k - kv;
        boolean reduce = vectorReduce && PackedDots.VECTOR_REDUCE;
        int full = Math.min(to, n / R);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < full; t++) {
                int j0 = t * R;
                int base = j0 * k;
                dot8(kv, a, aRow, tiles, base, lanes, reduce);
                int tb = base + R * kv;
                for (int r = 0; r < R; r++) {
                    float sum = reduce ? lanes[r] : VectorMath.sumLanes(lanes, r * L);
                    for (int p = 0, at = tb + r * tail; p < tail; p++) {
                        sum = Math.fma(a[aRow + kv + p], tiles[at + p], sum);
                    }
                    c[cRow + j0 + r] = sum * scales[scalesOff + j0 + r];
                }
            }
        }
        int partial = n / R;
        if (n % R != 0 && from <= partial && partial < to) {
            // Its rows are row-major, as in W.
            dots(m, n, k, a, aOff, tiles, 0, scales, scalesOff, c, cOff, lanes, partial, partial + 1);
        }
    }

    /** Eight dot products of A's row with one full tile of int8 weights, as {@link PackedDots}' float dot8. */
    private static void dot8(int kv, float[] a, int aRow, byte[] tiles, int base, float[] lanes, boolean reduce) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0, bp = base; p < kv; p += L, bp += R * L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            s0 = x.fma(widen(tiles, bp), s0);
            s1 = x.fma(widen(tiles, bp + L), s1);
            s2 = x.fma(widen(tiles, bp + 2 * L), s2);
            s3 = x.fma(widen(tiles, bp + 3 * L), s3);
            s4 = x.fma(widen(tiles, bp + 4 * L), s4);
            s5 = x.fma(widen(tiles, bp + 5 * L), s5);
            s6 = x.fma(widen(tiles, bp + 6 * L), s6);
            s7 = x.fma(widen(tiles, bp + 7 * L), s7);
        }
        // Spilled here, not in a helper: a vector passed to a method C2 does not inline is boxed.
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, L);
        s2.intoArray(lanes, 2 * L);
        s3.intoArray(lanes, 3 * L);
        s4.intoArray(lanes, 4 * L);
        s5.intoArray(lanes, 5 * L);
        s6.intoArray(lanes, 6 * L);
        s7.intoArray(lanes, 7 * L);
        if (reduce) {
            PackedDots.reduce8(lanes);
        }
    }
}
