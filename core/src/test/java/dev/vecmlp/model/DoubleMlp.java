package dev.vecmlp.model;

/**
 * An independent double-precision forward pass and loss of an {@link Mlp}'s architecture,
 * written straight from the formulas, for finite-difference checks. Shares no code with the
 * kernels under test.
 */
final class DoubleMlp {
    private final Mlp shape;
    private final double[] theta;
    /** Dropout masks per layer (null: none), applied to hidden outputs as training does. */
    private float[][] masks;

    DoubleMlp(Mlp mlp) {
        this.shape = mlp;
        float[] p = mlp.parameters();
        theta = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            theta[i] = p[i];
        }
    }

    /** Uses these per-layer masks (entries 0 or 1/(1-p); null layers unmasked) in every forward pass. */
    void masks(float[][] masks) {
        this.masks = masks;
    }

    double[] parameters() {
        return theta;
    }

    /** Output-layer logits ({@code last=true} returns pre-activations of the last layer). */
    double[][] forward(float[] x, int batch, double[] minAbsZ) {
        double[][] a = new double[batch][];
        for (int r = 0; r < batch; r++) {
            a[r] = new double[shape.inputWidth()];
            for (int j = 0; j < a[r].length; j++) {
                a[r][j] = x[r * shape.inputWidth() + j];
            }
        }
        for (int l = 0; l < shape.layerCount(); l++) {
            Dense d = shape.layer(l);
            boolean last = l == shape.layerCount() - 1;
            double[][] next = new double[batch][d.outputs()];
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < d.outputs(); o++) {
                    double z = theta[d.biasOffset() + o];
                    for (int i = 0; i < d.inputs(); i++) {
                        z += theta[d.weightOffset() + o * d.inputs() + i] * a[r][i];
                    }
                    if (!last && minAbsZ != null) {
                        minAbsZ[0] = Math.min(minAbsZ[0], Math.abs(z));
                    }
                    next[r][o] = last ? z : f(d.activation(), d.activationParameter(), z);
                    if (!last && masks != null && masks[l] != null) {
                        next[r][o] *= masks[l][r * d.outputs() + o];
                    }
                }
            }
            a = next;
        }
        return a;
    }

    double minAbsPreActivation(float[] x, int batch) {
        double[] min = {Double.POSITIVE_INFINITY};
        forward(x, batch, min);
        return min[0];
    }

    /** The mean loss, as defined in SPEC.md, from the logits. */
    double loss(float[] x, float[] y, int batch) {
        double[][] z = forward(x, batch, null);
        int n = shape.outputWidth();
        Activation outAct = shape.layer(shape.layerCount() - 1).activation();
        double total = 0;
        for (int r = 0; r < batch; r++) {
            if (shape.loss() == Loss.CROSS_ENTROPY) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z[r]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : z[r]) {
                    sum += Math.exp(v - max);
                }
                for (int k = 0; k < n; k++) {
                    double logp = z[r][k] - max - Math.log(sum);
                    total -= y[r * n + k] * logp;
                }
            } else {
                for (int k = 0; k < n; k++) {
                    double p = f(outAct, shape.layer(shape.layerCount() - 1).activationParameter(), z[r][k]);
                    double t = y[r * n + k];
                    if (shape.loss() == Loss.MSE) {
                        total += (p - t) * (p - t);
                    } else {
                        total -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
                    }
                }
            }
        }
        return shape.loss() == Loss.CROSS_ENTROPY ? total / batch : total / (batch * (double) n);
    }

    static double f(Activation a, double parameter, double z) {
        switch (a) {
            case LINEAR: return z;
            case RELU: return Math.max(0, z);
            case SIGMOID: return 1 / (1 + Math.exp(-z));
            case TANH: return Math.tanh(z);
            case LEAKY_RELU: return z > 0 ? z : parameter * z;
            case ELU: return z > 0 ? z : parameter * (Math.exp(z) - 1);
            case SILU: return z / (1 + Math.exp(-z));
            case SOFTPLUS: return Math.log(1 + Math.exp(z));
            case GELU: return 0.5 * z * (1 + erf(z / Math.sqrt(2)));
            default: throw new IllegalArgumentException(a.toString());
        }
    }

    /** erf by Simpson's rule on 2/sqrt(pi) e^-t^2 (independent of the library's series). */
    static double erf(double x) {
        int n = 4000;
        double h = x / n;
        double sum = 1 + Math.exp(-x * x);
        for (int i = 1; i < n; i++) {
            double t = i * h;
            sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
        }
        return sum * h / 3 * 2 / Math.sqrt(Math.PI);
    }
}
