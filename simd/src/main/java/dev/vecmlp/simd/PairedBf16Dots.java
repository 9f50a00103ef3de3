package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bf16 matrix-vector products ({@code C = A W^T} for 1-3 rows of A, W as bf16) on W laid out
 * once with two bf16 weights per 32-bit lane: what {@link Gemm#dotsBf16} computes on W in place,
 * bit for bit.
 *
 * <p>Why pairs: widening one bf16 vector takes two instructions (zero extension to 32 bits, then a
 * shift), so each 16 weights cost three with the FMA. On CPUs that run 512-bit work on two ports
 * that, not the bytes, bounds the product (8 weights per cycle measured on an Intel Xeon, the same
 * as int8). With W's K blocks {@code p} and {@code p + L} stored in the low and high halves of the
 * same 32-bit lanes, one load gives both, a shift left by 16 widens block {@code p} and a mask of
 * the low half widens block {@code p + L}: two instructions for {@code 2 L} weights, four with the
 * FMAs instead of six.
 *
 * <p>Layout ({@link #pack}, an {@code int[]}): the outputs are cut into tiles of
 * {@value Gemm#DOT_ROWS} rows, as in {@link PackedDots}. A full tile holds, for each pair of K
 * blocks, the {@code L} lanes of each of its eight rows one after another; then, when the number
 * of K blocks is odd, the last block's lanes of each row (one weight per lane, already widened to
 * float bits); then each row's K tail ({@code k mod L} values, widened). A last, partial tile is
 * not copied: its rows are read from W in place. Each output still sums its K blocks in order
 * into one accumulator, its lanes in the pairwise order of {@link VectorMath#sumLanes} and its
 * tail after them, so the sums are those of the in-place kernel.
 */
final class PairedBf16Dots {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = Lanes.LENGTH;
    private static final int R = Gemm.DOT_ROWS;
    private static final int HIGH_BITS = 0xffff0000;
    /** The high halves of the lanes (a constant C2 keeps in a register). */
    private static final IntVector HIGH = IntVector.broadcast(I, HIGH_BITS);

    private PairedBf16Dots() {
    }

    /** Ints per full tile for K = {@code k}. */
    static int tileInts(int k) {
        return R * (k - pairedK(k) / 2);
    }

    /** The K values covered by pairs of blocks. */
    private static int pairedK(int k) {
        return F.loopBound(k) / (2 * L) * 2 * L;
    }

    /** Lays out the bf16 {@code W} ({@code n x k} from {@code wOff}) as the class comment describes. */
    static int[] pack(int n, int k, short[] w, int wOff) {
        int kv = F.loopBound(k);
        int kp = pairedK(k);
        int tail = k - kv;
        int size = tileInts(k);
        int full = n / R;
        int[] tiles = new int[full * size];
        for (int t = 0; t < full; t++) {
            int base = t * size;
            for (int r = 0; r < R; r++) {
                int src = wOff + (t * R + r) * k;
                for (int p = 0; p < kp; p += 2 * L) {
                    int at = base + p / 2 * R + r * L;
                    for (int i = 0; i < L; i++) {
                        tiles[at + i] = (w[src + p + L + i] << 16) | (w[src + p + i] & 0xffff);
                    }
                }
                if (kp < kv) {
                    int at = base + kp / 2 * R + r * L;
                    for (int i = 0; i < L; i++) {
                        tiles[at + i] = w[src + kp + i] << 16;
                    }
                }
                int tb = base + (kp / 2 + kv - kp) * R + r * tail;
                for (int p = 0; p < tail; p++) {
                    tiles[tb + p] = w[src + kv + p] << 16;
                }
            }
        }
        return tiles;
    }

    /**
     * Tiles {@code [from, to)} of {@code C (m x n) = A W^T} from W's paired {@code tiles}, the
     * partial last tile from the bf16 {@code w} in place (from {@code wOff}); C is overwritten.
     * {@code lanes} holds at least {@code 8 L} floats.
     */
    static void dots(int m, int n, int k, float[] a, int aOff, int[] tiles, short[] w, int wOff, float[] c, int cOff,
                     boolean vectorReduce, float[] lanes, int from, int to) {
        int kv = F.loopBound(k);
        int kp = pairedK(k);
        int tail = k - kv;
        int size = tileInts(k);
        boolean reduce = vectorReduce && PackedDots.VECTOR_REDUCE;
        int full = Math.min(to, n / R);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < full; t++) {
                int base = t * size;
                dot8(kp, kv, a, aRow, tiles, base, lanes, reduce);
                int tb = base + (kp / 2 + kv - kp) * R;
                int j0 = t * R;
                for (int r = 0; r < R; r++) {
                    float sum = reduce ? lanes[r] : VectorMath.sumLanes(lanes, r * L);
                    for (int p = 0, at = tb + r * tail; p < tail; p++) {
                        sum = Math.fma(a[aRow + kv + p], Float.intBitsToFloat(tiles[at + p]), sum);
                    }
                    c[cRow + j0 + r] = sum;
                }
            }
        }
        int partial = n / R;
        if (n % R != 0 && from <= partial && partial < to) {
            Gemm.dotsBf16(m, n, k, a, aOff, w, wOff, c, cOff, lanes, partial, partial + 1);
        }
    }

    /** Eight dot products of A's row with one full tile, as {@link PackedDots}' dot8. */
    private static void dot8(int kp, int kv, float[] a, int aRow, int[] tiles, int base, float[] lanes,
                             boolean reduce) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        IntVector high = HIGH;
        int bp = base;
        for (int p = 0; p < kp; p += 2 * L, bp += R * L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            FloatVector y = FloatVector.fromArray(F, a, aRow + p + L);
            IntVector v0 = IntVector.fromArray(I, tiles, bp);
            IntVector v1 = IntVector.fromArray(I, tiles, bp + L);
            IntVector v2 = IntVector.fromArray(I, tiles, bp + 2 * L);
            IntVector v3 = IntVector.fromArray(I, tiles, bp + 3 * L);
            s0 = x.fma(v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s0);
            s1 = x.fma(v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s1);
            s2 = x.fma(v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s2);
            s3 = x.fma(v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s3);
            s0 = y.fma(v0.and(high).reinterpretAsFloats(), s0);
            s1 = y.fma(v1.and(high).reinterpretAsFloats(), s1);
            s2 = y.fma(v2.and(high).reinterpretAsFloats(), s2);
            s3 = y.fma(v3.and(high).reinterpretAsFloats(), s3);
            IntVector v4 = IntVector.fromArray(I, tiles, bp + 4 * L);
            IntVector v5 = IntVector.fromArray(I, tiles, bp + 5 * L);
            IntVector v6 = IntVector.fromArray(I, tiles, bp + 6 * L);
            IntVector v7 = IntVector.fromArray(I, tiles, bp + 7 * L);
            s4 = x.fma(v4.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s4);
            s5 = x.fma(v5.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s5);
            s6 = x.fma(v6.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s6);
            s7 = x.fma(v7.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s7);
            s4 = y.fma(v4.and(high).reinterpretAsFloats(), s4);
            s5 = y.fma(v5.and(high).reinterpretAsFloats(), s5);
            s6 = y.fma(v6.and(high).reinterpretAsFloats(), s6);
            s7 = y.fma(v7.and(high).reinterpretAsFloats(), s7);
        }
        if (kp < kv) {
            // The odd last block, stored widened.
            FloatVector x = FloatVector.fromArray(F, a, aRow + kp);
            s0 = x.fma(IntVector.fromArray(I, tiles, bp).reinterpretAsFloats(), s0);
            s1 = x.fma(IntVector.fromArray(I, tiles, bp + L).reinterpretAsFloats(), s1);
            s2 = x.fma(IntVector.fromArray(I, tiles, bp + 2 * L).reinterpretAsFloats(), s2);
            s3 = x.fma(IntVector.fromArray(I, tiles, bp + 3 * L).reinterpretAsFloats(), s3);
            s4 = x.fma(IntVector.fromArray(I, tiles, bp + 4 * L).reinterpretAsFloats(), s4);
            s5 = x.fma(IntVector.fromArray(I, tiles, bp + 5 * L).reinterpretAsFloats(), s5);
            s6 = x.fma(IntVector.fromArray(I, tiles, bp + 6 * L).reinterpretAsFloats(), s6);
            s7 = x.fma(IntVector.fromArray(I, tiles, bp + 7 * L).reinterpretAsFloats(), s7);
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
