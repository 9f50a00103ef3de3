package dev.vecmlp.simd;

import dev.vecmlp.kernel.Bf16;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix-vector products ({@code C = A W^T} for 1-3 rows of A) on W laid out once for them,
 * with exactly the arithmetic of {@link Gemm#dots} and {@link Gemm#dotsBf16} (bit for bit). The
 * int8 kernels ({@link Int8Dots}) use the same layout; bf16 layers that fit in L2 use a paired one
 * ({@link PairedBf16Dots}).
 *
 * <p>Layout ({@link #pack}, same length as W): the outputs are cut into tiles of
 * {@value Gemm#DOT_ROWS} W rows. A full tile holds, for each vector block of K, the block of
 * each of its eight rows one after another ({@code 8 x L} values contiguous, then the next
 * block), then the eight rows' K tails ({@code k mod L} values each) row after row; the rows of
 * a last, partial tile stay row-major. So the kernel reads one contiguous stream per tile with
 * constant offsets, instead of eight streams {@code k} apart (the in-place path), which is what
 * the hardware prefetchers follow best.
 *
 * <p>Reduction: each output's {@code L} accumulator lanes are summed in the fixed pairwise order
 * of {@link VectorMath#sumLanes} (lane {@code i} plus lane {@code i + L/2}, then {@code L/4},
 * ...). With {@code vectorReduce} (needs {@code L >= 8}) the eight accumulators of a tile are
 * reduced together with blends and lane permutations, the same additions in the same order,
 * so the sums are the same bits as the per-output scalar tree, for a handful of vector
 * instructions instead of eight spills and 120 dependent scalar additions.
 */
final class PackedDots {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = Lanes.LENGTH;
    private static final int R = Gemm.DOT_ROWS;

    /** Whether the vector reduction applies to this species (eight accumulators fold into one vector). */
    static final boolean VECTOR_REDUCE = L >= 8;

    /** Lanes whose index has bit {@code L/2}, {@code L/4}, {@code L/8} set (the upper half of each group). */
    private static final VectorMask<Float> UPPER_1 = upper(Math.max(1, L / 2));
    private static final VectorMask<Float> UPPER_2 = upper(Math.max(1, L / 4));
    private static final VectorMask<Float> UPPER_3 = upper(Math.max(1, L / 8));
    /** Lane {@code i} from lane {@code i ^ h}: swaps the halves of each group of {@code 2h}. */
    private static final VectorShuffle<Float> SWAP_1 = swap(Math.max(1, L / 2));
    private static final VectorShuffle<Float> SWAP_2 = swap(Math.max(1, L / 4));
    private static final VectorShuffle<Float> SWAP_3 = swap(Math.max(1, L / 8));
    private static final VectorShuffle<Float> SWAP_ONE = swap(1);
    /** Brings tile row {@code r}'s sum (at lane {@code bitreverse3(r) * L/8} after the folds) to lane {@code r}. */
    private static final VectorShuffle<Float> ORDER = order();

    private PackedDots() {
    }

    private static VectorMask<Float> upper(int h) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) {
            bits[i] = (i & h) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    private static VectorShuffle<Float> swap(int h) {
        int[] from = new int[L];
        for (int i = 0; i < L; i++) {
            from[i] = (i ^ h) < L ? i ^ h : i;
        }
        return VectorShuffle.fromArray(F, from, 0);
    }

    private static VectorShuffle<Float> order() {
        int[] from = new int[L];
        for (int i = 0; i < L; i++) {
            from[i] = i;
        }
        if (VECTOR_REDUCE) {
            for (int r = 0; r < R; r++) {
                int reversed = ((r & 1) << 2) | (r & 2) | ((r >> 2) & 1);
                from[r] = reversed * (L / 8);
            }
        }
        return VectorShuffle.fromArray(F, from, 0);
    }

    // ---------------------------------------------------------------- layout

    /**
     * Lays out {@code W} ({@code n x k} from {@code wOff}; a {@code float[]}, a {@code short[]} of
     * bf16 values or a {@code byte[]} of int8 values) into {@code tiles} (the same type, {@code n * k} long) as the class
     * comment describes.
     */
    static void pack(int n, int k, Object w, int wOff, Object tiles) {
        int kv = F.loopBound(k);
        int tail = k - kv;
        int full = n / R;
        for (int t = 0; t < full; t++) {
            int base = t * R * k;
            for (int r = 0; r < R; r++) {
                int src = wOff + (t * R + r) * k;
                for (int p = 0; p < kv; p += L) {
                    System.arraycopy(w, src + p, tiles, base + p * R + r * L, L);
                }
                System.arraycopy(w, src + kv, tiles, base + R * kv + r * tail, tail);
            }
        }
        System.arraycopy(w, wOff + full * R * k, tiles, full * R * k, (n - full * R) * k);
    }

    /** {@link #pack} of float weights into a new array. */
    static float[] pack(int n, int k, float[] w, int wOff) {
        float[] tiles = new float[n * k];
        pack(n, k, w, wOff, tiles);
        return tiles;
    }

    /** {@link #pack} of bf16 weights into a new array. */
    static short[] pack(int n, int k, short[] w, int wOff) {
        short[] tiles = new short[n * k];
        pack(n, k, w, wOff, tiles);
        return tiles;
    }

    // ---------------------------------------------------------------- float32 weights

    /**
     * Tiles {@code [from, to)} of {@code C (m x n) (+)= A W^T} from W's {@link #pack packed}
     * {@code tiles}: what {@link Gemm#dots} computes on W in place, bit for bit. {@code lanes}
     * holds at least {@code 8 L} floats.
     */
    static void dots(int m, int n, int k, float[] a, int aOff, float[] tiles, float[] c, int cOff,
                     boolean accumulate, boolean vectorReduce, float[] lanes, int from, int to) {
        tiles(m, n, k, a, aOff, tiles, null, c, cOff, accumulate, vectorReduce, lanes, from, to);
    }

    /**
     * {@link #dots} with W held as bf16 (packed the same way): what {@link Gemm#dotsBf16} computes
     * on W in place, bit for bit. C is overwritten.
     */
    static void dotsBf16(int m, int n, int k, float[] a, int aOff, short[] tiles, float[] c, int cOff,
                         boolean vectorReduce, float[] lanes, int from, int to) {
        tiles(m, n, k, a, aOff, null, tiles, c, cOff, false, vectorReduce, lanes, from, to);
    }

    /** {@link #dots} ({@code half == null}) or {@link #dotsBf16} ({@code tiles == null}). */
    private static void tiles(int m, int n, int k, float[] a, int aOff, float[] tiles, short[] half,
                              float[] c, int cOff, boolean accumulate, boolean vectorReduce, float[] lanes,
                              int from, int to) {
        int kv = F.loopBound(k);
        int tail = k - kv;
        boolean reduce = vectorReduce && VECTOR_REDUCE;
        int full = Math.min(to, n / R);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < full; t++) {
                int j0 = t * R;
                int base = j0 * k;
                if (half == null) {
                    dot8(kv, a, aRow, tiles, base, lanes, reduce);
                } else {
                    dot8Bf16(kv, a, aRow, half, base, lanes, reduce);
                }
                int tb = base + R * kv;
                for (int r = 0; r < R; r++) {
                    float sum = reduce ? lanes[r] : VectorMath.sumLanes(lanes, r * L);
                    for (int p = 0, at = tb + r * tail; p < tail; p++) {
                        float weight = half == null ? tiles[at + p] : Bf16.widen(half[at + p]);
                        sum = Math.fma(a[aRow + kv + p], weight, sum);
                    }
                    int ci = cRow + j0 + r;
                    c[ci] = accumulate ? c[ci] + sum : sum;
                }
            }
        }
        int partial = n / R;
        if (n % R != 0 && from <= partial && partial < to) {
            // Its rows are row-major, as in W: the in-place kernels do it.
            if (half == null) {
                Gemm.dots(m, n, k, a, aOff, tiles, 0, c, cOff, accumulate, lanes, partial, partial + 1);
            } else {
                Gemm.dotsBf16(m, n, k, a, aOff, half, 0, c, cOff, lanes, partial, partial + 1);
            }
        }
    }

    /**
     * Eight dot products of A's row with one full tile: the accumulators go to {@code lanes}
     * (row {@code r} at {@code r L}), and with {@code reduce} their lane sums then to
     * {@code lanes[0..7]}.
     */
    private static void dot8(int kv, float[] a, int aRow, float[] tiles, int base, float[] lanes, boolean reduce) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0, bp = base; p < kv; p += L, bp += R * L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            s0 = x.fma(FloatVector.fromArray(F, tiles, bp), s0);
            s1 = x.fma(FloatVector.fromArray(F, tiles, bp + L), s1);
            s2 = x.fma(FloatVector.fromArray(F, tiles, bp + 2 * L), s2);
            s3 = x.fma(FloatVector.fromArray(F, tiles, bp + 3 * L), s3);
            s4 = x.fma(FloatVector.fromArray(F, tiles, bp + 4 * L), s4);
            s5 = x.fma(FloatVector.fromArray(F, tiles, bp + 5 * L), s5);
            s6 = x.fma(FloatVector.fromArray(F, tiles, bp + 6 * L), s6);
            s7 = x.fma(FloatVector.fromArray(F, tiles, bp + 7 * L), s7);
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
            reduce8(lanes);
        }
    }

    /**
     * The lane sums of the eight spilled accumulators in {@code lanes} (row {@code r} at
     * {@code r L}), sum {@code r} to {@code lanes[r]}, each by the pairwise tree of
     * {@link VectorMath#sumLanes}. Each fold adds the upper half of every lane group to its
     * lower half for two vectors at once: {@code a} keeps its lower halves and takes {@code b}'s
     * upper ones, the other blend is swapped half for half, and one addition does both trees'
     * level ({@code x + y == y + x} exactly, so operand order does not matter). Three folds take
     * eight vectors to one; with 16 lanes a last fold of the vector with itself finishes the
     * trees; a permutation then puts the sums in order. The vectors are reloaded from
     * {@code lanes} (full-width stores forward to full-width loads) so that none crosses a call,
     * where C2 would box it.
     */
    static void reduce8(float[] lanes) {
        FloatVector s0 = FloatVector.fromArray(F, lanes, 0);
        FloatVector s1 = FloatVector.fromArray(F, lanes, L);
        FloatVector s2 = FloatVector.fromArray(F, lanes, 2 * L);
        FloatVector s3 = FloatVector.fromArray(F, lanes, 3 * L);
        FloatVector s4 = FloatVector.fromArray(F, lanes, 4 * L);
        FloatVector s5 = FloatVector.fromArray(F, lanes, 5 * L);
        FloatVector s6 = FloatVector.fromArray(F, lanes, 6 * L);
        FloatVector s7 = FloatVector.fromArray(F, lanes, 7 * L);
        FloatVector u0 = s0.blend(s1, UPPER_1).add(s1.blend(s0, UPPER_1).rearrange(SWAP_1));
        FloatVector u1 = s2.blend(s3, UPPER_1).add(s3.blend(s2, UPPER_1).rearrange(SWAP_1));
        FloatVector u2 = s4.blend(s5, UPPER_1).add(s5.blend(s4, UPPER_1).rearrange(SWAP_1));
        FloatVector u3 = s6.blend(s7, UPPER_1).add(s7.blend(s6, UPPER_1).rearrange(SWAP_1));
        FloatVector w0 = u0.blend(u1, UPPER_2).add(u1.blend(u0, UPPER_2).rearrange(SWAP_2));
        FloatVector w1 = u2.blend(u3, UPPER_2).add(u3.blend(u2, UPPER_2).rearrange(SWAP_2));
        FloatVector z = w0.blend(w1, UPPER_3).add(w1.blend(w0, UPPER_3).rearrange(SWAP_3));
        if (L == 16) {
            z = z.add(z.rearrange(SWAP_ONE));
        }
        z.rearrange(ORDER).intoArray(lanes, 0);
    }

    // ---------------------------------------------------------------- bf16 weights

    /** {@link #dot8} over a tile of bf16 weights, each vector widened in registers. */
    private static void dot8Bf16(int kv, float[] a, int aRow, short[] tiles, int base, float[] lanes, boolean reduce) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0, bp = base; p < kv; p += L, bp += R * L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            s0 = x.fma(Gemm.widenBf16(tiles, bp), s0);
            s1 = x.fma(Gemm.widenBf16(tiles, bp + L), s1);
            s2 = x.fma(Gemm.widenBf16(tiles, bp + 2 * L), s2);
            s3 = x.fma(Gemm.widenBf16(tiles, bp + 3 * L), s3);
            s4 = x.fma(Gemm.widenBf16(tiles, bp + 4 * L), s4);
            s5 = x.fma(Gemm.widenBf16(tiles, bp + 5 * L), s5);
            s6 = x.fma(Gemm.widenBf16(tiles, bp + 6 * L), s6);
            s7 = x.fma(Gemm.widenBf16(tiles, bp + 7 * L), s7);
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
            reduce8(lanes);
        }
    }
}
