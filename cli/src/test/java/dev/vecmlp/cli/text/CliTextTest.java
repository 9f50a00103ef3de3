package dev.vecmlp.cli.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTextTest {
    @Test
    void smallTimesKeepTheirDigits() {
        assertEquals("12.3 s", Durations.seconds(12.34));
        assertEquals("0.43 s", Durations.seconds(0.4321));
        assertEquals("23 ms", Durations.seconds(0.0234));
        assertEquals("3.1 ms", Durations.seconds(0.00312));
        assertEquals("85 us", Durations.seconds(0.000085));
        assertEquals("0.005", Durations.number(0.005000000000000001));
        assertEquals("1e-05", Durations.number(1e-5));
    }

    /** The verdict remedies the library writes today, each put into options. */
    @Test
    void libraryRemediesBecomeOptions() {
        String exploding = "Remedy: lower the learning rate (e.g. 10x), clip gradients by global norm (e.g. 1.0), use "
                + "Initializer.matchedTo for each layer's activation.";
        String cli = CliRemedies.translate(exploding);
        assertEquals("Remedy: lower --lr (e.g. 10x), clip gradients: --clip-norm 1.0, use --init matched (the default).",
                cli);
        String init = CliRemedies.translate("initialise each layer with Initializer.matchedTo(activation) (He for ReLU,"
                + " Xavier for sigmoid/tanh), and clip gradients by global norm");
        assertFalse(init.contains("Initializer"), init);
        assertTrue(init.contains("--init matched") && init.contains("--clip-norm"), init);
        assertTrue(CliRemedies.translate("clip gradients by global norm (e.g. 1.0) or by value, and lower the learning rate")
                .contains("--clip-value"));
    }

    @Test
    void divergenceAdviceHasFigures() {
        assertEquals("to make training stable, try --lr 0.01, --clip-norm 1.0, --init matched (instead of --init zeros)",
                CliRemedies.afterDivergence(0.1, 0, "zeros", false, false));
        assertEquals("to make training stable, try --lr 0.001, " + CliRemedies.TARGET_SCALING_OPTION + " standardize",
                CliRemedies.afterDivergence(0.01, 5, "matched", true, true));
    }
}
