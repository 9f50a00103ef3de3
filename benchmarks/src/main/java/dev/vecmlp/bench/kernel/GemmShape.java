package dev.vecmlp.bench.kernel;

import dev.vecmlp.kernel.Kernels;

/**
 * The three GEMMs of training a dense layer with {@code in} inputs and {@code out} outputs on a
 * batch of {@code batch} rows, as {@code C (m x n) = op(A) op(B)} with reduction length {@code k}:
 * <ul>
 *   <li>{@link #NT} forward {@code Z = X W^T}: m = batch, n = out, k = in;</li>
 *   <li>{@link #NN} backward {@code dX = dZ W}: m = batch, n = in, k = out;</li>
 *   <li>{@link #TN} weight gradient {@code dW = dZ^T X}: m = out, n = in, k = batch.</li>
 * </ul>
 * Each costs {@code 2 m n k = 2 batch in out} flops.
 */
public enum GemmShape {
    NT("forward X W^T", Dim.BATCH, Dim.OUT, Dim.IN),
    NN("backward dZ W", Dim.BATCH, Dim.IN, Dim.OUT),
    TN("weight gradient dZ^T X", Dim.OUT, Dim.IN, Dim.BATCH);

    /** Which layer dimension a GEMM size is. */
    private enum Dim {
        BATCH, IN, OUT;

        int of(int batch, int in, int out) {
            return this == BATCH ? batch : this == IN ? in : out;
        }
    }

    private final String role;
    private final Dim m;
    private final Dim n;
    private final Dim k;

    GemmShape(String role, Dim m, Dim n, Dim k) {
        this.role = role;
        this.m = m;
        this.n = n;
        this.k = k;
    }

    /** What the product computes in training, e.g. {@code forward X W^T}. */
    public String role() {
        return role;
    }

    public int m(int batch, int in, int out) {
        return m.of(batch, in, out);
    }

    public int n(int batch, int in, int out) {
        return n.of(batch, in, out);
    }

    public int k(int batch, int in, int out) {
        return k.of(batch, in, out);
    }

    /** Elements of the left operand (m x k, or k x m for {@link #TN}). */
    public long aLength(int batch, int in, int out) {
        return (long) m(batch, in, out) * k(batch, in, out);
    }

    /** Elements of the right operand (n x k for {@link #NT}, k x n otherwise). */
    public long bLength(int batch, int in, int out) {
        return (long) n(batch, in, out) * k(batch, in, out);
    }

    /** {@code 2 m n k}. */
    public static double flops(int batch, int in, int out) {
        return 2.0 * batch * in * out;
    }

    /** Runs the product (overwriting {@code c}). */
    public void run(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c) {
        switch (this) {
            case NT:
                kernels.gemmNT(m, n, k, a, 0, b, 0, c, 0, false);
                break;
            case NN:
                kernels.gemmNN(m, n, k, a, 0, b, 0, c, 0, false);
                break;
            case TN:
                kernels.gemmTN(m, n, k, a, 0, b, 0, c, 0, false);
                break;
            default:
                throw new AssertionError(this);
        }
    }
}
