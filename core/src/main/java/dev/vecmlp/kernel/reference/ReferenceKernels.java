package dev.vecmlp.kernel.reference;

import dev.vecmlp.kernel.KernelChecks;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.ScalarActivations;
import dev.vecmlp.model.Activation;

/**
 * The reference backend: every kernel of the SPI as the plainest loops that compute it, with
 * sums accumulated in {@code double}. It is the oracle every other backend is tested against,
 * so each method reads like its formula in {@link Kernels}; speed is not a goal.
 */
public final class ReferenceKernels implements Kernels {

    /** The single instance; the backend holds no state. */
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int vectorBitSize() {
        return 0;
    }

    @Override
    public int threads() {
        return 1;
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * k + p] * b[bOff + j * k + p];
                }
                store(c, cOff + i * n + j, sum, accumulate);
            }
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                store(c, cOff + i * n + j, sum, accumulate);
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        KernelChecks.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + p * m + i] * b[bOff + p * n + j];
                }
                store(c, cOff + i * n + j, sum, accumulate);
            }
        }
    }

    private static void store(float[] c, int index, double sum, boolean accumulate) {
        c[index] = accumulate ? (float) (c[index] + sum) : (float) sum;
    }

    // ---------------------------------------------------------------- layer forward

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff) {
        KernelChecks.matrix("C", m, n, c, cOff);
        KernelChecks.slice("bias", bias, biasOff, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * n + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void activate(Activation f, float parameter, int m, int n, float[] z, int zOff, float[] out, int outOff) {
        KernelChecks.activate(f, parameter, m, n, z, zOff, out, outOff);
        if (f == Activation.SOFTMAX) {
            for (int i = 0; i < m; i++) {
                softmaxRow(n, z, zOff + i * n, out, outOff + i * n);
            }
            return;
        }
        for (int i = 0; i < m * n; i++) {
            out[outOff + i] = (float) ScalarActivations.apply(f, parameter, z[zOff + i]);
        }
    }

    static double sigmoid(double z) {
        return ScalarActivations.sigmoid(z);
    }

    /** Writes softmax of one row; returns log(sum exp(z - max)) + max, the log-sum-exp. */
    private static double softmaxRow(int n, float[] z, int zOff, float[] out, int outOff) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[zOff + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(z[zOff + j] - max);
        }
        if (out != null) {
            for (int j = 0; j < n; j++) {
                out[outOff + j] = (float) (Math.exp(z[zOff + j] - max) / sum);
            }
        }
        return max + Math.log(sum);
    }

    @Override
    public void activationBackward(Activation f, float parameter, int len, float[] z, int zOff,
                                   float[] y, int yOff, float[] grad, int gradOff) {
        KernelChecks.activationBackward(f, parameter, len, z, zOff, y, yOff, grad, gradOff);
        boolean fromZ = f.needsPreActivation();
        for (int i = 0; i < len; i++) {
            double d = ScalarActivations.derivative(f, parameter, fromZ ? z[zOff + i] : 0, y[yOff + i]);
            grad[gradOff + i] = (float) (grad[gradOff + i] * d);
        }
    }

    // ---------------------------------------------------------------- losses

    @Override
    public double mseLoss(int m, int n, float[] yHat, int yHatOff, float[] y, int yOff,
                          float[] grad, int gradOff) {
        KernelChecks.loss("yHat", m, n, yHat, yHatOff, y, yOff, null, 0, grad, gradOff);
        int len = m * n;
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double diff = (double) yHat[yHatOff + i] - y[yOff + i];
            sum += diff * diff;
            if (grad != null) {
                grad[gradOff + i] = (float) (2 * diff / len);
            }
        }
        return len == 0 ? 0 : sum / len;
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                      float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        double total = 0;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            double lse = softmaxRow(n, z, zOff + row, null, 0);
            for (int j = 0; j < n; j++) {
                double target = y[yOff + row + j];
                // -y log softmax(z) = y (lse - z)
                total += target * (lse - z[zOff + row + j]);
                double p = Math.exp(z[zOff + row + j] - lse);
                if (probs != null) {
                    probs[probsOff + row + j] = (float) p;
                }
                if (grad != null) {
                    grad[gradOff + row + j] = (float) ((p - target) / m);
                }
            }
        }
        return m == 0 ? 0 : total / m;
    }

    @Override
    public double sigmoidBinaryCrossEntropy(int m, int n, float[] z, int zOff, float[] y, int yOff,
                                            float[] probs, int probsOff, float[] grad, int gradOff) {
        KernelChecks.loss("Z", m, n, z, zOff, y, yOff, probs, probsOff, grad, gradOff);
        int len = m * n;
        double total = 0;
        for (int i = 0; i < len; i++) {
            double zi = z[zOff + i];
            double target = y[yOff + i];
            // -[y log s + (1-y) log(1-s)] with s = sigmoid(z), rewritten on the logit.
            total += Math.max(zi, 0) - zi * target + Math.log1p(Math.exp(-Math.abs(zi)));
            double p = sigmoid(zi);
            if (probs != null) {
                probs[probsOff + i] = (float) p;
            }
            if (grad != null) {
                grad[gradOff + i] = (float) ((p - target) / len);
            }
        }
        return len == 0 ? 0 : total / len;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, float[] out, int outOff, boolean accumulate) {
        KernelChecks.matrix("A", m, n, a, aOff);
        KernelChecks.slice("out", out, outOff, n);
        KernelChecks.noOverlap("out", out, outOff, n, "A", a, aOff, (long) m * n);
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += a[aOff + i * n + j];
            }
            store(out, outOff + j, sum, accumulate);
        }
    }

    @Override
    public double sumOfSquares(int len, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += (double) x[xOff + i] * x[xOff + i];
        }
        return sum;
    }

    @Override
    public boolean allFinite(int len, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        for (int i = 0; i < len; i++) {
            if (!Float.isFinite(x[xOff + i])) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- updates

    @Override
    public void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        KernelChecks.slice("y", y, yOff, len);
        KernelChecks.inPlaceOrDisjoint("y", y, yOff, len, "x", x, xOff, len);
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int len, float alpha, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        for (int i = 0; i < len; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void clipByValue(int len, float limit, float[] x, int xOff) {
        KernelChecks.size("len", len);
        KernelChecks.slice("x", x, xOff, len);
        KernelChecks.nonNegative("limit", limit);
        for (int i = 0; i < len; i++) {
            x[xOff + i] = Math.max(-limit, Math.min(limit, x[xOff + i]));
        }
    }

    @Override
    public void momentumUpdate(int len, float lr, float momentum, boolean nesterov, float weightDecay,
                               float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        KernelChecks.momentumUpdate(len, w, wOff, g, gOff, v, vOff);
        for (int i = 0; i < len; i++) {
            float gi = g[gOff + i] + weightDecay * w[wOff + i];
            float vi = momentum * v[vOff + i] + gi;
            v[vOff + i] = vi;
            float step = nesterov ? gi + momentum * vi : vi;
            w[wOff + i] -= lr * step;
        }
    }

    @Override
    public void adamUpdate(int len, float lr, float beta1, float beta2, float eps, float weightDecay,
                           boolean decoupledWeightDecay, long t,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff,
                           float[] v, int vOff) {
        KernelChecks.adamUpdate(len, t, w, wOff, g, gOff, m, mOff, v, vOff);
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < len; i++) {
            double wi = w[wOff + i];
            double gi = g[gOff + i] + (decoupledWeightDecay ? 0 : weightDecay * wi);
            double mi = beta1 * m[mOff + i] + (1 - beta1) * gi;
            double vi = beta2 * v[vOff + i] + (1 - beta2) * gi * gi;
            m[mOff + i] = (float) mi;
            v[vOff + i] = (float) vi;
            double step = (mi / bias1) / (Math.sqrt(vi / bias2) + eps);
            if (decoupledWeightDecay) {
                step += weightDecay * wi;
            }
            w[wOff + i] = (float) (wi - lr * step);
        }
    }
}
