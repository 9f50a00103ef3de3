package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;

/**
 * One GEMM call cut into tiles, in a form the worker pool can share out: the operands of the
 * chosen path and the number of tiles. A pool owns exactly one task object and reuses it for
 * every parallel call (under the pool's lock), so handing work to threads allocates nothing.
 * {@link #run(int, int)} computes part {@code part} of {@code parts}: a contiguous range of
 * tiles; the tile grid itself does not depend on {@code parts}.
 */
final class GemmTask {
    static final int DIRECT = 0;
    static final int TRANSPOSED = 1;
    static final int DOTS = 2;

    int path;
    int m;
    int n;
    int k;
    int tiles;
    float[] a;
    int aOff;
    int aRs;
    int aCs;
    float[] b;
    int bOff;
    int ldb;
    float[] c;
    int cOff;
    boolean accumulate;
    float[] bias;
    int biasOff;
    Activation act = Activation.LINEAR;
    int panelVectors;

    void direct(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int ldb,
                float[] c, int cOff, boolean accumulate) {
        this.path = DIRECT;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.aRs = aRs;
        this.aCs = aCs;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
        this.tiles = Gemm.directTiles(m, n);
    }

    /** {@code a} is the packed {@code X^T}, {@code b} is W. */
    void transposed(int m, int n, int k, float[] packed, int panelVectors, float[] w, int wOff,
                    float[] c, int cOff, boolean accumulate, float[] bias, int biasOff, Activation act) {
        this.path = TRANSPOSED;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = packed;
        this.panelVectors = panelVectors;
        this.b = w;
        this.bOff = wOff;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
        this.bias = bias;
        this.biasOff = biasOff;
        this.act = act;
        this.tiles = Gemm.transposedTiles(n, panelVectors);
    }

    void dots(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        this.path = DOTS;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
        this.tiles = Gemm.dotTiles(n);
    }

    void run(int part, int parts) {
        int from = (int) ((long) tiles * part / parts);
        int to = (int) ((long) tiles * (part + 1) / parts);
        if (from >= to) {
            return;
        }
        switch (path) {
            case DIRECT:
                Gemm.direct(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, accumulate, from, to);
                break;
            case TRANSPOSED:
                Gemm.transposed(m, n, k, a, panelVectors, b, bOff, c, cOff, accumulate, bias, biasOff, act,
                        Scratch.get().tile, from, to);
                break;
            default:
                Gemm.dots(m, n, k, a, aOff, b, bOff, c, cOff, accumulate, from, to);
        }
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        a = null;
        b = null;
        c = null;
        bias = null;
        act = Activation.LINEAR;
    }
}
