package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.ShapeMismatchException;
import java.util.Arrays;

/**
 * Random translation of training images, the data augmentation of {@link Trainer.Builder#imageShift}:
 * each training row, read as {@code channels} row-major planes of {@code height x width} pixels, is
 * moved by {@code (dx, dy)} drawn uniformly from {@code [-maxShift, maxShift]}, and the pixels moved
 * in from outside are set to {@code fill} (0, the background of MNIST-style images in their raw
 * scale). It makes a dense network see each image at slightly different positions, which it would
 * otherwise have to learn separately; evaluation and prediction see the images unchanged.
 *
 * <p>The shift of a row is a pure function of the run's seed, the training step and the row's
 * place in the batch (SplitMix64's finaliser), so a run stays bit-identical for a seed whatever
 * the kernel threads, and a resumed run draws the same shifts. Shifting copies a row into the
 * batch buffer in place of the plain copy and allocates nothing.
 *
 * <p>The features must be pixels on one common scale: a per-feature scaling (standardisation or
 * min-max fitted per pixel) gives each position its own scale, and moving values between
 * positions would mix them.
 */
public final class ImageShift {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int width;
    private final int height;
    private final int channels;
    private final int maxShift;
    private final float fill;

    private ImageShift(int width, int height, int channels, int maxShift, float fill) {
        if (width < 1 || height < 1 || channels < 1) {
            throw new InvalidConfigurationException("image shift: expected width, height and channels >= 1, found "
                    + width + " x " + height + " x " + channels);
        }
        if (maxShift < 1 || maxShift >= Math.min(width, height)) {
            throw new InvalidConfigurationException("image shift: expected a maximum shift in [1, "
                    + (Math.min(width, height) - 1) + "] pixels for " + width + " x " + height + " images, found " + maxShift);
        }
        if (!Float.isFinite(fill)) {
            throw new InvalidConfigurationException("image shift: expected a finite fill value, found " + fill);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.maxShift = maxShift;
        this.fill = fill;
    }

    /** Shifts of up to {@code maxShift} pixels of single-channel {@code width x height} images, filled with 0. */
    public static ImageShift of(int width, int height, int maxShift) {
        return new ImageShift(width, height, 1, maxShift, 0f);
    }

    /** The same shifts for images of {@code channels} planes (channel-first, each plane row-major). */
    public ImageShift withChannels(int channels) {
        return new ImageShift(width, height, channels, maxShift, fill);
    }

    /** The same shifts, filling the uncovered pixels with {@code fill} instead of 0. */
    public ImageShift withFill(float fill) {
        return new ImageShift(width, height, channels, maxShift, fill);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    public int maxShift() {
        return maxShift;
    }

    public float fill() {
        return fill;
    }

    /** Features per image: {@code width x height x channels}. */
    public int features() {
        return width * height * channels;
    }

    /** Refuses data whose rows are not images of this shape. */
    void checkFeatureWidth(int featureWidth) {
        if (featureWidth != features()) {
            throw new ShapeMismatchException("image shift: expected " + features() + " features per row (" + width + " x "
                    + height + " x " + channels + " pixels), found " + featureWidth);
        }
    }

    /**
     * Copies the image at {@code src[srcOff...]} to {@code dst[dstOff...]} shifted by the draw for
     * {@code (seed, step, row)}.
     */
    void copyShifted(float[] src, int srcOff, float[] dst, int dstOff, long seed, long step, int row) {
        long bits = mix(mix(seed ^ 0x632BE59BD9B4E019L) + step * GOLDEN + row * 0xD1B54A32D192ED03L);
        int span = 2 * maxShift + 1;
        int dx = (int) Long.remainderUnsigned(bits & 0xFFFFFFFFL, span) - maxShift;
        int dy = (int) Long.remainderUnsigned(bits >>> 32, span) - maxShift;
        copyShifted(src, srcOff, dst, dstOff, dx, dy);
    }

    /**
     * Copies one image shifted by {@code dx} columns (positive: to the right) and {@code dy} rows
     * (positive: down): {@code dst(i, j) = src(i - dy, j - dx)}, or the fill value where that
     * pixel is outside the image.
     */
    void copyShifted(float[] src, int srcOff, float[] dst, int dstOff, int dx, int dy) {
        int plane = width * height;
        int fromCol = Math.max(0, dx);
        int toCol = Math.min(width, width + dx);
        for (int c = 0; c < channels; c++) {
            int s = srcOff + c * plane;
            int d = dstOff + c * plane;
            for (int i = 0; i < height; i++) {
                int row = d + i * width;
                int from = i - dy;
                if (from < 0 || from >= height) {
                    Arrays.fill(dst, row, row + width, fill);
                    continue;
                }
                Arrays.fill(dst, row, row + fromCol, fill);
                System.arraycopy(src, s + from * width + fromCol - dx, dst, row + fromCol, toCol - fromCol);
                Arrays.fill(dst, row + toCol, row + width, fill);
            }
        }
    }

    /** SplitMix64's output function (Stafford's mix 13); the training package's augmentations draw from it. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "ImageShift[" + width + "x" + height + (channels > 1 ? "x" + channels : "") + ", up to " + maxShift
                + " pixels, fill " + fill + "]";
    }
}
