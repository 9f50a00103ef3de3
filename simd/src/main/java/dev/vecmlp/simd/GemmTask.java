package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One GEMM call cut into tiles, in a form the worker pool can share out: the operands of the
 * chosen path and the tile grid. A pool owns exactly one task object and reuses it for every
 * parallel call (under the pool's lock), and each thread one for its single-threaded calls, so
 * handing work out allocates nothing.
 *
 * <p>Tiles are claimed in chunks (one panel's tiles, or one row block's) from a shared counter
 * by every thread that runs {@link #run(boolean)}: on a busy machine a thread that gets descheduled
 * simply claims fewer chunks. Which thread computes a tile never changes its value, because
 * the tile grid and each tile's summation order depend only on the shape.
 */
final class GemmTask {
    private boolean dots;
    private int rows;
    private int cols;
    private int k;
    private int tiles;
    private int chunk;
    /**
     * Chunks claimed so far: from the front (low 32 bits, by the calling thread) and from the
     * back (high 32 bits, by the workers). With two threads each keeps, call after call, about
     * the same half of the operand it streams (the weights, for inference), so each core's
     * caches hold its own half instead of both cores pulling the whole matrix in turn.
     */
    private final AtomicLong claims = new AtomicLong();
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    /** W as bf16 in place beside its paired tiles (for their partial last tile), else null. */
    private short[] bHalfInPlace;
    /** B as bf16 for the bf16 dot path, else null. */
    private short[] bHalf;
    /** B in the packed dot tiles ({@link PackedDots}), float32 or bf16, else null. */
    private float[] bTiles;
    private short[] bTilesHalf;
    /** B in the paired bf16 dot tiles ({@link PairedBf16Dots}), else null. */
    private int[] bTilesPaired;
    /** B as int8, in place or in the packed dot tiles, with its per-row scales; else null. */
    private byte[] bQuarter;
    private byte[] bTilesQuarter;
    private float[] scales;
    private int scalesOff;
    private boolean vectorReduce;
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
        this.bHalf = null;
        this.bTiles = null;
        this.bTilesHalf = null;
        this.bTilesPaired = null;
        this.bQuarter = null;
        this.bTilesQuarter = null;
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
        // A chunk shares one packed panel block (or, transposed, one row block of A).
        this.chunk = transposedOut ? Gemm.ceilDiv(cols, v * Lanes.LENGTH) * transposedRowBlocks(rows, v)
                : Gemm.ceilDiv(rows, Gemm.tileRows(v));
        claims.set(0);
        return tiles;
    }

    /**
     * Row blocks per chunk of a transposed-output product. A tile of {@code tileRows} rows writes
     * {@code tileRows} consecutive floats of every output row, so neighbouring row blocks share
     * cache lines in each of those rows: two threads computing them at once would pass the lines
     * back and forth. When there are enough row blocks, a chunk covers a whole number of 64-byte
     * lines (48 rows for 6-row tiles), so threads meet only at chunk edges. With balanced row
     * blocks ({@link Gemm#balancedRows}) the full-height blocks come first, so only chunk edges
     * among the last, shorter blocks can fall inside a line.
     */
    static int transposedRowBlocks(int rows, int v) {
        int tileRows = Gemm.tileRows(v);
        int aligned = 16 / gcd(tileRows, 16);
        return Gemm.ceilDiv(rows, tileRows) >= 4 * aligned ? aligned : 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Sets up {@link Gemm#dots}; returns the number of tiles. */
    int dots(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        this.dots = true;
        this.bHalf = null;
        this.bTiles = null;
        this.bTilesHalf = null;
        this.bTilesPaired = null;
        this.bQuarter = null;
        this.bTilesQuarter = null;
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
        this.chunk = 4;
        claims.set(0);
        return tiles;
    }

    /** Sets up {@link Gemm#dotsBf16} (B as bf16, C overwritten); returns the number of tiles. */
    int dotsBf16(int m, int n, int k, float[] a, int aOff, short[] b, int bOff, float[] c, int cOff) {
        dots(m, n, k, a, aOff, null, bOff, c, cOff, false);
        this.bHalf = b;
        return tiles;
    }

    /** Sets up {@link PackedDots#dots} on W's packed {@code tiles}; returns the number of tiles. */
    int dotsPacked(int m, int n, int k, float[] a, int aOff, float[] tiles, boolean vectorReduce,
                   float[] c, int cOff, boolean accumulate) {
        dots(m, n, k, a, aOff, null, 0, c, cOff, accumulate);
        this.bTiles = tiles;
        this.vectorReduce = vectorReduce;
        return this.tiles;
    }

    /** Sets up {@link PackedDots#dotsBf16} on W's packed bf16 {@code tiles} (C overwritten); returns the number of tiles. */
    int dotsPackedBf16(int m, int n, int k, float[] a, int aOff, short[] tiles, boolean vectorReduce,
                       float[] c, int cOff) {
        dots(m, n, k, a, aOff, null, 0, c, cOff, false);
        this.bTilesHalf = tiles;
        this.vectorReduce = vectorReduce;
        return this.tiles;
    }

    /**
     * Sets up {@link PairedBf16Dots#dots} on W's paired bf16 {@code tiles}, with W itself
     * ({@code w} from {@code wOff}) for the partial last tile (C overwritten); returns the number
     * of tiles.
     */
    int dotsPairedBf16(int m, int n, int k, float[] a, int aOff, int[] tiles, short[] w, int wOff,
                       boolean vectorReduce, float[] c, int cOff) {
        dots(m, n, k, a, aOff, null, wOff, c, cOff, false);
        this.bTilesPaired = tiles;
        this.bHalfInPlace = w;
        this.vectorReduce = vectorReduce;
        return this.tiles;
    }

    /**
     * Sets up {@link Int8Dots#dots} (B as int8 in place, {@code packed} false) or
     * {@link Int8Dots#dotsPacked} (B in the packed tiles) with B's row scales; C is overwritten.
     * Returns the number of tiles.
     */
    int dotsInt8(int m, int n, int k, float[] a, int aOff, byte[] b, int bOff, boolean packed, float[] scales,
                 int scalesOff, boolean vectorReduce, float[] c, int cOff) {
        dots(m, n, k, a, aOff, null, bOff, c, cOff, false);
        if (packed) {
            this.bTilesQuarter = b;
        } else {
            this.bQuarter = b;
        }
        this.scales = scales;
        this.scalesOff = scalesOff;
        this.vectorReduce = vectorReduce;
        return this.tiles;
    }

    /**
     * Claims and computes chunks of tiles until none is left; every participating thread calls it,
     * the caller with {@code fromBack} false, the workers with it true.
     */
    void run(boolean fromBack) {
        Scratch scratch = null;
        float[] block = null;
        int chunks = Gemm.ceilDiv(tiles, chunk);
        for (int claimed; (claimed = claim(chunks, fromBack)) >= 0; ) {
            int from = claimed * chunk;
            int to = Math.min(tiles, from + chunk);
            if (scratch == null) {
                scratch = Scratch.get();
                block = dots || src == null ? null : scratch.packB(kc * v * Lanes.LENGTH);
            }
            if (bTiles != null) {
                PackedDots.dots(rows, cols, k, a, aOff, bTiles, c, cOff, accumulate, vectorReduce, scratch.lanes,
                        from, to);
                continue;
            }
            if (bTilesHalf != null) {
                PackedDots.dotsBf16(rows, cols, k, a, aOff, bTilesHalf, c, cOff, vectorReduce, scratch.lanes, from, to);
                continue;
            }
            if (bTilesPaired != null) {
                PairedBf16Dots.dots(rows, cols, k, a, aOff, bTilesPaired, bHalfInPlace, bOff, c, cOff, vectorReduce,
                        scratch.lanes, from, to);
                continue;
            }
            if (bTilesQuarter != null) {
                Int8Dots.dotsPacked(rows, cols, k, a, aOff, bTilesQuarter, scales, scalesOff, c, cOff, vectorReduce,
                        scratch.lanes, from, to);
                continue;
            }
            if (bQuarter != null) {
                Int8Dots.dots(rows, cols, k, a, aOff, bQuarter, bOff, scales, scalesOff, c, cOff, scratch.lanes,
                        from, to);
                continue;
            }
            if (bHalf != null) {
                Gemm.dotsBf16(rows, cols, k, a, aOff, bHalf, bOff, c, cOff, scratch.lanes, from, to);
                continue;
            }
            if (dots) {
                Gemm.dots(rows, cols, k, a, aOff, b, bOff, c, cOff, accumulate, scratch.lanes, from, to);
                continue;
            }
            Gemm.panels(rows, cols, k, a, aOff, lda, b, src, srcOff, ldSrc, block, v, c, cOff, ldc,
                    transposedOut, accumulate, kc, bias, biasOff, act, scratch.tile, from, to);
        }
    }

    /** The next unclaimed chunk from the front or the back, or -1 when all are claimed. */
    private int claim(int chunks, boolean fromBack) {
        while (true) {
            long state = claims.get();
            int front = (int) state;
            int back = (int) (state >>> 32);
            if (front + back >= chunks) {
                return -1;
            }
            long next = fromBack ? state + (1L << 32) : state + 1;
            if (claims.compareAndSet(state, next)) {
                return fromBack ? chunks - 1 - back : front;
            }
        }
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        a = null;
        b = null;
        bHalf = null;
        bTiles = null;
        bTilesHalf = null;
        bTilesPaired = null;
        bHalfInPlace = null;
        bQuarter = null;
        bTilesQuarter = null;
        scales = null;
        src = null;
        c = null;
        bias = null;
        act = Activation.LINEAR;
    }
}
