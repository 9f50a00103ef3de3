package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernels: {@code C[R x V*L] (+)= A[R x kLen] * B[kLen x V*L]}
 * for a tile of {@code R} rows and {@code V} vectors of {@code L} lanes.
 *
 * <p>Each kernel keeps the whole tile in vector registers (24 accumulators for the main tiles
 * 6x4, 8x3 and 12x2: measured 20-40% faster than 16, while 28 spilled; 16x1 for outputs
 * a single vector wide, such as a 10-class head), streams one row of a packed
 * B panel per step of {@code p} and broadcasts one scalar of A per tile row.
 *
 * <p>5x4 and 10x2 are the main tiles where C2 schedules all of a step's loads before its
 * FMAs ({@link Gemm#NARROW_TILES}, by default JDK 24 and older). JDK 17's C2 does that in 6x4
 * and 12x2: all 6 (12) broadcasts and 4 (2) panel vectors live at once beside 24
 * accumulators, 34 (38) values for 32 zmm registers, so 2 (5) accumulators live on the stack
 * and each step adds a 64-byte load and store per spilled accumulator on its FMA chain
 * (measured 25-35% slower than 5x4 there; JDK 25 interleaves the broadcasts, needs 30 and
 * spills nothing). 5x4 and 10x2 need at most 32 even with every load hoisted. A's element
 * {@code (r, p)} is {@code a[aBase + r * lda + p]} (rows of A used in place); B is a packed
 * panel {@code V * L} floats wide, row {@code p} at {@code b[bBase + p * V * L]}. Both indices
 * are linear in {@code p} with constant scale, so C2 hoists every bounds check out of the loop.
 * The 8-, 4- and 1-row kernels cover the rows left over by the main tiles.
 *
 * <p>Every output element is one chain of fused multiply-adds over {@code p = 0..kLen-1}
 * starting from zero, then stored (or added to C). All kernels share that order, so which
 * kernel computes an element never changes its bits: this is what makes results independent
 * of how tiles are split over threads.
 *
 * <p>The bodies are written out unrolled (generated once by a small script) because C2 only
 * keeps accumulators in registers when each is a separate local, and with no helper calls:
 * in methods this big C2 stops inlining small helpers (NodeCountInliningCutoff), and a vector
 * passed to a call that is not inlined is boxed on the heap (measured: ~100 ns per kernel call).
 */
final class MicroKernels {
    static final VectorSpecies<Float> F = Lanes.FLOAT;
    static final int L = Lanes.LENGTH;

    private MicroKernels() {
    }

    /** 8 rows x 3 vector(s). */
    static void k8x3(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F); FloatVector c1_2 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F); FloatVector c2_2 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F); FloatVector c3_2 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F); FloatVector c4_2 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F); FloatVector c5_2 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F); FloatVector c6_2 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F); FloatVector c7_2 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (3 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1); c1_2 = x1.fma(b2, c1_2);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1); c2_2 = x2.fma(b2, c2_2);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1); c3_2 = x3.fma(b2, c3_2);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1); c4_2 = x4.fma(b2, c4_2);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0); c5_1 = x5.fma(b1, c5_1); c5_2 = x5.fma(b2, c5_2);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0); c6_1 = x6.fma(b1, c6_1); c6_2 = x6.fma(b2, c6_2);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0); c7_1 = x7.fma(b1, c7_1); c7_2 = x7.fma(b2, c7_2);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 2 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 2 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 2 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c4_2 = c4_2.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 2 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 1 * L));
            c5_2 = c5_2.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 2 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c6_1 = c6_1.add(FloatVector.fromArray(F, c, cBase + 6 * ldc + 1 * L));
            c6_2 = c6_2.add(FloatVector.fromArray(F, c, cBase + 6 * ldc + 2 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
            c7_1 = c7_1.add(FloatVector.fromArray(F, c, cBase + 7 * ldc + 1 * L));
            c7_2 = c7_2.add(FloatVector.fromArray(F, c, cBase + 7 * ldc + 2 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cBase + 1 * ldc + 2 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cBase + 2 * ldc + 2 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cBase + 3 * ldc + 2 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c4_2.intoArray(c, cBase + 4 * ldc + 2 * L);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c5_1.intoArray(c, cBase + 5 * ldc + 1 * L);
        c5_2.intoArray(c, cBase + 5 * ldc + 2 * L);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c6_1.intoArray(c, cBase + 6 * ldc + 1 * L);
        c6_2.intoArray(c, cBase + 6 * ldc + 2 * L);
        c7_0.intoArray(c, cBase + 7 * ldc);
        c7_1.intoArray(c, cBase + 7 * ldc + 1 * L);
        c7_2.intoArray(c, cBase + 7 * ldc + 2 * L);
    }

    /** 4 rows x 3 vector(s). */
    static void k4x3(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F); FloatVector c1_2 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F); FloatVector c2_2 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F); FloatVector c3_2 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (3 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1); c1_2 = x1.fma(b2, c1_2);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1); c2_2 = x2.fma(b2, c2_2);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1); c3_2 = x3.fma(b2, c3_2);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 2 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 2 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 2 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cBase + 1 * ldc + 2 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cBase + 2 * ldc + 2 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cBase + 3 * ldc + 2 * L);
    }

    /** 1 rows x 3 vector(s). */
    static void k1x3(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (3 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
    }

    /** 12 rows x 2 vector(s). */
    static void k12x2(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F); FloatVector c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F); FloatVector c9_1 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F); FloatVector c10_1 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F); FloatVector c11_1 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        int a8 = aBase + 8 * lda;
        int a9 = aBase + 9 * lda;
        int a10 = aBase + 10 * lda;
        int a11 = aBase + 11 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0); c5_1 = x5.fma(b1, c5_1);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0); c6_1 = x6.fma(b1, c6_1);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0); c7_1 = x7.fma(b1, c7_1);
            FloatVector x8 = FloatVector.broadcast(F, a[a8 + p]);
            c8_0 = x8.fma(b0, c8_0); c8_1 = x8.fma(b1, c8_1);
            FloatVector x9 = FloatVector.broadcast(F, a[a9 + p]);
            c9_0 = x9.fma(b0, c9_0); c9_1 = x9.fma(b1, c9_1);
            FloatVector x10 = FloatVector.broadcast(F, a[a10 + p]);
            c10_0 = x10.fma(b0, c10_0); c10_1 = x10.fma(b1, c10_1);
            FloatVector x11 = FloatVector.broadcast(F, a[a11 + p]);
            c11_0 = x11.fma(b0, c11_0); c11_1 = x11.fma(b1, c11_1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 1 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c6_1 = c6_1.add(FloatVector.fromArray(F, c, cBase + 6 * ldc + 1 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
            c7_1 = c7_1.add(FloatVector.fromArray(F, c, cBase + 7 * ldc + 1 * L));
            c8_0 = c8_0.add(FloatVector.fromArray(F, c, cBase + 8 * ldc));
            c8_1 = c8_1.add(FloatVector.fromArray(F, c, cBase + 8 * ldc + 1 * L));
            c9_0 = c9_0.add(FloatVector.fromArray(F, c, cBase + 9 * ldc));
            c9_1 = c9_1.add(FloatVector.fromArray(F, c, cBase + 9 * ldc + 1 * L));
            c10_0 = c10_0.add(FloatVector.fromArray(F, c, cBase + 10 * ldc));
            c10_1 = c10_1.add(FloatVector.fromArray(F, c, cBase + 10 * ldc + 1 * L));
            c11_0 = c11_0.add(FloatVector.fromArray(F, c, cBase + 11 * ldc));
            c11_1 = c11_1.add(FloatVector.fromArray(F, c, cBase + 11 * ldc + 1 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c5_1.intoArray(c, cBase + 5 * ldc + 1 * L);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c6_1.intoArray(c, cBase + 6 * ldc + 1 * L);
        c7_0.intoArray(c, cBase + 7 * ldc);
        c7_1.intoArray(c, cBase + 7 * ldc + 1 * L);
        c8_0.intoArray(c, cBase + 8 * ldc);
        c8_1.intoArray(c, cBase + 8 * ldc + 1 * L);
        c9_0.intoArray(c, cBase + 9 * ldc);
        c9_1.intoArray(c, cBase + 9 * ldc + 1 * L);
        c10_0.intoArray(c, cBase + 10 * ldc);
        c10_1.intoArray(c, cBase + 10 * ldc + 1 * L);
        c11_0.intoArray(c, cBase + 11 * ldc);
        c11_1.intoArray(c, cBase + 11 * ldc + 1 * L);
    }

    /** 10 rows x 2 vector(s). */
    static void k10x2(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F); FloatVector c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F); FloatVector c9_1 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        int a8 = aBase + 8 * lda;
        int a9 = aBase + 9 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0); c5_1 = x5.fma(b1, c5_1);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0); c6_1 = x6.fma(b1, c6_1);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0); c7_1 = x7.fma(b1, c7_1);
            FloatVector x8 = FloatVector.broadcast(F, a[a8 + p]);
            c8_0 = x8.fma(b0, c8_0); c8_1 = x8.fma(b1, c8_1);
            FloatVector x9 = FloatVector.broadcast(F, a[a9 + p]);
            c9_0 = x9.fma(b0, c9_0); c9_1 = x9.fma(b1, c9_1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 1 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c6_1 = c6_1.add(FloatVector.fromArray(F, c, cBase + 6 * ldc + 1 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
            c7_1 = c7_1.add(FloatVector.fromArray(F, c, cBase + 7 * ldc + 1 * L));
            c8_0 = c8_0.add(FloatVector.fromArray(F, c, cBase + 8 * ldc));
            c8_1 = c8_1.add(FloatVector.fromArray(F, c, cBase + 8 * ldc + 1 * L));
            c9_0 = c9_0.add(FloatVector.fromArray(F, c, cBase + 9 * ldc));
            c9_1 = c9_1.add(FloatVector.fromArray(F, c, cBase + 9 * ldc + 1 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c5_1.intoArray(c, cBase + 5 * ldc + 1 * L);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c6_1.intoArray(c, cBase + 6 * ldc + 1 * L);
        c7_0.intoArray(c, cBase + 7 * ldc);
        c7_1.intoArray(c, cBase + 7 * ldc + 1 * L);
        c8_0.intoArray(c, cBase + 8 * ldc);
        c8_1.intoArray(c, cBase + 8 * ldc + 1 * L);
        c9_0.intoArray(c, cBase + 9 * ldc);
        c9_1.intoArray(c, cBase + 9 * ldc + 1 * L);
    }

    /** 8 rows x 2 vector(s). */
    static void k8x2(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0); c5_1 = x5.fma(b1, c5_1);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0); c6_1 = x6.fma(b1, c6_1);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0); c7_1 = x7.fma(b1, c7_1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 1 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c6_1 = c6_1.add(FloatVector.fromArray(F, c, cBase + 6 * ldc + 1 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
            c7_1 = c7_1.add(FloatVector.fromArray(F, c, cBase + 7 * ldc + 1 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c5_1.intoArray(c, cBase + 5 * ldc + 1 * L);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c6_1.intoArray(c, cBase + 6 * ldc + 1 * L);
        c7_0.intoArray(c, cBase + 7 * ldc);
        c7_1.intoArray(c, cBase + 7 * ldc + 1 * L);
    }

    /** 4 rows x 2 vector(s). */
    static void k4x2(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
    }

    /** 1 rows x 2 vector(s). */
    static void k1x2(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
    }

    /** 6 rows x 4 vector(s). */
    static void k6x4(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F); FloatVector c0_3 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F); FloatVector c1_2 = FloatVector.zero(F); FloatVector c1_3 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F); FloatVector c2_2 = FloatVector.zero(F); FloatVector c2_3 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F); FloatVector c3_2 = FloatVector.zero(F); FloatVector c3_3 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F); FloatVector c4_2 = FloatVector.zero(F); FloatVector c4_3 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F); FloatVector c5_2 = FloatVector.zero(F); FloatVector c5_3 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (4 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2); c0_3 = x0.fma(b3, c0_3);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1); c1_2 = x1.fma(b2, c1_2); c1_3 = x1.fma(b3, c1_3);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1); c2_2 = x2.fma(b2, c2_2); c2_3 = x2.fma(b3, c2_3);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1); c3_2 = x3.fma(b2, c3_2); c3_3 = x3.fma(b3, c3_3);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1); c4_2 = x4.fma(b2, c4_2); c4_3 = x4.fma(b3, c4_3);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0); c5_1 = x5.fma(b1, c5_1); c5_2 = x5.fma(b2, c5_2); c5_3 = x5.fma(b3, c5_3);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c0_3 = c0_3.add(FloatVector.fromArray(F, c, cBase + 3 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 2 * L));
            c1_3 = c1_3.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 3 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 2 * L));
            c2_3 = c2_3.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 3 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 2 * L));
            c3_3 = c3_3.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 3 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c4_2 = c4_2.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 2 * L));
            c4_3 = c4_3.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 3 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 1 * L));
            c5_2 = c5_2.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 2 * L));
            c5_3 = c5_3.add(FloatVector.fromArray(F, c, cBase + 5 * ldc + 3 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c0_3.intoArray(c, cBase + 3 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cBase + 1 * ldc + 2 * L);
        c1_3.intoArray(c, cBase + 1 * ldc + 3 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cBase + 2 * ldc + 2 * L);
        c2_3.intoArray(c, cBase + 2 * ldc + 3 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cBase + 3 * ldc + 2 * L);
        c3_3.intoArray(c, cBase + 3 * ldc + 3 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c4_2.intoArray(c, cBase + 4 * ldc + 2 * L);
        c4_3.intoArray(c, cBase + 4 * ldc + 3 * L);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c5_1.intoArray(c, cBase + 5 * ldc + 1 * L);
        c5_2.intoArray(c, cBase + 5 * ldc + 2 * L);
        c5_3.intoArray(c, cBase + 5 * ldc + 3 * L);
    }

    /** 5 rows x 4 vector(s). */
    static void k5x4(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F); FloatVector c0_3 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F); FloatVector c1_2 = FloatVector.zero(F); FloatVector c1_3 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F); FloatVector c2_2 = FloatVector.zero(F); FloatVector c2_3 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F); FloatVector c3_2 = FloatVector.zero(F); FloatVector c3_3 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F); FloatVector c4_2 = FloatVector.zero(F); FloatVector c4_3 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (4 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2); c0_3 = x0.fma(b3, c0_3);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1); c1_2 = x1.fma(b2, c1_2); c1_3 = x1.fma(b3, c1_3);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1); c2_2 = x2.fma(b2, c2_2); c2_3 = x2.fma(b3, c2_3);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1); c3_2 = x3.fma(b2, c3_2); c3_3 = x3.fma(b3, c3_3);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0); c4_1 = x4.fma(b1, c4_1); c4_2 = x4.fma(b2, c4_2); c4_3 = x4.fma(b3, c4_3);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c0_3 = c0_3.add(FloatVector.fromArray(F, c, cBase + 3 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 2 * L));
            c1_3 = c1_3.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 3 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 2 * L));
            c2_3 = c2_3.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 3 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 2 * L));
            c3_3 = c3_3.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 3 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 1 * L));
            c4_2 = c4_2.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 2 * L));
            c4_3 = c4_3.add(FloatVector.fromArray(F, c, cBase + 4 * ldc + 3 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c0_3.intoArray(c, cBase + 3 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cBase + 1 * ldc + 2 * L);
        c1_3.intoArray(c, cBase + 1 * ldc + 3 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cBase + 2 * ldc + 2 * L);
        c2_3.intoArray(c, cBase + 2 * ldc + 3 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cBase + 3 * ldc + 2 * L);
        c3_3.intoArray(c, cBase + 3 * ldc + 3 * L);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c4_1.intoArray(c, cBase + 4 * ldc + 1 * L);
        c4_2.intoArray(c, cBase + 4 * ldc + 2 * L);
        c4_3.intoArray(c, cBase + 4 * ldc + 3 * L);
    }

    /** 4 rows x 4 vector(s). */
    static void k4x4(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F); FloatVector c0_3 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F); FloatVector c1_2 = FloatVector.zero(F); FloatVector c1_3 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F); FloatVector c2_2 = FloatVector.zero(F); FloatVector c2_3 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F); FloatVector c3_2 = FloatVector.zero(F); FloatVector c3_3 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (4 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2); c0_3 = x0.fma(b3, c0_3);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0); c1_1 = x1.fma(b1, c1_1); c1_2 = x1.fma(b2, c1_2); c1_3 = x1.fma(b3, c1_3);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0); c2_1 = x2.fma(b1, c2_1); c2_2 = x2.fma(b2, c2_2); c2_3 = x2.fma(b3, c2_3);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0); c3_1 = x3.fma(b1, c3_1); c3_2 = x3.fma(b2, c3_2); c3_3 = x3.fma(b3, c3_3);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c0_3 = c0_3.add(FloatVector.fromArray(F, c, cBase + 3 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 1 * L));
            c1_2 = c1_2.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 2 * L));
            c1_3 = c1_3.add(FloatVector.fromArray(F, c, cBase + 1 * ldc + 3 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 1 * L));
            c2_2 = c2_2.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 2 * L));
            c2_3 = c2_3.add(FloatVector.fromArray(F, c, cBase + 2 * ldc + 3 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 1 * L));
            c3_2 = c3_2.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 2 * L));
            c3_3 = c3_3.add(FloatVector.fromArray(F, c, cBase + 3 * ldc + 3 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c0_3.intoArray(c, cBase + 3 * L);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c1_1.intoArray(c, cBase + 1 * ldc + 1 * L);
        c1_2.intoArray(c, cBase + 1 * ldc + 2 * L);
        c1_3.intoArray(c, cBase + 1 * ldc + 3 * L);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c2_1.intoArray(c, cBase + 2 * ldc + 1 * L);
        c2_2.intoArray(c, cBase + 2 * ldc + 2 * L);
        c2_3.intoArray(c, cBase + 2 * ldc + 3 * L);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c3_1.intoArray(c, cBase + 3 * ldc + 1 * L);
        c3_2.intoArray(c, cBase + 3 * ldc + 2 * L);
        c3_3.intoArray(c, cBase + 3 * ldc + 3 * L);
    }

    /** 1 rows x 4 vector(s). */
    static void k1x4(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F); FloatVector c0_2 = FloatVector.zero(F); FloatVector c0_3 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (4 * L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0); c0_1 = x0.fma(b1, c0_1); c0_2 = x0.fma(b2, c0_2); c0_3 = x0.fma(b3, c0_3);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c0_1 = c0_1.add(FloatVector.fromArray(F, c, cBase + 1 * L));
            c0_2 = c0_2.add(FloatVector.fromArray(F, c, cBase + 2 * L));
            c0_3 = c0_3.add(FloatVector.fromArray(F, c, cBase + 3 * L));
        }
        c0_0.intoArray(c, cBase);
        c0_1.intoArray(c, cBase + 1 * L);
        c0_2.intoArray(c, cBase + 2 * L);
        c0_3.intoArray(c, cBase + 3 * L);
    }

    /** 16 rows x 1 vector(s). */
    static void k16x1(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F);
        FloatVector c12_0 = FloatVector.zero(F);
        FloatVector c13_0 = FloatVector.zero(F);
        FloatVector c14_0 = FloatVector.zero(F);
        FloatVector c15_0 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        int a8 = aBase + 8 * lda;
        int a9 = aBase + 9 * lda;
        int a10 = aBase + 10 * lda;
        int a11 = aBase + 11 * lda;
        int a12 = aBase + 12 * lda;
        int a13 = aBase + 13 * lda;
        int a14 = aBase + 14 * lda;
        int a15 = aBase + 15 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0);
            FloatVector x8 = FloatVector.broadcast(F, a[a8 + p]);
            c8_0 = x8.fma(b0, c8_0);
            FloatVector x9 = FloatVector.broadcast(F, a[a9 + p]);
            c9_0 = x9.fma(b0, c9_0);
            FloatVector x10 = FloatVector.broadcast(F, a[a10 + p]);
            c10_0 = x10.fma(b0, c10_0);
            FloatVector x11 = FloatVector.broadcast(F, a[a11 + p]);
            c11_0 = x11.fma(b0, c11_0);
            FloatVector x12 = FloatVector.broadcast(F, a[a12 + p]);
            c12_0 = x12.fma(b0, c12_0);
            FloatVector x13 = FloatVector.broadcast(F, a[a13 + p]);
            c13_0 = x13.fma(b0, c13_0);
            FloatVector x14 = FloatVector.broadcast(F, a[a14 + p]);
            c14_0 = x14.fma(b0, c14_0);
            FloatVector x15 = FloatVector.broadcast(F, a[a15 + p]);
            c15_0 = x15.fma(b0, c15_0);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
            c8_0 = c8_0.add(FloatVector.fromArray(F, c, cBase + 8 * ldc));
            c9_0 = c9_0.add(FloatVector.fromArray(F, c, cBase + 9 * ldc));
            c10_0 = c10_0.add(FloatVector.fromArray(F, c, cBase + 10 * ldc));
            c11_0 = c11_0.add(FloatVector.fromArray(F, c, cBase + 11 * ldc));
            c12_0 = c12_0.add(FloatVector.fromArray(F, c, cBase + 12 * ldc));
            c13_0 = c13_0.add(FloatVector.fromArray(F, c, cBase + 13 * ldc));
            c14_0 = c14_0.add(FloatVector.fromArray(F, c, cBase + 14 * ldc));
            c15_0 = c15_0.add(FloatVector.fromArray(F, c, cBase + 15 * ldc));
        }
        c0_0.intoArray(c, cBase);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c7_0.intoArray(c, cBase + 7 * ldc);
        c8_0.intoArray(c, cBase + 8 * ldc);
        c9_0.intoArray(c, cBase + 9 * ldc);
        c10_0.intoArray(c, cBase + 10 * ldc);
        c11_0.intoArray(c, cBase + 11 * ldc);
        c12_0.intoArray(c, cBase + 12 * ldc);
        c13_0.intoArray(c, cBase + 13 * ldc);
        c14_0.intoArray(c, cBase + 14 * ldc);
        c15_0.intoArray(c, cBase + 15 * ldc);
    }

    /** 8 rows x 1 vector(s). */
    static void k8x1(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        int a4 = aBase + 4 * lda;
        int a5 = aBase + 5 * lda;
        int a6 = aBase + 6 * lda;
        int a7 = aBase + 7 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = x4.fma(b0, c4_0);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = x5.fma(b0, c5_0);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
            c6_0 = x6.fma(b0, c6_0);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
            c7_0 = x7.fma(b0, c7_0);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
            c4_0 = c4_0.add(FloatVector.fromArray(F, c, cBase + 4 * ldc));
            c5_0 = c5_0.add(FloatVector.fromArray(F, c, cBase + 5 * ldc));
            c6_0 = c6_0.add(FloatVector.fromArray(F, c, cBase + 6 * ldc));
            c7_0 = c7_0.add(FloatVector.fromArray(F, c, cBase + 7 * ldc));
        }
        c0_0.intoArray(c, cBase);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c3_0.intoArray(c, cBase + 3 * ldc);
        c4_0.intoArray(c, cBase + 4 * ldc);
        c5_0.intoArray(c, cBase + 5 * ldc);
        c6_0.intoArray(c, cBase + 6 * ldc);
        c7_0.intoArray(c, cBase + 7 * ldc);
    }

    /** 4 rows x 1 vector(s). */
    static void k4x1(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * lda;
        int a2 = aBase + 2 * lda;
        int a3 = aBase + 3 * lda;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = x1.fma(b0, c1_0);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = x2.fma(b0, c2_0);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = x3.fma(b0, c3_0);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
            c1_0 = c1_0.add(FloatVector.fromArray(F, c, cBase + 1 * ldc));
            c2_0 = c2_0.add(FloatVector.fromArray(F, c, cBase + 2 * ldc));
            c3_0 = c3_0.add(FloatVector.fromArray(F, c, cBase + 3 * ldc));
        }
        c0_0.intoArray(c, cBase);
        c1_0.intoArray(c, cBase + 1 * ldc);
        c2_0.intoArray(c, cBase + 2 * ldc);
        c3_0.intoArray(c, cBase + 3 * ldc);
    }

    /** 1 rows x 1 vector(s). */
    static void k1x1(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
            float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0; p < kLen; p++) {
            int bp = bBase + p * (L);
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c0_0 = x0.fma(b0, c0_0);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(F, c, cBase));
        }
        c0_0.intoArray(c, cBase);
    }

}
