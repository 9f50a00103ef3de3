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
    private boolean dots;
    private int rows;
    private int cols;
    private int k;
    private int tiles;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private float[] src;
    private int srcOff;
    private int ldSrc;
    private int v;
    private float[] c;
    private int cOff;
    private int ldc;
    private boolean transposedOut;
    private boolean accumulate;
    private int kc;
    private float[] bias;
    private int biasOff;
    private Activation act = Activation.LINEAR;

    /** Sets up {@link Gemm#panels}; returns the number of tiles. */
    int panels(int rows, int cols, int k, float[] a, int aOff, int lda, float[] packed,
               float[] src, int srcOff, int ldSrc, int v,
               float[] c, int cOff, int ldc, boolean transposedOut, boolean accumulate, int kc,
               float[] bias, int biasOff, Activation act) {
        this.dots = false;
        this.rows = rows;
        this.cols = cols;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = packed;
        this.src = src;
        this.srcOff = srcOff;
        this.ldSrc = ldSrc;
        this.v = v;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.transposedOut = transposedOut;
        this.accumulate = accumulate;
        this.kc = kc;
        this.bias = bias;
        this.biasOff = biasOff;
        this.act = act;
        this.tiles = Gemm.tiles(rows, cols, v);
        return tiles;
    }

    /** Sets up {@link Gemm#dots}; returns the number of tiles. */
    int dots(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        this.dots = true;
        this.rows = m;
        this.cols = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
        this.tiles = Gemm.dotTiles(n);
        return tiles;
    }

    /** Computes part {@code part} of {@code parts} (all of it when {@code parts == 1}). */
    void run(int part, int parts) {
        int from = (int) ((long) tiles * part / parts);
        int to = (int) ((long) tiles * (part + 1) / parts);
        if (from >= to) {
            return;
        }
        if (dots) {
            Gemm.dots(rows, cols, k, a, aOff, b, bOff, c, cOff, accumulate, from, to);
        } else {
            Scratch scratch = Scratch.get();
            float[] block = src == null ? null : scratch.packB(kc * v * Lanes.LENGTH);
            Gemm.panels(rows, cols, k, a, aOff, lda, b, src, srcOff, ldSrc, block, v, c, cOff, ldc,
                    transposedOut, accumulate, kc, bias, biasOff, act, scratch.tile, from, to);
        }
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        a = null;
        b = null;
        src = null;
        c = null;
        bias = null;
        act = Activation.LINEAR;
    }
}
