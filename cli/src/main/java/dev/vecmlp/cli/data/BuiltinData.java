package dev.vecmlp.cli.data;

import dev.vecmlp.data.DataSet;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A small built-in data set for the demo when no real data is installed: three interleaved
 * spirals in the plane, one class per arm. No straight line separates them, so a network needs
 * its hidden layers to learn them, and a few seconds of training are enough. Generated from a
 * seed, so every run sees the same points.
 */
public final class BuiltinData {
    /** Number of spiral arms (classes). */
    public static final int CLASSES = 3;
    private static final double TURNS = 1.5;
    private static final double NOISE = 0.08;

    private BuiltinData() {
    }

    /** {@code perClass} points on each of the three arms, drawn with {@code seed}. */
    public static Table spirals(int perClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = perClass * CLASSES;
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < perClass; i++) {
                int r = c * perClass + i;
                // Radius grows along the arm; the angle turns with it, each arm a third of a turn apart.
                double radius = 0.1 + 0.9 * random.nextDouble();
                double angle = 2 * Math.PI * (c / (double) CLASSES + TURNS * radius) + NOISE * random.nextGaussian();
                x[2 * r] = (float) (radius * Math.cos(angle));
                x[2 * r + 1] = (float) (radius * Math.sin(angle));
                labels[r] = c;
            }
        }
        return new Table(DataSet.ofClasses(x, 2, labels, CLASSES), List.of("x", "y"), List.of("arm0", "arm1", "arm2"),
                true, null, "built-in spirals (" + rows + " points in 2-D, " + CLASSES + " classes, seed " + seed + ")");
    }
}
