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
    NT("forward X W^T") {
        @Override
        public int m(int batch, int in, int out) {
            return batch;
        }

        @Override
        public int n(int batch, int in, int out) {
            return out;
        }

        @Override
        public int k(int batch, int in, int out) {
            return in;
        }

        @Override
        public void run(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c) {
            kernels.gemmNT(m, n, k, a, 0, b, 0, c, 0, false);
        }
    },
    NN("backward dZ W") {
        @Override
        public int m(int batch, int in, int out) {
            return batch;
        }

        @Override
        public int n(int batch, int in, int out) {
            return in;
        }

        @Override
        public int k(int batch, int in, int out) {
            return out;
        }

        @Override
        public void run(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c) {
            kernels.gemmNN(m, n, k, a, 0, b, 0, c, 0, false);
        }
    },
    TN("weight gradient dZ^T X") {
        @Override
        public int m(int batch, int in, int out) {
            return out;
        }

        @Override
        public int n(int batch, int in, int out) {
            return in;
        }

        @Override
        public int k(int batch, int in, int out) {
            return batch;
        }

        @Override
        public void run(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c) {
            kernels.gemmTN(m, n, k, a, 0, b, 0, c, 0, false);
        }
    };

    private final String role;

    GemmShape(String role) {
        this.role = role;
    }

    /** What the product computes in training, e.g. {@code forward X W^T}. */
    public String role() {
        return role;
    }

    public abstract int m(int batch, int in, int out);

    public abstract int n(int batch, int in, int out);

    public abstract int k(int batch, int in, int out);

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
    public abstract void run(Kernels kernels, int m, int n, int k, float[] a, float[] b, float[] c);
}
