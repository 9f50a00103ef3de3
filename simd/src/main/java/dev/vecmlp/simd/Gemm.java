package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;
import dev.vecmlp.kernel.Bf16;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static dev.vecmlp.simd.MicroKernels.*;

/**
 * The GEMM drivers: how an {@code m x n x k} product is cut into micro-kernel tiles, which
 * operand is packed, and in what order tiles are visited. Every driver works on a range of
 * tiles {@code [from, to)} so the thread pool can hand disjoint ranges to threads; the tile
 * grid depends only on the shape, never on the thread count, which keeps results bit-identical.
 *
 * <p>One panel driver serves the three products. The right-hand operand is packed into
 * K-major panels {@code V * L} floats wide (zero-padded), the left-hand one is read as rows in
 * place; the micro-kernels then see constant strides only (see {@link MicroKernels}).
 * <ul>
 *   <li>{@code C = A B} ({@code dX = dZ W}): A's rows in place, B packed by rows.</li>
 *   <li>{@code C = A^T B} ({@code dW = dZ^T X}): A transposed once into a row-major copy,
 *       B packed by rows (packing the right-hand panel measured ~150 -> ~190 GFLOP/s here).</li>
 *   <li>{@code Z = X W^T} with at least 4 batch rows: computes {@code Z^T = W X^T} from
 *       {@code X^T} packed into panels (measured 1.4-3x faster than dot products), then writes
 *       each tile back transposed with bias and activation fused in; when W has fewer rows
 *       than X (a 10-class head) it packs the smaller {@code W^T} instead and runs like
 *       {@code A B}.</li>
 *   <li>{@code Z = X W^T} with 1-3 rows (matrix-vector): dot products over K, eight W rows at
 *       a time, reduced across lanes once at the end ({@link #dots}).</li>
 * </ul>
 */
