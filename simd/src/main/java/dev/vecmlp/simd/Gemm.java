package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.vecmlp.simd.MicroKernels.*;

/**
 * The GEMM drivers: how an {@code m x n x k} product is cut into micro-kernel tiles, which
 * operand is packed, and in what order tiles are visited. Every driver works on a range of
 * tiles {@code [from, to)} so the thread pool can hand disjoint ranges to threads; the tile
 * grid depends only on the shape, never on the thread count, which keeps results bit-identical.
 *
 * <p>Three paths, chosen by shape (see {@link SimdKernels}):
 * <ul>
 *   <li><b>direct</b> ({@code C = A B} and {@code C = A^T B}): 8x3 tiles read B's rows in place
 *       and broadcast A's elements through strides, K blocked at {@value #KC} so a B panel
 *       stays in L1/L2 across the row blocks that reuse it. Forward products with fewer outputs
 *       than batch rows (a 10-class head) also take this path after packing the small {@code W^T}.</li>
 *   <li><b>transposed</b> ({@code Z = X W^T}, batch of at least 4 rows): computes
 *       {@code Z^T = W X^T} with the broadcast kernels after packing {@code X^T} into K-major
 *       panels (measured 1.4-3x faster than dot products), then writes each tile back
 *       transposed with bias and activation fused in.</li>
 *   <li><b>dots</b> ({@code Z = X W^T} with 1-3 rows, matrix-vector): dot products over K,
 *       eight W rows at a time, reduced across lanes once at the end.</li>
 * </ul>
 */
final class Gemm {
    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = Lanes.LENGTH;

    /** K block of the direct path: 256 rows of a 3-vector B panel are 48 KiB at 512 bits. */
    static final int KC = 256;
    /** Rows of a direct tile. */
    static final int DIRECT_ROWS = 8;
    /** Columns of a direct tile (three vectors). */
    static final int DIRECT_COLS = 3 * L;
    /** W rows per dot-product block (8 independent FMA chains hide the FMA latency). */
    static final int DOT_ROWS = 8;

    /** Masks with the first {@code i} lanes set, for the last partial vector of a row. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] TAIL = new VectorMask[L + 1];

    static {
        for (int i = 0; i <= L; i++) {
            TAIL[i] = F.indexInRange(0, i);
        }
    }

    private Gemm() {
    }

    // ---------------------------------------------------------------- direct: C (+)= op(A) B

    /** Number of tiles of the direct path. */
    static int directTiles(int m, int n) {
        return ceilDiv(m, DIRECT_ROWS) * ceilDiv(n, DIRECT_COLS);
    }

    /**
     * Tiles {@code [from, to)} of {@code C (m x n) (+)= A' B}: A' element {@code (i, p)} is
     * {@code a[aOff + i * aRs + p * aCs]}, B row {@code p} starts at {@code b[bOff + p * ldb]}.
     * Tiles run column block by column block so consecutive tiles share a B panel.
     */
    static void direct(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                       float[] b, int bOff, int ldb, float[] c, int cOff, boolean accumulate,
                       int from, int to) {
        int rowBlocks = ceilDiv(m, DIRECT_ROWS);
        for (int k0 = 0; k0 < k || k0 == 0; k0 += KC) {
            int kLen = Math.min(KC, k - k0);
            boolean acc = accumulate || k0 > 0;
            for (int t = from; t < to; t++) {
                int i0 = (t % rowBlocks) * DIRECT_ROWS;
                int j0 = (t / rowBlocks) * DIRECT_COLS;
                directTile(Math.min(DIRECT_ROWS, m - i0), Math.min(DIRECT_COLS, n - j0), kLen,
                        a, aOff + i0 * aRs + k0 * aCs, aRs, aCs,
                        b, bOff + k0 * ldb + j0, ldb, c, cOff + i0 * n + j0, n, acc);
            }
            if (k == 0) {
                break;
            }
        }
    }

