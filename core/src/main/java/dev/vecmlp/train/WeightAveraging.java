package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;

/**
 * An exponential moving average of the weights (Polyak averaging, "EMA": Keras's
 * {@code use_ema}, PyTorch's {@code AveragedModel} with an EMA update), kept beside the weights
 * the optimiser trains ({@link Trainer.Builder#weightAveraging}). The average starts as the
 * weights at the start of training and after every applied step becomes
 * {@code a = a + (1 - decay) (w - a)}, i.e. {@code decay a + (1 - decay) w}, element by element in
 * float32 ({@code 1 - decay} rounded to float once); skipped (non-finite) steps leave it alone.
 * It only reads the weights, so training itself is unchanged; it is what validation sees each
 * epoch and what the model holds when training ends. Its window is about {@code 1 / (1 - decay)}
 * steps: 0.999 averages over roughly the last thousand steps (one epoch of Fashion-MNIST at
 * batch 64). In float32, an increment below half an ulp of the average is lost, so a decay
 * above about 0.9999 averages coarsely (the average lags the weights by up to
 * {@code ulp(a) / (2 (1 - decay))}).
 *
 * <p>An update is one pass over the parameters and allocates nothing; the result is the same on
 * every backend and thread count (the trainer does it on the flat parameter array).
 */
public final class WeightAveraging {
    private final double decay;
    private final float rate;

    private WeightAveraging(double decay) {
        this.decay = decay;
        this.rate = (float) (1 - decay);
    }

    /**
     * An average with this {@code decay}, which must be in {@code (0, 1)}.
     *
     * @throws InvalidConfigurationException for a decay outside {@code (0, 1)} or not a number
     */
    public static WeightAveraging withDecay(double decay) {
        return new WeightAveraging(requireDecay(decay));
    }

    /** Returns {@code decay} when it is in {@code (0, 1)}; otherwise throws {@link InvalidConfigurationException}. */
    public static double requireDecay(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new InvalidConfigurationException("weight averaging decay: expected a value in (0, 1) (e.g. 0.999,"
                    + " an average over about the last 1,000 steps), found " + decay);
        }
        return decay;
    }

    public double decay() {
        return decay;
    }

    /** {@code 1 - decay} as the float the update uses. */
    public float rate() {
        return rate;
    }

    /**
     * One update of {@code average} towards {@code weights} (same length): for each element
     * {@code a += rate * (w - a)} in float32.
     */
    public void update(float[] average, float[] weights) {
        if (average.length != weights.length) {
            throw new IllegalArgumentException("weight average: expected " + weights.length + " values, found "
                    + average.length);
        }
        float r = rate;
        for (int i = 0; i < average.length; i++) {
            average[i] += r * (weights[i] - average[i]);
        }
    }

    @Override
    public String toString() {
        return "weight averaging (EMA, decay " + decay + ")";
    }
}
