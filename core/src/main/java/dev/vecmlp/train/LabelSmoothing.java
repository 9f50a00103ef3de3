package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;

/**
 * Label smoothing for the softmax cross-entropy loss ({@link Trainer.Builder#labelSmoothing}):
 * a target row {@code y} over {@code K} classes becomes {@code (1 - eps) y + eps / K}, as
 * PyTorch's {@code CrossEntropyLoss(label_smoothing=eps)}. The loss on the smoothed targets is
 * {@code (1 - eps) CE(y) + eps} times the mean of {@code -log p_j} over the classes, so it stops
 * rewarding ever larger logits for the labelled class, which a network that fits its training
 * set otherwise keeps chasing. The fused cross-entropy kernels take such soft targets as they
 * are (their gradient is {@code p - y'}), so no kernel changes; smoothing a batch allocates nothing.
 */
public final class LabelSmoothing {
    private LabelSmoothing() {
    }

    /**
     * Smooths {@code rows} target rows of {@code classes} values at {@code targets[off...]} in
     * place: {@code y = fma(1 - eps, y, eps / classes)} in float.
     */
    public static void apply(double eps, float[] targets, int off, int rows, int classes) {
        if (!(eps >= 0 && eps < 1)) {
            throw new InvalidConfigurationException("label smoothing: expected a value in [0, 1), found " + eps);
        }
        if (classes < 2) {
            throw new InvalidConfigurationException("label smoothing: expected at least 2 classes, found " + classes);
        }
        float keep = (float) (1 - eps);
        float spread = (float) (eps / classes);
        for (int i = off, end = off + rows * classes; i < end; i++) {
            targets[i] = Math.fma(keep, targets[i], spread);
        }
    }
}
