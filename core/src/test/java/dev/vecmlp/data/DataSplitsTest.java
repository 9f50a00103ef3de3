package dev.vecmlp.data;

import dev.vecmlp.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DataSplitsTest {
    /** Ten rows whose single feature is the row number, with the row's parity as class. */
    private static DataSet rows() {
        float[] x = new float[10];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            labels[i] = i % 2;
        }
        return DataSet.ofClasses(x, 1, labels, 2);
    }

    @Test
    void splitsEveryRowIntoExactlyOnePartAndKeepsTargetsWithTheirFeatures() {
        DataSplits.Split split = DataSplits.shuffled(rows(), 0.3, 5);
        assertEquals(7, split.first().rows());
        assertEquals(3, split.second().rows());
        Set<Float> seen = new HashSet<>();
        for (DataSet part : new DataSet[]{split.first(), split.second()}) {
            for (int r = 0; r < part.rows(); r++) {
                float x = part.features()[r];
                seen.add(x);
                assertEquals((int) x % 2, part.targetClass(r));
            }
        }
        assertEquals(10, seen.size());
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        assertArrayEquals(DataSplits.shuffled(rows(), 0.5, 9).second().features(),
                DataSplits.shuffled(rows(), 0.5, 9).second().features());
    }

    @Test
    void headCopiesTheFirstRows() {
        DataSet head = DataSplits.head(rows(), 3);
        assertArrayEquals(new float[]{0, 1, 2}, head.features());
        assertEquals(10, DataSplits.head(rows(), 50).rows());
    }

    @Test
    void rejectsSharesOutsideZeroToOne() {
        assertThrows(InvalidConfigurationException.class, () -> DataSplits.shuffled(rows(), 0, 1));
        assertThrows(InvalidConfigurationException.class, () -> DataSplits.shuffled(rows(), 1, 1));
    }
}
