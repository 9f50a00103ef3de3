package dev.vecmlp.cli.run;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Mlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The network shape the user asked for: hidden layers written as
 * {@code WIDTH[:ACTIVATION[(PARAMETER)]][:dropout=P]} separated by commas
 * ({@code 256:relu,128:relu}, {@code 512:gelu:dropout=0.2}, {@code 256:leaky_relu(0.1)}; the
 * activation defaults to ReLU and a parameterised one to PyTorch's parameter; an empty list or
 * {@code none} means no hidden layer) and the output activation. Input and output widths come
 * from the data.
 */
public record Architecture(List<Hidden> hidden, Activation output) {
    /** One hidden layer: width, activation with its parameter (leaky slope, ELU alpha; else 0), dropout rate. */
    public record Hidden(int width, Activation activation, float parameter, double dropout) {
        public Hidden(int width, Activation activation) {
            this(width, activation, activation.defaultParameter(), 0);
        }
    }

    private static final String ITEM_SYNTAX = "WIDTH[:ACTIVATION[(PARAMETER)]][:dropout=P] items separated by commas"
            + " (e.g. 256:relu,128:relu or 512:gelu:dropout=0.2,256:leaky_relu(0.1))";
    private static final String ACTIVATIONS = "linear, relu, leaky_relu, gelu, silu, elu, softplus, sigmoid, tanh, softmax";

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
                hidden.add(hiddenLayer(part.trim(), hidden.size()));
            }
        }
        Activation out = activation(output, "output");
        return new Architecture(hidden, out);
    }

    private static Hidden hiddenLayer(String item, int index) {
        String[] pieces = item.split(":", -1);
        if (pieces.length > 3 || pieces[0].isBlank()) {
            throw new InvalidConfigurationException("layers: expected " + ITEM_SYNTAX + ", found '" + item + "'");
        }
        int width;
        try {
            width = Integer.parseInt(pieces[0].trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("layers: expected a whole-number width, found '"
                    + pieces[0].trim() + "' in '" + item + "'");
        }
        InvalidConfigurationException.requirePositive("layers: width of hidden layer " + index, width);
        Activation activation = Activation.RELU;
        float parameter = Activation.RELU.defaultParameter();
        double dropout = 0;
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i].trim();
            String lower = piece.toLowerCase(Locale.ROOT);
            if (lower.startsWith("dropout=")) {
                dropout = dropout(piece.substring("dropout=".length()).trim(), item);
            } else if (i == 1) {
                String name = piece;
                String argument = null;
                int open = piece.indexOf('(');
                if (open > 0 && piece.endsWith(")")) {
                    name = piece.substring(0, open);
                    argument = piece.substring(open + 1, piece.length() - 1).trim();
                }
                activation = activation(name, "layers");
                parameter = activation.defaultParameter();
                if (argument != null) {
                    parameter = parameter(activation, argument, item);
                }
            } else {
                throw new InvalidConfigurationException("layers: expected " + ITEM_SYNTAX + ", found '" + item + "'");
            }
        }
        if (activation == Activation.SOFTMAX) {
            throw new InvalidConfigurationException("layers: softmax is only allowed on the output "
                    + "(--output softmax), found it on hidden layer " + index);
        }
        return new Hidden(width, activation, parameter, dropout);
    }

    private static float parameter(Activation activation, String argument, String item) {
        if (!activation.hasParameter()) {
            throw new InvalidConfigurationException("layers: " + activation.name().toLowerCase(Locale.ROOT)
                    + " takes no parameter (only leaky_relu(SLOPE) and elu(ALPHA) do), found '" + item + "'");
        }
        try {
            return activation.checkParameter(Double.parseDouble(argument));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("layers: expected a number in parentheses, found '" + argument
                    + "' in '" + item + "'");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("layers: " + e.getMessage() + " in '" + item + "'");
        }
    }

    private static double dropout(String value, String item) {
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("layers: dropout: expected a probability in [0, 1), found '" + value
                    + "' in '" + item + "'");
        }
        if (!(p >= 0 && p < 1)) {
            throw new InvalidConfigurationException("layers: dropout: expected a probability in [0, 1), found " + value
                    + " in '" + item + "'");
        }
        return p;
    }

    private static Activation activation(String name, String where) {
        try {
            return Activation.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(where + ": expected an activation among " + ACTIVATIONS
                    + ", found '" + name.trim() + "'");
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
            builder.hidden(h.width(), h.activation(), h.parameter());
            if (h.dropout() > 0) {
                builder.dropout(h.dropout());
            }
        }
        return builder.output(outputWidth, output).build();
    }

    /** {@code 784-256-128-10 (relu, relu, softmax)}. */
    public static String describe(Mlp model) {
        StringBuilder widths = new StringBuilder().append(model.inputWidth());
        StringBuilder activations = new StringBuilder();
        for (int l = 0; l < model.layerCount(); l++) {
            widths.append('-').append(model.layer(l).outputs());
            Dense d = model.layer(l);
            activations.append(l > 0 ? ", " : "").append(d.activation().name().toLowerCase(Locale.ROOT));
            if (d.activation().hasParameter()) {
                activations.append('(').append(d.activationParameter()).append(')');
            }
            if (d.dropout() > 0) {
                activations.append(" dropout ").append(d.dropout());
            }
        }
        return widths + " (" + activations + "; loss " + model.loss().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ", " + model.parameterCount() + " parameters)";
    }
}