    private static void directTile(int rows, int cols, int kLen, float[] a, int aBase, int aRs, int aCs,
                                   float[] b, int bBase, int ldb, float[] c, int cBase, int ldc, boolean acc) {
        if (rows == DIRECT_ROWS) {
            int j = 0;
            if (cols == DIRECT_COLS) {
                k8x3(kLen, a, aBase, aRs, aCs, b, bBase, ldb, c, cBase, ldc, acc);
                return;
            }
            for (; j + L <= cols; j += L) {
                k8x1(kLen, a, aBase, aRs, aCs, b, bBase + j, ldb, c, cBase + j, ldc, acc);
            }
            if (j < cols) {
                k8x1Masked(kLen, a, aBase, aRs, aCs, b, bBase + j, ldb, c, cBase + j, ldc, acc, TAIL[cols - j]);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int aRow = aBase + r * aRs;
            int cRow = cBase + r * ldc;
            int j = 0;
            if (cols == DIRECT_COLS) {
                k1x3(kLen, a, aRow, aRs, aCs, b, bBase, ldb, c, cRow, ldc, acc);
                continue;
            }
            for (; j + L <= cols; j += L) {
                k1x1(kLen, a, aRow, aRs, aCs, b, bBase + j, ldb, c, cRow + j, ldc, acc);
            }
            if (j < cols) {
                k1x1Masked(kLen, a, aRow, aRs, aCs, b, bBase + j, ldb, c, cRow + j, ldc, acc, TAIL[cols - j]);
            }
        }
    }

    // ---------------------------------------------------------------- transposed: Z = X W^T via Z^T = W X^T

    /** Vectors per panel column block for a batch of {@code m} rows: 2 (12x2 tiles) when that pads less. */
    static int panelVectors(int m) {
        int vectors = ceilDiv(m, L);
        return ceilDiv(vectors, 2) * 2 <= ceilDiv(vectors, 3) * 3 ? 2 : 3;
    }

    /** Rows of W per transposed tile for panels of {@code v} vectors (24 accumulators either way). */
    static int transposedRows(int v) {
        return v == 3 ? 8 : 12;
    }

    /** Size of the packed {@code X^T} for {@link #packTransposed}. */
    static int packedSize(int m, int k, int v) {
        int width = v * L;
        return ceilDiv(m, width) * width * k;
    }

    /**
     * Packs {@code X^T} ({@code X} is {@code m x k}) into K-major panels {@code v * L} columns
     * wide: panel {@code q} holds {@code pk[q*k*w + p*w + t] = X[q*w + t][p]}, zero past row m,
     * so the kernels never need a mask.
     */
    static void packTransposed(int m, int k, float[] x, int xOff, int v, float[] pk) {
        int width = v * L;
        int panels = ceilDiv(m, width);
        for (int q = 0; q < panels; q++) {
            int base = q * k * width;
            for (int t = 0; t < width; t++) {
                int i = q * width + t;
                int dst = base + t;
                if (i < m) {
                    int src = xOff + i * k;
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

    /** Number of tiles (blocks of W rows) of the transposed path. */
    static int transposedTiles(int n, int v) {
        return ceilDiv(n, transposedRows(v));
    }

    /**
     * Tiles {@code [from, to)} of {@code Z (m x n) (+)= X W^T} from the packed {@code X^T}: each
     * tile is a block of W rows against every panel; the accumulators go to {@code tile} and come
     * back transposed, with {@code bias} (may be null) and the elementwise activation applied on
     * the way ({@code act} LINEAR or SOFTMAX: none here).
     */
    static void transposed(int m, int n, int k, float[] pk, int v, float[] w, int wOff,
                           float[] c, int cOff, boolean accumulate, float[] bias, int biasOff,
                           Activation act, float[] tile, int from, int to) {
        int width = v * L;
        int rowsPerTile = transposedRows(v);
        int panels = ceilDiv(m, width);
        for (int t = from; t < to; t++) {
            int j0 = t * rowsPerTile;
            int rows = Math.min(rowsPerTile, n - j0);
            int wBase = wOff + j0 * k;
            for (int q = 0; q < panels; q++) {
                int pBase = q * k * width;
                if (rows == rowsPerTile) {
                    if (v == 3) {
                        k8x3(k, w, wBase, k, 1, pk, pBase, width, tile, 0, width, false);
                    } else {
                        k12x2(k, w, wBase, k, 1, pk, pBase, width, tile, 0, width, false);
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        if (v == 3) {
                            k1x3(k, w, wBase + r * k, k, 1, pk, pBase, width, tile, r * width, width, false);
                        } else {
                            k1x2(k, w, wBase + r * k, k, 1, pk, pBase, width, tile, r * width, width, false);
                        }
                    }
                }
                epilogue(rows, width, tile, bias, bias == null ? 0 : biasOff + j0, act);
                int i0 = q * width;
                storeTransposed(rows, Math.min(width, m - i0), width, tile, c, cOff + i0 * n + j0, n, accumulate);
            }
        }
    }

    /** Adds each tile row's bias and applies the elementwise activation, in vector registers. */
    private static void epilogue(int rows, int width, float[] tile, float[] bias, int biasOff, Activation act) {
        boolean elementwise = act != Activation.LINEAR && act != Activation.SOFTMAX;
        if (bias == null && !elementwise) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            float add = bias == null ? 0f : bias[biasOff + r];
            for (int j = r * width, end = j + width; j < end; j += L) {
                FloatVector z = FloatVector.fromArray(F, tile, j);
                if (bias != null) {
                    z = z.add(add);
                }
                if (elementwise) {
                    z = Elementwise.activate(act, z);
                }
                z.intoArray(tile, j);
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

    /** Packs {@code W^T} ({@code W} is {@code n x k}) row-major {@code k x n} for the direct path. */
    static void packRowsTransposed(int n, int k, float[] w, int wOff, float[] pk) {
        for (int j = 0; j < n; j++) {
            int src = wOff + j * k;
            for (int p = 0, dst = j; p < k; p++, dst += n) {
                pk[dst] = w[src + p];
            }
        }
    }

    // ---------------------------------------------------------------- dots: matrix-vector

    /** Number of tiles (blocks of {@value #DOT_ROWS} W rows) of the dot path. */
    static int dotTiles(int n) {
        return ceilDiv(n, DOT_ROWS);
    }

    /**
     * Tiles {@code [from, to)} of {@code C (m x n) (+)= A B^T} as dot products: each output is
     * one vector FMA chain over the full vectors of K, reduced across lanes, then the scalar K
     * tail fused on in order, the same in the 8-row block and the single-row tail.
     */
    static void dots(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate, int from, int to) {
        int kv = F.loopBound(k);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int t = from; t < to; t++) {
                int j0 = t * DOT_ROWS;
                int rows = Math.min(DOT_ROWS, n - j0);
                if (rows == DOT_ROWS) {
                    dot8(k, kv, a, aRow, b, bOff + j0 * k, c, cRow + j0, accumulate);
                } else {
                    for (int r = 0; r < rows; r++) {
                        int bRow = bOff + (j0 + r) * k;
                        FloatVector s = FloatVector.zero(F);
                        for (int p = 0; p < kv; p += L) {
                            s = FloatVector.fromArray(F, a, aRow + p).fma(FloatVector.fromArray(F, b, bRow + p), s);
                        }
                        put(c, cRow + j0 + r, finish(s, k, kv, a, aRow, b, bRow), accumulate);
                    }
                }
            }
        }
    }

    private static void dot8(int k, int kv, float[] a, int aRow, float[] b, int bRow, float[] c, int ci, boolean acc) {
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
        put(c, ci, finish(s0, k, kv, a, aRow, b, bRow), acc);
        put(c, ci + 1, finish(s1, k, kv, a, aRow, b, b1), acc);
        put(c, ci + 2, finish(s2, k, kv, a, aRow, b, b2), acc);
        put(c, ci + 3, finish(s3, k, kv, a, aRow, b, b3), acc);
        put(c, ci + 4, finish(s4, k, kv, a, aRow, b, b4), acc);
        put(c, ci + 5, finish(s5, k, kv, a, aRow, b, b5), acc);
        put(c, ci + 6, finish(s6, k, kv, a, aRow, b, b6), acc);
        put(c, ci + 7, finish(s7, k, kv, a, aRow, b, b7), acc);
    }

    private static float finish(FloatVector s, int k, int kv, float[] a, int aRow, float[] b, int bRow) {
        float sum = VectorMath.sum(s);
        for (int p = kv; p < k; p++) {
            sum = Math.fma(a[aRow + p], b[bRow + p], sum);
        }
        return sum;
    }

    private static void put(float[] c, int index, float value, boolean accumulate) {
        c[index] = accumulate ? c[index] + value : value;
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
