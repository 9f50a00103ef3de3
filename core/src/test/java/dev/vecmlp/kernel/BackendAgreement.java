package dev.vecmlp.kernel;

import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checks behind the backend-agreement properties (core runs them on EJML, the simd module
 * on SIMD): on a generated shape, a backend's three GEMM forms and a whole network's forward
 * pass and gradients agree with {@link ReferenceKernels}, within error bounds that grow with
 * the reduction length (see {@link KernelConformanceTest} for the GEMM bound).
 */
public final class BackendAgreement {
    private static final double U = Math.ulp(1.0f) / 2; // 2^-24
    private static final Kernels REFERENCE = ReferenceKernels.INSTANCE;

    private BackendAgreement() {
    }

    /** {@code gemmNT}, {@code gemmNN} and {@code gemmTN}, with and without accumulation, on an m x n x k product. */
    public static void gemmsAgree(Kernels candidate, int m, int n, int k, long seed, boolean accumulate) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(m * k, r);
        float[] b = random(n * k, r);
        float[] c0 = random(m * n, r);
        for (String form : List.of("NT", "NN", "TN")) {
            float[] expected = c0.clone();
            float[] actual = c0.clone();
            run(REFERENCE, form, m, n, k, a, b, expected, accumulate);
            run(candidate, form, m, n, k, a, b, actual, accumulate);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double magnitude = accumulate ? Math.abs(c0[i * n + j]) : 0;
                    for (int p = 0; p < k; p++) {
                        magnitude += Math.abs(aAt(form, a, i, p, m, k) * bAt(form, b, p, j, n, k));
                    }
                    double e = expected[i * n + j];
                    double bound = 2 * ((k + 2) * U * magnitude + U * Math.abs(e)) + Float.MIN_NORMAL;
                    double diff = Math.abs(actual[i * n + j] - e);
                    if (!(diff <= bound)) {
                        fail(candidate.name() + " gemm" + form + " " + m + "x" + n + "x" + k + (accumulate ? " +=" : "")
                                + " at (" + i + ", " + j + "): expected " + e + ", found " + actual[i * n + j]
                                + " (difference " + diff + ", bound " + bound + ")");
                    }
                }
            }
        }
    }

    /**
     * A network of the given widths (tanh and sigmoid hidden layers, smooth so a rounding
     * difference cannot flip a ReLU) run forward and backward on {@code rows} rows: outputs,
     * loss and every gradient element agree with the reference within {@code 64 u} times the
     * total reduction length, relative to the largest magnitude of each quantity.
     */
    public static void networksAgree(Kernels candidate, int inputs, List<Integer> widths, int rows, long seed,
                                     Activation output) {
        Mlp reference = build(REFERENCE, inputs, widths, seed, output);
        Mlp other = build(candidate, inputs, widths, seed, output);
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        float[] x = random(rows * inputs, r);
        int outWidth = widths.get(widths.size() - 1);
        float[] y = new float[rows * outWidth];
        for (int i = 0; i < rows; i++) {
            y[i * outWidth + r.nextInt(outWidth)] = 1; // one-hot: a valid target for every loss used here
        }
        long reduction = inputs + rows;
        for (int w : widths) {
            reduction += w;
        }
        double tolerance = 64 * U * reduction;
        Workspace wr = reference.newWorkspace(rows);
        Workspace wo = other.newWorkspace(rows);
        Gradients gr = reference.newGradients();
        Gradients go = other.newGradients();
        double lr = reference.computeGradients(wr, x, 0, y, 0, rows, gr);
        double lo = other.computeGradients(wo, x, 0, y, 0, rows, go);
        if (!(Math.abs(lr - lo) <= tolerance * (1 + Math.abs(lr)))) {
            fail(candidate.name() + " loss: expected " + lr + ", found " + lo + " (tolerance " + tolerance + ")");
        }
        close(candidate.name() + " outputs", wr.output(), wo.output(), rows * outWidth, tolerance);
        close(candidate.name() + " gradients", gr.values(), go.values(), gr.values().length, tolerance);
    }

    private static void close(String what, float[] expected, float[] actual, int len, double tolerance) {
        double scale = 0;
        for (int i = 0; i < len; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < len; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= tolerance * (scale + 1e-6))) {
                fail(what + " at " + i + ": expected " + expected[i] + ", found " + actual[i] + " (difference " + diff
                        + ", allowed " + tolerance * (scale + 1e-6) + ")");
            }
        }
    }

    private static Mlp build(Kernels kernels, int inputs, List<Integer> widths, long seed, Activation output) {
        Mlp.Builder b = Mlp.builder(inputs).seed(seed).kernels(kernels);
        for (int l = 0; l < widths.size() - 1; l++) {
            b.hidden(widths.get(l), l % 2 == 0 ? Activation.TANH : Activation.SIGMOID);
        }
        return b.output(widths.get(widths.size() - 1), output).build();
    }

    private static void run(Kernels k, String form, int m, int n, int kk, float[] a, float[] b, float[] c, boolean acc) {
        switch (form) {
            case "NT" -> k.gemmNT(m, n, kk, a, 0, b, 0, c, 0, acc);
            case "NN" -> k.gemmNN(m, n, kk, a, 0, b, 0, c, 0, acc);
            default -> k.gemmTN(m, n, kk, a, 0, b, 0, c, 0, acc);
        }
    }

    /** A's element (i, p) of the product: A is m x k, except for TN where it is k x m. */
    private static double aAt(String form, float[] a, int i, int p, int m, int k) {
        return form.equals("TN") ? a[p * m + i] : a[i * k + p];
    }

    /** B's element (p, j): B is n x k for NT, k x n otherwise. */
    private static double bAt(String form, float[] b, int p, int j, int n, int k) {
        return form.equals("NT") ? b[j * k + p] : b[p * n + j];
    }

    private static float[] random(int len, SplittableRandom r) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian()));
        }
        return v;
    }
}
