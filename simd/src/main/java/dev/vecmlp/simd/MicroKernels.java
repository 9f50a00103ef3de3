package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernels: {@code C[R x V*L] (+)= A[R x kLen] * B[kLen x V*L]}
 * for a tile of {@code R} rows and {@code V} vectors of {@code L} lanes.
 *
 * <p>Each kernel keeps the whole tile in vector registers (24 accumulators for the main tiles
 * 8x3 and 12x2: measured 20-40% faster than 16, while 28 spilled), streams one row of B per
 * step of {@code p} and broadcasts one scalar of A per tile row. A's element {@code (r, p)} is
 * {@code a[aBase + r * aRs + p * aCs]}, so the same kernel serves {@code A} (row stride k) and
 * {@code A^T} (column stride m) without a copy; B's row {@code p} starts at
 * {@code b[bBase + p * ldb]}. The {@code 1xV} kernels cover leftover rows, the {@code Masked}
 * ones the last partial vector of a row.
 *
 * <p>Every output element is one chain of fused multiply-adds over {@code p = 0..kLen-1}
 * starting from zero, then stored (or added to C). All kernels share that order, so which
 * kernel computes an element never changes its bits: this is what makes results independent
 * of how tiles are split over threads.
 *
 * <p>The bodies are written out unrolled (generated once by a small script) because C2 only
 * keeps accumulators in registers when each is a separate local.
 */
final class MicroKernels {
    static final VectorSpecies<Float> F = Lanes.FLOAT;
    static final int L = Lanes.LENGTH;

    private MicroKernels() {
    }

    static void store(FloatVector v, float[] c, int index, boolean accumulate) {
        if (accumulate) {
            v = v.add(FloatVector.fromArray(F, c, index));
        }
        v.intoArray(c, index);
    }

    static void storeMasked(FloatVector v, float[] c, int index, boolean accumulate, VectorMask<Float> mask) {
        if (accumulate) {
            v = v.add(FloatVector.fromArray(F, c, index, mask));
        }
        v.intoArray(c, index, mask);
    }

