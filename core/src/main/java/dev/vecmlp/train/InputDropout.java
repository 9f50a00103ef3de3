package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;

/**
 * Dropout on the network's inputs ({@link Trainer.Builder#inputDropout}): in each training
 * batch every input feature is zeroed with probability {@code p} and the kept ones are scaled
 * by {@code 1 / (1 - p)} (inverted dropout, as a Keras {@code Dropout} layer before the first
 * dense layer or PyTorch's {@code nn.Dropout} on the input). The inputs receive no gradient, so
 * this is exactly a transformation of the batch the trainer copies, applied after any image
 * shift; evaluation and prediction see the inputs unchanged, and the model file does not carry
 * it.
 *
 * <p>The mask of a batch is a pure function of the run's seed, the training step and the
 * element's place in the batch (SplitMix64's finaliser over a Weyl sequence, two 32-bit draws per
 * 64-bit value, as the hidden layers' masks), so a run stays bit-identical for a seed whatever
 * the backend or kernel threads, and a resumed run draws the same masks. It allocates nothing.
 */
public final class InputDropout {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SALT = 0x2545F4914F6CDD1DL;

    private final double rate;
    private final float scale;
    /** A feature is kept when its uniform 32-bit draw is {@code >= threshold}. */
    private final long threshold;

    private InputDropout(double rate) {
        this.rate = rate;
        this.scale = (float) (1 / (1 - rate));
        this.threshold = (long) Math.ceil(rate * 4294967296.0);
    }

    /**
     * Input dropout with rate {@code p} in {@code (0, 1)}.
     *
     * @throws InvalidConfigurationException for a rate outside {@code (0, 1)}
     */
    public static InputDropout of(double p) {
        if (!(p > 0 && p < 1)) {
            throw new InvalidConfigurationException("input dropout: expected a rate in (0, 1), found " + p);
        }
        return new InputDropout(p);
    }

    public double rate() {
        return rate;
    }

    /**
     * Masks {@code rows} rows of {@code width} features at {@code x[off...]} in place with the
     * mask of {@code (seed, step)}: each value becomes 0 or {@code value / (1 - p)} (the float
     * product with {@code 1 / (1 - p)}).
     */
    public void apply(float[] x, int off, int rows, int width, long seed, long step) {
        int len = rows * width;
        long counter = mix(mix(seed ^ SALT) + step * 0xD1B54A32D192ED03L);
        float s = scale;
        long t = threshold;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            counter += GOLDEN;
            long bits = mix(counter);
            x[off + i] = (bits & 0xFFFFFFFFL) >= t ? x[off + i] * s : 0f;
            x[off + i + 1] = (bits >>> 32) >= t ? x[off + i + 1] * s : 0f;
        }
        if (i < len) {
            long bits = mix(counter + GOLDEN);
            x[off + i] = (bits & 0xFFFFFFFFL) >= t ? x[off + i] * s : 0f;
        }
    }

    private static long mix(long z) {
        return ImageShift.mix(z);
    }

    @Override
    public String toString() {
        return "input dropout " + rate;
    }
}
