package dev.vecmlp.cli.run;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Mlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The network shape the user asked for: hidden layers written as {@code WIDTH[:ACTIVATION]}
 * separated by commas ({@code 256:relu,128:relu}; the activation defaults to ReLU; an empty
 * list or {@code none} means no hidden layer) and the output activation. Input and output widths
 * come from the data.
 */
public record Architecture(List<Hidden> hidden, Activation output) {
    /** One hidden layer. */
    public record Hidden(int width, Activation activation) {
    }

    public Architecture {
        hidden = List.copyOf(hidden);
    }

    /**
     * Parses a hidden-layer list and an output activation name.
     *
     * @throws InvalidConfigurationException naming the part that is wrong
     */
    public static Architecture parse(String layers, String output) {
        List<Hidden> hidden = new ArrayList<>();
        String spec = layers == null ? "" : layers.trim();
        if (!spec.isEmpty() && !spec.equalsIgnoreCase("none")) {
            for (String part : spec.split(",")) {
                String[] pieces = part.trim().split(":", -1);
                if (pieces.length > 2 || pieces[0].isBlank()) {
                    throw new InvalidConfigurationException("layers: expected WIDTH[:ACTIVATION] items separated by "
                            + "commas (e.g. 256:relu,128:relu), found '" + part.trim() + "'");
                }
                int width;
                try {
                    width = Integer.parseInt(pieces[0].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidConfigurationException("layers: expected a whole-number width, found '"
                            + pieces[0].trim() + "' in '" + part.trim() + "'");
                }
                InvalidConfigurationException.requirePositive("layers: width of hidden layer " + hidden.size(), width);
                Activation activation = pieces.length == 2 ? activation(pieces[1], "layers") : Activation.RELU;
                if (activation == Activation.SOFTMAX) {
                    throw new InvalidConfigurationException("layers: softmax is only allowed on the output "
                            + "(--output softmax), found it on hidden layer " + hidden.size());
                }
                hidden.add(new Hidden(width, activation));
            }
        }
        return new Architecture(hidden, activation(output, "output"));
    }

    private static Activation activation(String name, String where) {
        try {
            return Activation.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(where + ": expected an activation among linear, relu, sigmoid, "
                    + "tanh, softmax, found '" + name.trim() + "'");
        }
    }

    /** Builds the network; the loss follows the output (softmax: cross-entropy, sigmoid: BCE, else MSE). */
    public Mlp build(int inputWidth, int outputWidth, long seed, Kernels kernels) {
        return build(inputWidth, outputWidth, seed, kernels, null);
    }

    /** As {@link #build(int, int, long, Kernels)}, every layer initialised by {@code init} (null: matched to its activation). */
    public Mlp build(int inputWidth, int outputWidth, long seed, Kernels kernels, Initializer init) {
        Mlp.Builder builder = Mlp.builder(inputWidth).seed(seed).kernels(kernels);
        if (init != null) {
            builder.initializer(init);
        }
        for (Hidden h : hidden) {
            builder.hidden(h.width(), h.activation());
        }
        return builder.output(outputWidth, output).build();
    }

    /** {@code 784-256-128-10 (relu, relu, softmax)}. */
    public static String describe(Mlp model) {
        StringBuilder widths = new StringBuilder().append(model.inputWidth());
        StringBuilder activations = new StringBuilder();
        for (int l = 0; l < model.layerCount(); l++) {
            widths.append('-').append(model.layer(l).outputs());
            activations.append(l > 0 ? ", " : "").append(model.layer(l).activation().name().toLowerCase(Locale.ROOT));
        }
        return widths + " (" + activations + "; loss " + model.loss().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ", " + model.parameterCount() + " parameters)";
    }
}
