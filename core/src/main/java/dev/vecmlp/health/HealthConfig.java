package dev.vecmlp.health;

import dev.vecmlp.errors.InvalidConfigurationException;

/**
 * Settings of the {@link GradientMonitor}.
 *
 * @param everySteps       statistics are taken on every {@code everySteps}-th step (1 = every step)
 * @param explodingNorm    a layer gradient L2 norm above this is EXPLODING
 * @param growthFactor     a layer gradient norm this many times the smallest of the previous
 *                         {@code growthWindow} checks is EXPLODING (when also above {@code growthFloor})
 * @param growthWindow     checks looked back for the growth test
 * @param growthFloor      norms below this never count as explosive growth
 * @param vanishingRatio   a layer gradient norm below this fraction of the last layer's is tiny
 * @param vanishingChecks  consecutive tiny checks before a VANISHING verdict
 * @param sigmoidSaturation a sigmoid output below this or above {@code 1 - sigmoidSaturation} is saturated
 * @param tanhSaturation   a tanh output with {@code |y|} above this is saturated
 */
public record HealthConfig(int everySteps, double explodingNorm, double growthFactor, int growthWindow,
                           double growthFloor, double vanishingRatio, int vanishingChecks,
                           double sigmoidSaturation, double tanhSaturation) {

    public HealthConfig {
        InvalidConfigurationException.requirePositive("health check period (steps)", everySteps);
        InvalidConfigurationException.requirePositive("exploding gradient norm", explodingNorm);
        InvalidConfigurationException.requirePositive("gradient growth factor", growthFactor);
        InvalidConfigurationException.requirePositive("gradient growth window (checks)", growthWindow);
        InvalidConfigurationException.requirePositive("gradient growth floor", growthFloor);
        InvalidConfigurationException.requirePositive("vanishing gradient ratio", vanishingRatio);
        InvalidConfigurationException.requirePositive("vanishing checks", vanishingChecks);
        if (!(sigmoidSaturation > 0 && sigmoidSaturation < 0.5) || !(tanhSaturation > 0 && tanhSaturation < 1)) {
            throw new InvalidConfigurationException("saturation thresholds: expected sigmoid in (0, 0.5) and tanh in (0, 1), found "
                    + sigmoidSaturation + " and " + tanhSaturation);
        }
    }

    /**
     * Every 50 steps; exploding above norm 1000 or after 100x growth within 5 checks; vanishing
     * below 1e-3 of the last layer for 5 checks; sigmoid saturated outside [0.02, 0.98], tanh
     * beyond 0.98.
     */
    public static HealthConfig defaults() {
        return new HealthConfig(50, 1e3, 100, 5, 1.0, 1e-3, 5, 0.02, 0.98);
    }

    public HealthConfig withEverySteps(int steps) {
        return new HealthConfig(steps, explodingNorm, growthFactor, growthWindow, growthFloor, vanishingRatio,
                vanishingChecks, sigmoidSaturation, tanhSaturation);
    }

    public HealthConfig withExplodingNorm(double norm) {
        return new HealthConfig(everySteps, norm, growthFactor, growthWindow, growthFloor, vanishingRatio,
                vanishingChecks, sigmoidSaturation, tanhSaturation);
    }

    public HealthConfig withVanishing(double ratio, int checks) {
        return new HealthConfig(everySteps, explodingNorm, growthFactor, growthWindow, growthFloor, ratio,
                checks, sigmoidSaturation, tanhSaturation);
    }

    public HealthConfig withGrowth(double factor, int window, double floor) {
        return new HealthConfig(everySteps, explodingNorm, factor, window, floor, vanishingRatio,
                vanishingChecks, sigmoidSaturation, tanhSaturation);
    }
}
