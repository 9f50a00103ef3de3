package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.optim.Momentum;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random image shifts: the pixel mapping, the draws, and their use in training (seeded, resumable). */
class ImageShiftTest {

    /** {@code dst(i, j) = src(i - dy, j - dx)} or the fill, checked against that definition pixel by pixel. */
    @Test
    void aShiftMovesEveryPixelAndFillsWhatCameIn() {
        int w = 5;
        int h = 4;
        float[] src = new float[2 * w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = i + 1;
        }
        ImageShift shift = ImageShift.of(w, h, 2).withChannels(2).withFill(-7f);
        float[] dst = new float[3 + src.length];
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                shift.copyShifted(src, 0, dst, 3, dx, dy);
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            int si = i - dy;
                            int sj = j - dx;
                            float expected = si >= 0 && si < h && sj >= 0 && sj < w ? src[c * w * h + si * w + sj] : -7f;
                            assertEquals(expected, dst[3 + c * w * h + i * w + j],
                                    "channel " + c + " pixel (" + i + ", " + j + ") shifted by (" + dx + ", " + dy + ")");
                        }
                    }
                }
            }
        }
        shift.copyShifted(src, 0, dst, 3, 0, 0);
        float[] copied = new float[src.length];
        System.arraycopy(dst, 3, copied, 0, copied.length);
        assertArrayEquals(src, copied, "a zero shift is a copy");
    }

    /** Every offset in [-k, k]^2 is drawn, roughly uniformly, and the draw depends on seed, step and row only. */
    @Test
    void drawsCoverEveryOffsetAndArePureFunctionsOfSeedStepAndRow() {
        int side = 9;
        ImageShift shift = ImageShift.of(side, side, 2);
        float[] impulse = new float[side * side];
        impulse[4 * side + 4] = 1f;     // the centre pixel: where it lands is the offset
        float[] out = new float[side * side];
        int[] counts = new int[25];
        for (int step = 0; step < 500; step++) {
            for (int row = 0; row < 10; row++) {
                shift.copyShifted(impulse, 0, out, 0, 3L, step, row);
                int at = indexOfOne(out);
                int dy = at / side - 4;
                int dx = at % side - 4;
                assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "offset (" + dx + ", " + dy + ")");
                counts[(dy + 2) * 5 + dx + 2]++;
                float[] again = new float[side * side];
                shift.copyShifted(impulse, 0, again, 0, 3L, step, row);
                assertArrayEquals(out, again, "the same (seed, step, row) draws the same shift");
            }
        }
        for (int c : counts) {
            assertTrue(c > 5000 / 25 / 2 && c < 5000 / 25 * 2, "each of the 25 offsets about 200 times in 5000: " + c);
        }
        Set<Integer> bySeed = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            shift.copyShifted(impulse, 0, out, 0, seed, 7, 0);
            bySeed.add(indexOfOne(out));
        }
        assertTrue(bySeed.size() > 5, "different seeds draw different shifts: " + bySeed);
    }

    @Test
    void badShapesAndSettingsAreRefusedNamingWhatWasFound() {
        InvalidConfigurationException tooFar = assertThrows(InvalidConfigurationException.class,
                () -> ImageShift.of(28, 28, 28));
        assertTrue(tooFar.getMessage().contains("[1, 27]") && tooFar.getMessage().contains("found 28"), tooFar.getMessage());
        assertThrows(InvalidConfigurationException.class, () -> ImageShift.of(28, 28, 0));
        assertThrows(InvalidConfigurationException.class, () -> ImageShift.of(0, 28, 1));
        assertThrows(InvalidConfigurationException.class, () -> ImageShift.of(4, 4, 1).withFill(Float.NaN));

        Mlp model = model(17);
        DataSet data = images(40, 17);
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> trainer(ImageShift.of(4, 4, 1), 1).fit(model, data));
        assertTrue(shape.getMessage().contains("expected 16 features") && shape.getMessage().contains("found 17"),
                shape.getMessage());
        InvalidConfigurationException lbfgs = assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().lbfgs(Lbfgs.builder().build()).imageShift(ImageShift.of(4, 4, 1)).build());
        assertTrue(lbfgs.getMessage().contains("L-BFGS"), lbfgs.getMessage());
    }

    /** Shifting changes training, a seed reproduces it bit for bit, and a resumed run draws the same shifts. */
    @Test
    void shiftedTrainingIsSeededAndResumesBitIdentically() {
        DataSet data = images(96, 36);
        ImageShift shift = ImageShift.of(6, 6, 1);

        Mlp plain = model(36);
        trainer(null, 4).fit(plain, data);
        Mlp shifted = model(36);
        trainer(shift, 4).fit(shifted, data);
        Mlp again = model(36);
        trainer(shift, 4).fit(again, data);
        assertArrayEquals(shifted.parameters(), again.parameters(), 0f, "same seed, same shifts");
        assertFalse(java.util.Arrays.equals(plain.parameters(), shifted.parameters()), "the shifts change the steps");

        List<Mlp> saved = new ArrayList<>();
        List<TrainingResume> resumes = new ArrayList<>();
        CheckpointSink memory = (m, r) -> {
            saved.add(m.copy());
            resumes.add(r);
        };
        Mlp interrupted = model(36);
        Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0)).batchSize(16).epochs(2).seed(5)
                .imageShift(shift).checkpoints(memory, 2).build().fit(interrupted, data);
        Mlp resumed = saved.get(0);
        trainer(shift, 4).fit(resumed, data, resumes.get(0));
        assertArrayEquals(shifted.parameters(), resumed.parameters(), 0f, "resumed after epoch 2 of 4");
    }

    private static Trainer trainer(ImageShift shift, int epochs) {
        return Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0)).batchSize(16).epochs(epochs).seed(5)
                .imageShift(shift).build();
    }

    private static Mlp model(int in) {
        return Mlp.builder(in).hidden(12, Activation.RELU).output(3, Activation.SOFTMAX).seed(2)
                .kernels(Backends.reference()).build();
    }

    /** Random non-negative "images" with 3 classes by which third of the image is brightest. */
    private static DataSet images(int rows, int features) {
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 3;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (float) random.nextDouble() + (j * 3 / features == labels[r] ? 1f : 0f);
            }
        }
        return DataSet.ofClasses(x, features, labels, 3);
    }

    private static int indexOfOne(float[] values) {
        int at = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1f) {
                assertEquals(-1, at, "one pixel set");
                at = i;
            }
        }
        return at;
    }
}
