package dev.vecmlp.kernel;

import dev.vecmlp.model.Activation;

/**
 * Every elementwise activation and its derivative for one value, in {@code double}: the formulas
 * of {@link Activation} as the reference backend computes them, and the scalar code the EJML
 * backend shares. {@code erfc} (for the exact GELU) has no {@code java.lang.Math} twin, so it is
 * computed here: below 3 from the all-positive series
 * {@code erf x = 2/sqrt(pi) e^-x^2 sum 2^n x^(2n+1) / (2n+1)!!} (no cancellation), above from
 * the continued fraction {@code erfc x = e^-x^2 / sqrt(pi) / (x + 1/2 / (x + 1 / (x + 3/2 / ...)))};
 * both agree with tabulated values to about 1e-15 relative (checked by a test).
 */
public final class ScalarActivations {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final int FRACTION_TERMS = 120;

    private ScalarActivations() {
    }

    /** {@code f(z)}; {@code parameter} is the leaky slope or the ELU alpha, ignored by the others. */
    public static double apply(Activation f, double parameter, double z) {
        switch (f) {
            case LINEAR: return z;
            case RELU: return z > 0 ? z : 0;
            case SIGMOID: return sigmoid(z);
            case TANH: return Math.tanh(z);
            case LEAKY_RELU: return z > 0 ? z : parameter * z;
            case GELU: return z * phi(z);
            case ELU: return z > 0 ? z : parameter * Math.expm1(z);
            case SILU: return z * sigmoid(z);
            case SOFTPLUS: return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            default: throw new IllegalArgumentException("expected an elementwise activation, found " + f);
        }
    }

    /**
     * {@code f'(z)}, written through the output {@code y = f(z)} where the activation allows it,
     * and through {@code z} for {@link Activation#needsPreActivation()} ones ({@code z} is ignored
     * by the others and may be anything).
     */
    public static double derivative(Activation f, double parameter, double z, double y) {
        switch (f) {
            case LINEAR: return 1;
            case RELU: return y > 0 ? 1 : 0;
            case SIGMOID: return y * (1 - y);
            case TANH: return 1 - y * y;
            case LEAKY_RELU: return y > 0 ? 1 : parameter;
            case ELU: return y > 0 ? 1 : y + parameter;
            case SOFTPLUS: return -Math.expm1(-y);
            case GELU: return phi(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
            case SILU: {
                double s = sigmoid(z);
                return s * (1 + z * (1 - s));
            }
            default: throw new IllegalArgumentException(
                    "expected an elementwise activation (softmax is differentiated with its loss), found " + f);
        }
    }

    /** {@code 1 / (1 + e^-z)} with two branches so {@code exp} never overflows. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** The standard normal distribution function {@code Phi(z) = erfc(-z / sqrt 2) / 2}, accurate in both tails. */
    public static double phi(double z) {
        double x = Math.abs(z) * SQRT_HALF;
        double half = 0.5 * erfc(x);
        return z >= 0 ? 1 - half : half;
    }

    /** The complementary error function for {@code x >= 0} (NaN stays NaN). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 3) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 0; n < 200 && term > 1e-18 * sum; n++) {
                term *= 2 * x2 / (2 * n + 3);
                sum += term;
            }
            return 1 - 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
        }
        if (x > 27) {
            return 0;
        }
        double f = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) {
            f = x + 0.5 * k / f;
        }
        return Math.exp(-x * x) * INV_SQRT_PI / f;
    }
}