final class Gemm {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = Lanes.LENGTH;
    /** Shorts of one float vector's lane count (half its bits): one vector of bf16 weights. */
    private static final VectorSpecies<Short> HALF = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    /** Ints of the float vector's shape: the widened bf16 bits before their reinterpretation. */
    private static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, F.vectorShape());

    /**
     * K block of the non-transposed products. With panels packed block by block, blocking K
     * below 2048 measured slower here (2048x2048 at batch 128, dZ W: 109 GFLOP/s at 256, 130 at
     * 512, 150 unblocked), so it only bounds the packed block for very long products. Tuning
     * switch: {@code vecmlp.simd.kc}.
     */
    static final int KC = Math.max(16, Integer.getInteger("vecmlp.simd.kc", 2048));
    /** W rows per dot-product block (8 independent FMA chains hide the FMA latency). */
    static final int DOT_ROWS = 8;

    private Gemm() {
    }

    // ---------------------------------------------------------------- panel geometry

    /**
     * Vectors per panel for {@code cols} columns: 4 (6x4 tiles, 5x4 with {@link #NARROW_TILES}),
     * 3 (8x3), 2 (12x2, or 10x2) or 1 (16x1). Fewer padded vectors win, weighted by what each
     * tile shape reached here on JDK 25 (fewer broadcasts per FMA is faster: 6x4 > 8x3 > 12x2 >
     * 16x1 by a few percent each).
     */
    static int panelVectors(int cols) {
        if (FORCE_V > 0) {
            return FORCE_V;
        }
        int vectors = ceilDiv(cols, L);
        double cost4 = ceilDiv(vectors, 4) * 4;
        double cost3 = ceilDiv(vectors, 3) * 3 * 1.03;
        double cost2 = ceilDiv(vectors, 2) * 2 * 1.08;
        double cost1 = vectors * 1.15;
        if (cost4 <= cost3 && cost4 <= cost2 && cost4 <= cost1) {
            return 4;
        }
        if (cost3 <= cost2 && cost3 <= cost1) {
            return 3;
        }
        return cost2 <= cost1 ? 2 : 1;
    }

    /** Tuning switch ({@code vecmlp.simd.v}): forces the panel width in vectors, 0 = automatic. */
    private static final int FORCE_V = Integer.getInteger("vecmlp.simd.v", 0);

    /**
     * Whether the main tiles of 4- and 2-vector panels are 5x4 and 10x2 instead of 6x4 and 12x2
     * (see {@link MicroKernels}): by default on JDK 24 and older, whose C2 (measured on 17)
     * spills accumulators of the wider tiles; JDK 25 and newer keep 6x4 and 12x2 (5x4 measured 2-8%
     * slower there). Tuning switch {@code vecmlp.simd.narrowTiles} ({@code true} or
     * {@code false}). Which tile computes an element never changes its bits.
     */
    static final boolean NARROW_TILES = narrowTiles(System.getProperty("vecmlp.simd.narrowTiles"),
            Runtime.version().feature());

    static boolean narrowTiles(String property, int jdkFeature) {
        if (property != null && !property.isBlank()) {
            return Boolean.parseBoolean(property.trim());
        }
        return jdkFeature < 25;
    }

    /** Rows of a full tile for panels of {@code v} vectors. */
    static int tileRows(int v) {
        return v == 4 ? (NARROW_TILES ? 5 : 6) : v == 3 ? 8 : v == 2 ? (NARROW_TILES ? 10 : 12) : 16;
    }

    /**
     * Whether the {@code rows} of a 4-vector panel grid are shared out evenly over its
     * {@code ceilDiv(rows, tileRows(4))} row blocks (blocks of {@code tileRows} and
     * {@code tileRows - 1} rows, or 4 and 5) instead of full tiles and one short block. A short
     * block of one to three rows runs the 1x4 kernel once per row, and each such run streams the
     * whole panel from L2 for 4 multiply-adds per 4 loads: at batch 32 (5 x 6 + 2 rows) that was
     * about a seventh of the layer's time. The count of row blocks, and so the tile grid, stays
     * the same; which tile computes an element never changes its bits. Tuning switch
     * {@code vecmlp.simd.balancedRows} ({@code false} restores the full-tiles-first split).
     */
    static boolean balancedRows(int v, int rows) {
        if (v != 4 || !BALANCED_ROWS) {
            return false;
        }
        return rows / ceilDiv(rows, tileRows(v)) >= 4;
    }

    private static final boolean BALANCED_ROWS =
            Boolean.parseBoolean(System.getProperty("vecmlp.simd.balancedRows", "true").trim());

    /** First row of row block {@code rb} of {@code rowBlocks} covering {@code rows} rows (see {@link #balancedRows}). */
    static int blockStart(int rb, int rows, int rowBlocks, int tileRows, boolean balanced) {
        if (!balanced) {
            return rb * tileRows;
        }
        return rb * (rows / rowBlocks) + Math.min(rb, rows % rowBlocks);
    }

    /** Rows of row block {@code rb} (see {@link #blockStart}). */
    static int blockRows(int rb, int rows, int rowBlocks, int tileRows, boolean balanced) {
        if (!balanced) {
            return Math.min(tileRows, rows - rb * tileRows);
        }
        return rows / rowBlocks + (rb < rows % rowBlocks ? 1 : 0);
    }

    /** Floats of the packed panels of a {@code k x cols} operand. */
    static int packedSize(int cols, int k, int v) {
        int width = v * L;
        return ceilDiv(cols, width) * width * k;
    }

    /** Tiles of the panel driver for {@code rows x cols} outputs. */
    static int tiles(int rows, int cols, int v) {
        return ceilDiv(rows, tileRows(v)) * ceilDiv(cols, v * L);
    }

    // ---------------------------------------------------------------- packing

    /**
     * Packs the transpose of {@code X} ({@code cols x k}, row-major) into K-major panels
     * {@code w = v * L} wide: {@code pk[q*k*w + p*w + t] = X[q*w + t][p]}, zero past the last
     * row, so the kernels never need a mask. Each vector of a panel row is one gather of
     * {@code L} rows of X ({@code map[l] = l * k}): measured twice as fast as scalar copies.
     */
    static void packTransposed(int cols, int k, float[] x, int xOff, int v, float[] pk, int[] map) {
        int width = v * L;
        int panels = ceilDiv(cols, width);
        for (int l = 0; l < L; l++) {
            map[l] = l * k;
        }
        for (int q = 0; q < panels; q++) {
            int base = q * k * width;
            int valid = Math.min(width, cols - q * width);
            int t = 0;
            for (; t + L <= valid; t += L) {
                int src = xOff + (q * width + t) * k;
                for (int p = 0, dst = base + t; p < k; p++, dst += width) {
                    FloatVector.fromArray(F, x, src + p, map, 0).intoArray(pk, dst);
                }
            }
            for (; t < width; t++) {
                int dst = base + t;
                if (t < valid) {
                    int src = xOff + (q * width + t) * k;
                    for (int p = 0; p < k; p++, dst += width) {
                        pk[dst] = x[src + p];
                    }
                } else {
                    for (int p = 0; p < k; p++, dst += width) {
                        pk[dst] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [k0, k0 + kLen)} and columns {@code [j0, j0 + width)} of {@code B}
     * (row stride {@code ldb}) into one K-major panel block, zero past column {@code cols}:
     * whole vectors are copied with vector loads and stores (per-row
     * {@code System.arraycopy} of such short rows measured 20-50% slower).
     */
    static void packPanelBlock(float[] b, int bOff, int ldb, int cols, int k0, int kLen, int j0, int width,
                               float[] dst) {
        int valid = Math.min(width, cols - j0);
        for (int p = 0; p < kLen; p++) {
            int src = bOff + (k0 + p) * ldb + j0;
            int d = p * width;
            int t = 0;
            for (; t + L <= valid; t += L) {
                FloatVector.fromArray(F, b, src + t).intoArray(dst, d + t);
            }
            for (; t < valid; t++) {
                dst[d + t] = b[src + t];
            }
            for (; t < width; t++) {
                dst[d + t] = 0f;
            }
        }
    }

    /**
     * {@code dst (m x k) = A^T} for {@code A} of {@code k x m}, row-major: each vector of a
     * destination row gathers {@code L} rows of A ({@code map[l] = l * m}); the scalar version
     * measured 3x slower, its reads {@code m} floats apart conflicting in L1.
     */
    static void transpose(int k, int m, float[] a, int aOff, float[] dst, int[] map) {
        for (int l = 0; l < L; l++) {
            map[l] = l * m;
        }
        int kv = F.loopBound(k);
        for (int i = 0; i < m; i++) {
            int d = i * k;
            int p = 0;
            for (; p < kv; p += L) {
                FloatVector.fromArray(F, a, aOff + p * m + i, map, 0).intoArray(dst, d + p);
            }
            for (; p < k; p++) {
                dst[d + p] = a[aOff + p * m + i];
            }
        }
    }

    // ---------------------------------------------------------------- the panel driver

    /**
     * Tiles {@code [from, to)} of {@code C (+)= A P}: {@code A} is {@code rows x k} read in place
     * ({@code a[aOff + i * lda + p]}), {@code P} the K-major panels of a {@code k x cols}
     * operand, either packed whole beforehand ({@code pk}, {@code src == null}) or packed here
     * block by block from the row-major {@code src} (row stride {@code ldSrc}) into this
     * thread's {@code block} buffer, so that a big operand is read from memory once, not
     * copied there and read again. K is cut in blocks of {@code kc}; tiles run panel by panel
     * so consecutive tiles share a panel block.
     *
     * <p>With {@code transposedOut} (needs {@code kc >= k} and {@code pk}) the result goes to
     * {@code C^T} (element {@code (i, j)} at {@code c[cOff + j * ldc + i]}), with {@code bias}
     * (may be null, indexed by row) and the elementwise {@code act} applied first; tiles then
     * run row block by row block so they share A's rows. Without it, a {@code bias} (indexed by
     * column) and {@code act} are applied to each tile of C after its last K block, while the
     * tile is still in L1 ({@code accumulate} must then be false).
     */
    static void panels(int rows, int cols, int k, float[] a, int aOff, int lda, float[] pk,
                       float[] src, int srcOff, int ldSrc, float[] block, int v,
                       float[] c, int cOff, int ldc, boolean transposedOut, boolean accumulate, int kc,
                       float[] bias, int biasOff, Activation act, float[] tile, int from, int to) {
        int width = v * L;
        int tileRows = tileRows(v);
        int rowBlocks = ceilDiv(rows, tileRows);
        boolean balanced = balancedRows(v, rows);
        int panels = ceilDiv(cols, width);
        float[] b = src == null ? pk : block;
        boolean epilogueInPlace = !transposedOut && (bias != null || act != Activation.LINEAR && act != Activation.SOFTMAX);
        for (int k0 = 0; ; k0 += kc) {
            int kLen = Math.min(kc, k - k0);
            boolean acc = accumulate || k0 > 0;
            int packed = -1;
            for (int t = from; t < to; t++) {
                int rb = transposedOut ? t / panels : t % rowBlocks;
                int q = transposedOut ? t % panels : t / rowBlocks;
                int i0 = blockStart(rb, rows, rowBlocks, tileRows, balanced);
                int j0 = q * width;
                int rowsHere = blockRows(rb, rows, rowBlocks, tileRows, balanced);
                int colsHere = Math.min(width, cols - j0);
                int aBase = aOff + i0 * lda + k0;
                int bBase;
                if (src == null) {
                    bBase = q * k * width + k0 * width;
                } else {
                    if (packed != q) {
                        packPanelBlock(src, srcOff, ldSrc, cols, k0, kLen, j0, width, block);
                        packed = q;
                    }
                    bBase = 0;
                }
                if (!transposedOut && colsHere == width) {
                    rowKernels(v, rowsHere, kLen, a, aBase, lda, b, bBase, c, cOff + i0 * ldc + j0, ldc, acc);
                } else {
                    rowKernels(v, rowsHere, kLen, a, aBase, lda, b, bBase, tile, 0, width, false);
                    if (transposedOut) {
                        epilogue(rowsHere, width, tile, bias, biasOff + i0, act);
                        storeTransposed(rowsHere, colsHere, width, tile, c, cOff + j0 * ldc + i0, ldc, acc);
                        continue;
                    }
                    storePartial(rowsHere, colsHere, width, tile, c, cOff + i0 * ldc + j0, ldc, acc);
                }
                if (epilogueInPlace && k0 + kLen >= k) {
                    epilogueInPlace(rowsHere, colsHere, c, cOff + i0 * ldc + j0, ldc, bias, biasOff + j0, act);
                }
            }
            if (k0 + kLen >= k) {
                break;
            }
        }
    }

    /** Covers {@code rows} (at most a full tile) with the kernels of width {@code v}: a full tile (or 5x4, 10x2), then 8/4/1 rows. */
    private static void rowKernels(int v, int rows, int kLen, float[] a, int aBase, int lda,
                                   float[] b, int bBase, float[] c, int cBase, int ldc, boolean acc) {
        int r = 0;
        if (v == 1) {
            if (rows == 16) {
                k16x1(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                return;
            }
            if (rows >= 8) {
                k8x1(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                r = 8;
            }
            if (rows - r >= 4) {
                k4x1(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
                r += 4;
            }
            for (; r < rows; r++) {
                k1x1(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
            }
            return;
        }
        if (v == 4) {
            if (rows == 6) {
                k6x4(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                return;
            }
            if (rows == 5) {
                k5x4(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                return;
            }
            if (rows >= 4) {
                k4x4(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                r = 4;
            }
            for (; r < rows; r++) {
                k1x4(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
            }
            return;
        }
        if (v == 3) {
            if (rows == 8) {
                k8x3(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                return;
            }
            if (rows >= 4) {
                k4x3(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
                r = 4;
            }
            for (; r < rows; r++) {
                k1x3(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
            }
            return;
        }
        if (rows == 12) {
            k12x2(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
            return;
        }
        if (rows >= 10) {
            k10x2(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
            r = 10;
        } else if (rows >= 8) {
            k8x2(kLen, a, aBase, lda, b, bBase, c, cBase, ldc, acc);
            r = 8;
        }
        if (rows - r >= 4) {
            k4x2(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
            r += 4;
        }
        for (; r < rows; r++) {
            k1x2(kLen, a, aBase + r * lda, lda, b, bBase, c, cBase + r * ldc, ldc, acc);
        }
    }

    /** Adds each tile row's bias and applies the elementwise activation, row by row in the tile. */
    private static void epilogue(int rows, int width, float[] tile, float[] bias, int biasOff, Activation act) {
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                float add = bias[biasOff + r];
                for (int j = r * width, end = j + width; j < end; j += L) {
                    FloatVector.fromArray(F, tile, j).add(add).intoArray(tile, j);
                }
            }
        }
        if (act != Activation.LINEAR && act != Activation.SOFTMAX) {
            Elementwise.activate(act, rows * width, tile, 0, tile, 0);
        }
    }

    /**
     * Bias (indexed by column) and the elementwise {@code act} on a just-stored output tile of C
     * ({@code rows x cols} from {@code base}, row stride {@code ldc}), while it is still in L1.
     * ReLU is fused with the bias in one pass (compare and blend, as {@link Elementwise} does).
     */
    private static void epilogueInPlace(int rows, int cols, float[] c, int base, int ldc,
                                        float[] bias, int biasOff, Activation act) {
        if (act == Activation.RELU && bias != null) {
            biasRelu(rows, cols, c, base, ldc, bias, biasOff);
            return;
        }
        boolean activate = act != Activation.LINEAR && act != Activation.SOFTMAX;
        for (int r = 0; r < rows; r++) {
            int row = base + r * ldc;
            if (bias != null) {
                addBias(cols, c, row, bias, biasOff);
            }
            if (activate) {
                Elementwise.activate(act, cols, c, row, c, row);
            }
        }
    }

    /** {@code c[row + j] += bias[biasOff + j]} for {@code cols} values. */
    private static void addBias(int cols, float[] c, int row, float[] bias, int biasOff) {
        int j = 0;
        for (int cv = F.loopBound(cols); j < cv; j += L) {
            FloatVector.fromArray(F, c, row + j).add(FloatVector.fromArray(F, bias, biasOff + j)).intoArray(c, row + j);
        }
        for (; j < cols; j++) {
            c[row + j] += bias[biasOff + j];
        }
    }

    /** Bias then ReLU in one pass over a tile of C. */
    private static void biasRelu(int rows, int cols, float[] c, int base, int ldc, float[] bias, int biasOff) {
        int cv = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = base + r * ldc;
            int j = 0;
            for (; j < cv; j += L) {
                FloatVector z = FloatVector.fromArray(F, c, row + j).add(FloatVector.fromArray(F, bias, biasOff + j));
                FloatVector.zero(F).blend(z, z.compare(VectorOperators.GT, 0f)).intoArray(c, row + j);
            }
            for (; j < cols; j++) {
                float z = c[row + j] + bias[biasOff + j];
                c[row + j] = z > 0 ? z : 0f;
            }
        }
    }

    /** {@code C[t][r] (+)= tile[r][t]} for the valid rows and columns of a tile. */
    private static void storeTransposed(int rows, int cols, int width, float[] tile,
                                        float[] c, int cBase, int ldc, boolean accumulate) {
        for (int t = 0; t < cols; t++) {
            int ci = cBase + t * ldc;
            if (accumulate) {
                for (int r = 0, ti = t; r < rows; r++, ti += width) {
                    c[ci + r] += tile[ti];
                }
            } else {
                for (int r = 0, ti = t; r < rows; r++, ti += width) {
                    c[ci + r] = tile[ti];
                }
            }
        }
    }

    /** {@code C[r][t] (+)= tile[r][t]} for the valid part of a tile on the last, padded panel. */
    private static void storePartial(int rows, int cols, int width, float[] tile,
                                     float[] c, int cBase, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int ci = cBase + r * ldc;
            int ti = r * width;
            for (int t = 0; t < cols; t++) {
                c[ci + t] = accumulate ? c[ci + t] + tile[ti + t] : tile[ti + t];
            }
        }
    }

    // ---------------------------------------------------------------- dots: matrix-vector

    /** Number of tiles (blocks of {@value #DOT_ROWS} W rows) of the dot path. */
    static int dotTiles(int n) {
        return ceilDiv(n, DOT_ROWS);
    }

    /**
     * {@code C (m x n) (+)= A B} for a few rows of A (batch 1-3 backward, {@code dX = dZ W}):
     * B is streamed once per row in place, eight vectors of C held in registers down all of K
     * (eight independent FMA chains cover the FMA latency). Packing B for so few rows cost
     * three times the product itself. Each element is one FMA chain over K from zero.
     */
    static void fewRowsTimesMatrix(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                   float[] c, int cOff, boolean accumulate) {
        int nv = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            int j = 0;
            for (; j + 8 * L <= nv; j += 8 * L) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
                    FloatVector x = FloatVector.broadcast(F, a[aRow + p]);
                    s0 = x.fma(FloatVector.fromArray(F, b, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(F, b, bp + L), s1);
                    s2 = x.fma(FloatVector.fromArray(F, b, bp + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(F, b, bp + 3 * L), s3);
                    s4 = x.fma(FloatVector.fromArray(F, b, bp + 4 * L), s4);
                    s5 = x.fma(FloatVector.fromArray(F, b, bp + 5 * L), s5);
                    s6 = x.fma(FloatVector.fromArray(F, b, bp + 6 * L), s6);
                    s7 = x.fma(FloatVector.fromArray(F, b, bp + 7 * L), s7);
                }
                int ci = cRow + j;
                if (accumulate) {
                    s0 = s0.add(FloatVector.fromArray(F, c, ci));
                    s1 = s1.add(FloatVector.fromArray(F, c, ci + L));
                    s2 = s2.add(FloatVector.fromArray(F, c, ci + 2 * L));
                    s3 = s3.add(FloatVector.fromArray(F, c, ci + 3 * L));
                    s4 = s4.add(FloatVector.fromArray(F, c, ci + 4 * L));
                    s5 = s5.add(FloatVector.fromArray(F, c, ci + 5 * L));
                    s6 = s6.add(FloatVector.fromArray(F, c, ci + 6 * L));
                    s7 = s7.add(FloatVector.fromArray(F, c, ci + 7 * L));
                }
                s0.intoArray(c, ci);
                s1.intoArray(c, ci + L);
                s2.intoArray(c, ci + 2 * L);
                s3.intoArray(c, ci + 3 * L);
                s4.intoArray(c, ci + 4 * L);
                s5.intoArray(c, ci + 5 * L);
                s6.intoArray(c, ci + 6 * L);
                s7.intoArray(c, ci + 7 * L);
            }
            for (; j < nv; j += L) {
                FloatVector s = FloatVector.zero(F);
                for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
                    s = FloatVector.broadcast(F, a[aRow + p]).fma(FloatVector.fromArray(F, b, bp), s);
                }
                if (accumulate) {
                    s = s.add(FloatVector.fromArray(F, c, cRow + j));
                }
                s.intoArray(c, cRow + j);
            }
            for (; j < n; j++) {
                float sum = 0f;
                for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
                    sum = Math.fma(a[aRow + p], b[bp], sum);
                }
                c[cRow + j] = accumulate ? c[cRow + j] + sum : sum;
            }
        }
    }

    /**
     * Tiles {@code [from, to)} of {@code C (m x n) (+)= A B^T} as dot products: each output is
     * one vector FMA chain over the full vectors of K, whose lanes are then summed in a fixed
     * order ({@link VectorMath#sumLanes}), then the scalar K tail fused on in order; the same
     * in the 8-row block and the single-row tail. Accumulators leave registers only through
     * {@code intoArray} into {@code lanes} (at least {@code 8 L} floats): a vector handed to a
     * method C2 does not inline would be boxed.
     */
    static void dots(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate, float[] lanes, int from, int to) {
        int kv = F.loopBound(k);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < to; t++) {
                int j0 = t * DOT_ROWS;
                int rows = Math.min(DOT_ROWS, n - j0);
                if (rows == DOT_ROWS) {
                    dot8(kv, a, aRow, b, bOff + j0 * k, k, lanes);
                } else {
                    for (int r = 0; r < rows; r++) {
                        int bRow = bOff + (j0 + r) * k;
                        FloatVector s = FloatVector.zero(F);
                        for (int p = 0; p < kv; p += L) {
                            s = FloatVector.fromArray(F, a, aRow + p).fma(FloatVector.fromArray(F, b, bRow + p), s);
                        }
                        s.intoArray(lanes, r * L);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    int bRow = bOff + (j0 + r) * k;
                    float sum = VectorMath.sumLanes(lanes, r * L);
                    for (int p = kv; p < k; p++) {
                        sum = Math.fma(a[aRow + p], b[bRow + p], sum);
                    }
                    int ci = cRow + j0 + r;
                    c[ci] = accumulate ? c[ci] + sum : sum;
                }
            }
        }
    }

    /** Eight dot products of A's row with eight B rows {@code k} apart; the accumulators go to {@code lanes}. */
    private static void dot8(int kv, float[] a, int aRow, float[] b, int bRow, int k, float[] lanes) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int b1 = bRow + k, b2 = b1 + k, b3 = b2 + k, b4 = b3 + k, b5 = b4 + k, b6 = b5 + k, b7 = b6 + k;
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            s0 = x.fma(FloatVector.fromArray(F, b, bRow + p), s0);
            s1 = x.fma(FloatVector.fromArray(F, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(F, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(F, b, b3 + p), s3);
            s4 = x.fma(FloatVector.fromArray(F, b, b4 + p), s4);
            s5 = x.fma(FloatVector.fromArray(F, b, b5 + p), s5);
            s6 = x.fma(FloatVector.fromArray(F, b, b6 + p), s6);
            s7 = x.fma(FloatVector.fromArray(F, b, b7 + p), s7);
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, L);
        s2.intoArray(lanes, 2 * L);
        s3.intoArray(lanes, 3 * L);
        s4.intoArray(lanes, 4 * L);
        s5.intoArray(lanes, 5 * L);
        s6.intoArray(lanes, 6 * L);
        s7.intoArray(lanes, 7 * L);
    }

    // ---------------------------------------------------------------- bf16 weights

    /**
     * {@code L} bf16 values from {@code w[off]} widened exactly to float32: shorts sign-extended
     * to ints, shifted left by 16 (the extension bits fall off), reinterpreted as floats.
     * Available on JDK 17's Vector API (no half-float types needed).
     */
    static FloatVector widenBf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(HALF, w, off).convertShape(VectorOperators.S2I, INT, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** {@code out[outOff + i] = widen(w[wOff + i])} for {@code len} values. */
    static void widenBf16(int len, short[] w, int wOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            widenBf16(w, wOff + i).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Bf16.widen(w[wOff + i]);
        }
    }

    /**
     * {@link #dots} with B held as bf16 ({@code n x k} shorts): each weight vector is widened in
     * registers before its FMA, so the product streams 2 bytes per weight instead of 4. Same
     * tiles, same summation order over the widened values as {@link #dots} over float weights.
     */
    static void dotsBf16(int m, int n, int k, float[] a, int aOff, short[] b, int bOff,
                         float[] c, int cOff, float[] lanes, int from, int to) {
        int kv = F.loopBound(k);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < to; t++) {
                int j0 = t * DOT_ROWS;
                int rows = Math.min(DOT_ROWS, n - j0);
                if (rows == DOT_ROWS) {
                    dot8Bf16(kv, a, aRow, b, bOff + j0 * k, k, lanes);
                } else {
                    for (int r = 0; r < rows; r++) {
                        int bRow = bOff + (j0 + r) * k;
                        FloatVector s = FloatVector.zero(F);
                        for (int p = 0; p < kv; p += L) {
                            s = FloatVector.fromArray(F, a, aRow + p).fma(widenBf16(b, bRow + p), s);
                        }
                        s.intoArray(lanes, r * L);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    int bRow = bOff + (j0 + r) * k;
                    float sum = VectorMath.sumLanes(lanes, r * L);
                    for (int p = kv; p < k; p++) {
                        sum = Math.fma(a[aRow + p], Bf16.widen(b[bRow + p]), sum);
                    }
                    c[cRow + j0 + r] = sum;
                }
            }
        }
    }

    /** {@link #dot8} over eight bf16 rows. */
    private static void dot8Bf16(int kv, float[] a, int aRow, short[] b, int bRow, int k, float[] lanes) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int b1 = bRow + k, b2 = b1 + k, b3 = b2 + k, b4 = b3 + k, b5 = b4 + k, b6 = b5 + k, b7 = b6 + k;
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(F, a, aRow + p);
            s0 = x.fma(widenBf16(b, bRow + p), s0);
            s1 = x.fma(widenBf16(b, b1 + p), s1);
            s2 = x.fma(widenBf16(b, b2 + p), s2);
            s3 = x.fma(widenBf16(b, b3 + p), s3);
            s4 = x.fma(widenBf16(b, b4 + p), s4);
            s5 = x.fma(widenBf16(b, b5 + p), s5);
            s6 = x.fma(widenBf16(b, b6 + p), s6);
            s7 = x.fma(widenBf16(b, b7 + p), s7);
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, L);
        s2.intoArray(lanes, 2 * L);
        s3.intoArray(lanes, 3 * L);
        s4.intoArray(lanes, 4 * L);
        s5.intoArray(lanes, 5 * L);
        s6.intoArray(lanes, 6 * L);
        s7.intoArray(lanes, 7 * L);
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
