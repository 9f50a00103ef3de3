package dev.vecmlp.health;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A diagnosis of the gradient flow at one check: what is wrong, where, the figures that show
 * it, the likely cause and what to do about it.
 *
 * @param kind         EXPLODING or VANISHING
 * @param step         the training step of the check (1-based)
 * @param layer        the layer it names: the most affected (0 = first hidden layer)
 * @param affectedLayers every layer whose condition started at this check, {@code layer} included
 * @param gradientNorm the layer's gradient L2 norm (NaN or infinite for a non-finite gradient)
 * @param reference    what it was compared with: the exploding threshold, the norm it grew
 *                     from, or the last layer's gradient norm
 * @param detail       the comparison in words
 * @param cause        the likely cause (depth, initialisation, saturation, learning rate)
 * @param remedy       what to change
 */
public record HealthVerdict(Kind kind, long step, int layer, List<Integer> affectedLayers, double gradientNorm,
                            double reference, String detail, String cause, String remedy) {

    public HealthVerdict {
        affectedLayers = List.copyOf(affectedLayers);
    }

    /** The two failure modes of backpropagation through deep chains of products. */
    public enum Kind {
        EXPLODING,
        VANISHING
    }

    /** One line: kind, layer, figures, cause and remedy. */
    public String message() {
        String others = affectedLayers.size() > 1 ? " (of layers " + affectedLayers.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")" : "";
        return kind + " gradient at layer " + layer + others + " (step " + step + "): " + detail + ". Likely cause: "
                + cause + ". Remedy: " + remedy + ".";
    }

    @Override
    public String toString() {
        return message();
    }
}
