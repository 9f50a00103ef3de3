package dev.vecmlp.cli.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts library messages into the command line's words. The library's errors and gradient-health
 * verdicts name its API ({@code Initializer.matchedTo(activation)}, {@code header(false)},
 * {@code labelColumn(int)}); a CLI user can only act through options, so before a message is
 * printed each API phrase is replaced by the option that does the same thing. Phrases without
 * a CLI equivalent are left as they are.
 */
public final class CliRemedies {
    /**
     * The option that will standardise regression targets, once the CLI has it; while no command
     * defines an option of this name, remedies that name target scaling keep the library's words.
     */
    public static final String TARGET_SCALING_OPTION = "--target-scaling";

    /** Library phrase to CLI phrase, applied in order (longer phrases first). */
    private static final Map<String, String> PHRASES = new LinkedHashMap<>();

    static {
        PHRASES.put("use Initializer.matchedTo for each layer's activation", "use --init matched (the default)");
        PHRASES.put("initialise each layer with Initializer.matchedTo(activation)", "use --init matched (the default)");
        PHRASES.put("Initializer.matchedTo(RELU)", "--init matched, or --init he-uniform");
        PHRASES.put("the norm Initializer.matchedTo gives", "the norm --init matched gives");
        PHRASES.put("Initializer.matchedTo", "--init matched");
        PHRASES.put("clip gradients by global norm (e.g. 1.0) or by value", "clip gradients: --clip-norm 1.0 or --clip-value 0.5");
        PHRASES.put("clip gradients by global norm (e.g. 1.0)", "clip gradients: --clip-norm 1.0");
        PHRASES.put("clip gradients by global norm", "clip gradients with --clip-norm 1.0");
        PHRASES.put("Lower the learning rate or clip gradients", "Lower --lr or clip gradients with --clip-norm 1.0");
        PHRASES.put("lower the learning rate (e.g. 10x)", "lower --lr (e.g. 10x)");
        PHRASES.put("and lower the learning rate", "and lower --lr");
        PHRASES.put("a lower learning rate", "a lower --lr");
        PHRASES.put("a higher learning rate for the early layers", "a higher --lr");
        PHRASES.put("ReLU hidden layers with He initialisation (or tanh with Xavier)",
                "ReLU hidden layers with He initialisation (--layers 64:relu,... with --init matched; or tanh with Xavier)");
        PHRASES.put("inputs scaled to unit variance", "inputs scaled to unit variance (--scale standardize)");
        PHRASES.put("read the file with header(false) (and skipLines(n) to skip lines before the data)",
                "give --no-header (and --skip-lines N to skip lines before the data)");
        PHRASES.put("header(false)", "--no-header");
        PHRASES.put("skipLines(n)", "--skip-lines N");
        PHRASES.put("choose with labelColumn(String) for the name or labelColumn(int) for the index",
                "choose with --label-name for the name or --label-index for the index");
        PHRASES.put("labelColumn(String)", "--label-name");
        PHRASES.put("labelColumn(int)", "--label-index");
    }

    private CliRemedies() {
    }

    /** {@code message} with every API phrase the CLI has an option for replaced by that option. */
    public static String translate(String message) {
        if (message == null) {
            return null;
        }
        String text = message;
        for (Map.Entry<String, String> e : PHRASES.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    /**
     * What a CLI user can try after training diverged, with figures: a tenth of the learning
     * rate, gradient clipping when it is off, the matched initialisation when another one was
     * chosen, and target scaling for regression when the command offers it.
     *
     * @param targetScalingOffered whether the command has {@link #TARGET_SCALING_OPTION}
     */
    public static String afterDivergence(double lr, double clipNorm, String init, boolean regression,
                                         boolean targetScalingOffered) {
        StringBuilder sb = new StringBuilder("to make training stable, try --lr ").append(Durations.number(lr / 10));
        if (clipNorm <= 0) {
            sb.append(", --clip-norm 1.0");
        }
        if (init != null && !init.equals("matched")) {
            sb.append(", --init matched (instead of --init ").append(init).append(')');
        }
        if (regression) {
            sb.append(targetScalingOffered ? ", " + TARGET_SCALING_OPTION + " standardize"
                    : "; for regression targets far from unit scale, standardise them first");
        }
        return sb.toString();
    }
}