    static void k8x3(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F); FloatVector c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F); FloatVector c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F); FloatVector c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F); FloatVector c32 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F); FloatVector c42 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F); FloatVector c52 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F); FloatVector c61 = FloatVector.zero(F); FloatVector c62 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F); FloatVector c71 = FloatVector.zero(F); FloatVector c72 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * aRs;
        int a2 = aBase + 2 * aRs;
        int a3 = aBase + 3 * aRs;
        int a4 = aBase + 4 * aRs;
        int a5 = aBase + 5 * aRs;
        int a6 = aBase + 6 * aRs;
        int a7 = aBase + 7 * aRs;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + ap]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + ap]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + ap]);
            c60 = x6.fma(b0, c60); c61 = x6.fma(b1, c61); c62 = x6.fma(b2, c62);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + ap]);
            c70 = x7.fma(b0, c70); c71 = x7.fma(b1, c71); c72 = x7.fma(b2, c72);
        }
        store(c00, c, cBase, accumulate);
        store(c01, c, cBase + 1 * L, accumulate);
        store(c02, c, cBase + 2 * L, accumulate);
        store(c10, c, cBase + 1 * ldc, accumulate);
        store(c11, c, cBase + 1 * ldc + 1 * L, accumulate);
        store(c12, c, cBase + 1 * ldc + 2 * L, accumulate);
        store(c20, c, cBase + 2 * ldc, accumulate);
        store(c21, c, cBase + 2 * ldc + 1 * L, accumulate);
        store(c22, c, cBase + 2 * ldc + 2 * L, accumulate);
        store(c30, c, cBase + 3 * ldc, accumulate);
        store(c31, c, cBase + 3 * ldc + 1 * L, accumulate);
        store(c32, c, cBase + 3 * ldc + 2 * L, accumulate);
        store(c40, c, cBase + 4 * ldc, accumulate);
        store(c41, c, cBase + 4 * ldc + 1 * L, accumulate);
        store(c42, c, cBase + 4 * ldc + 2 * L, accumulate);
        store(c50, c, cBase + 5 * ldc, accumulate);
        store(c51, c, cBase + 5 * ldc + 1 * L, accumulate);
        store(c52, c, cBase + 5 * ldc + 2 * L, accumulate);
        store(c60, c, cBase + 6 * ldc, accumulate);
        store(c61, c, cBase + 6 * ldc + 1 * L, accumulate);
        store(c62, c, cBase + 6 * ldc + 2 * L, accumulate);
        store(c70, c, cBase + 7 * ldc, accumulate);
        store(c71, c, cBase + 7 * ldc + 1 * L, accumulate);
        store(c72, c, cBase + 7 * ldc + 2 * L, accumulate);
    }

    static void k12x2(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F); FloatVector c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F); FloatVector c71 = FloatVector.zero(F);
        FloatVector c80 = FloatVector.zero(F); FloatVector c81 = FloatVector.zero(F);
        FloatVector c90 = FloatVector.zero(F); FloatVector c91 = FloatVector.zero(F);
        FloatVector c100 = FloatVector.zero(F); FloatVector c101 = FloatVector.zero(F);
        FloatVector c110 = FloatVector.zero(F); FloatVector c111 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * aRs;
        int a2 = aBase + 2 * aRs;
        int a3 = aBase + 3 * aRs;
        int a4 = aBase + 4 * aRs;
        int a5 = aBase + 5 * aRs;
        int a6 = aBase + 6 * aRs;
        int a7 = aBase + 7 * aRs;
        int a8 = aBase + 8 * aRs;
        int a9 = aBase + 9 * aRs;
        int a10 = aBase + 10 * aRs;
        int a11 = aBase + 11 * aRs;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + ap]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + ap]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + ap]);
            c60 = x6.fma(b0, c60); c61 = x6.fma(b1, c61);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + ap]);
            c70 = x7.fma(b0, c70); c71 = x7.fma(b1, c71);
            FloatVector x8 = FloatVector.broadcast(F, a[a8 + ap]);
            c80 = x8.fma(b0, c80); c81 = x8.fma(b1, c81);
            FloatVector x9 = FloatVector.broadcast(F, a[a9 + ap]);
            c90 = x9.fma(b0, c90); c91 = x9.fma(b1, c91);
            FloatVector x10 = FloatVector.broadcast(F, a[a10 + ap]);
            c100 = x10.fma(b0, c100); c101 = x10.fma(b1, c101);
            FloatVector x11 = FloatVector.broadcast(F, a[a11 + ap]);
            c110 = x11.fma(b0, c110); c111 = x11.fma(b1, c111);
        }
        store(c00, c, cBase, accumulate);
        store(c01, c, cBase + 1 * L, accumulate);
        store(c10, c, cBase + 1 * ldc, accumulate);
        store(c11, c, cBase + 1 * ldc + 1 * L, accumulate);
        store(c20, c, cBase + 2 * ldc, accumulate);
        store(c21, c, cBase + 2 * ldc + 1 * L, accumulate);
        store(c30, c, cBase + 3 * ldc, accumulate);
        store(c31, c, cBase + 3 * ldc + 1 * L, accumulate);
        store(c40, c, cBase + 4 * ldc, accumulate);
        store(c41, c, cBase + 4 * ldc + 1 * L, accumulate);
        store(c50, c, cBase + 5 * ldc, accumulate);
        store(c51, c, cBase + 5 * ldc + 1 * L, accumulate);
        store(c60, c, cBase + 6 * ldc, accumulate);
        store(c61, c, cBase + 6 * ldc + 1 * L, accumulate);
        store(c70, c, cBase + 7 * ldc, accumulate);
        store(c71, c, cBase + 7 * ldc + 1 * L, accumulate);
        store(c80, c, cBase + 8 * ldc, accumulate);
        store(c81, c, cBase + 8 * ldc + 1 * L, accumulate);
        store(c90, c, cBase + 9 * ldc, accumulate);
        store(c91, c, cBase + 9 * ldc + 1 * L, accumulate);
        store(c100, c, cBase + 10 * ldc, accumulate);
        store(c101, c, cBase + 10 * ldc + 1 * L, accumulate);
        store(c110, c, cBase + 11 * ldc, accumulate);
        store(c111, c, cBase + 11 * ldc + 1 * L, accumulate);
    }

    static void k8x1(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * aRs;
        int a2 = aBase + 2 * aRs;
        int a3 = aBase + 3 * aRs;
        int a4 = aBase + 4 * aRs;
        int a5 = aBase + 5 * aRs;
        int a6 = aBase + 6 * aRs;
        int a7 = aBase + 7 * aRs;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
        }
        store(c00, c, cBase, accumulate);
        store(c10, c, cBase + 1 * ldc, accumulate);
        store(c20, c, cBase + 2 * ldc, accumulate);
        store(c30, c, cBase + 3 * ldc, accumulate);
        store(c40, c, cBase + 4 * ldc, accumulate);
        store(c50, c, cBase + 5 * ldc, accumulate);
        store(c60, c, cBase + 6 * ldc, accumulate);
        store(c70, c, cBase + 7 * ldc, accumulate);
    }

    static void k8x1Masked(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate, VectorMask<Float> last) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F);
        int a0 = aBase;
        int a1 = aBase + 1 * aRs;
        int a2 = aBase + 2 * aRs;
        int a3 = aBase + 3 * aRs;
        int a4 = aBase + 4 * aRs;
        int a5 = aBase + 5 * aRs;
        int a6 = aBase + 6 * aRs;
        int a7 = aBase + 7 * aRs;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp, last);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(F, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(F, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            FloatVector x6 = FloatVector.broadcast(F, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            FloatVector x7 = FloatVector.broadcast(F, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
        }
        storeMasked(c00, c, cBase, accumulate, last);
        storeMasked(c10, c, cBase + 1 * ldc, accumulate, last);
        storeMasked(c20, c, cBase + 2 * ldc, accumulate, last);
        storeMasked(c30, c, cBase + 3 * ldc, accumulate, last);
        storeMasked(c40, c, cBase + 4 * ldc, accumulate, last);
        storeMasked(c50, c, cBase + 5 * ldc, accumulate, last);
        storeMasked(c60, c, cBase + 6 * ldc, accumulate, last);
        storeMasked(c70, c, cBase + 7 * ldc, accumulate, last);
    }

    static void k1x3(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F); FloatVector c02 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02);
        }
        store(c00, c, cBase, accumulate);
        store(c01, c, cBase + 1 * L, accumulate);
        store(c02, c, cBase + 2 * L, accumulate);
    }

    static void k1x2(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + 1 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
        }
        store(c00, c, cBase, accumulate);
        store(c01, c, cBase + 1 * L, accumulate);
    }

    static void k1x1(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
        }
        store(c00, c, cBase, accumulate);
    }

    static void k1x1Masked(int kLen, float[] a, int aBase, int aRs, int aCs,
            float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean accumulate, VectorMask<Float> last) {
        FloatVector c00 = FloatVector.zero(F);
        int a0 = aBase;
        for (int p = 0, ap = 0, bp = bBase; p < kLen; p++, ap += aCs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp, last);
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
        }
        storeMasked(c00, c, cBase, accumulate, last);
    }
}
