package dev.vecmlp.bench.kernel;

import dev.vecmlp.kernel.Backends;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The three training GEMM shapes have the sizes of forward, backward and weight-gradient products, and run them. */
class GemmShapeTest {

    @Test
    void sizesOfTheThreeTrainingProducts() {
        // mnist layer 0 (784 -> 256) at batch 32.
        assertEquals("32 256 784", dims(GemmShape.NT, 32, 784, 256));
        assertEquals("32 784 256", dims(GemmShape.NN, 32, 784, 256));
        assertEquals("256 784 32", dims(GemmShape.TN, 32, 784, 256));
        assertEquals(2.0 * 32 * 784 * 256, GemmShape.flops(32, 784, 256));
        assertEquals(32L * 784, GemmShape.TN.bLength(32, 784, 256));
    }

    @Test
    void eachShapeRunsItsProduct() {
        // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: A B^T, A B and A^T B.
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = new float[4];
        GemmShape.NT.run(Backends.reference(), 2, 2, 2, a, b, c);
        assertEquals("[17.0, 23.0, 39.0, 53.0]", Arrays.toString(c));
        GemmShape.NN.run(Backends.reference(), 2, 2, 2, a, b, c);
        assertEquals("[19.0, 22.0, 43.0, 50.0]", Arrays.toString(c));
        GemmShape.TN.run(Backends.reference(), 2, 2, 2, a, b, c);
        assertEquals("[26.0, 30.0, 38.0, 44.0]", Arrays.toString(c));
    }

    private static String dims(GemmShape s, int batch, int in, int out) {
        return s.m(batch, in, out) + " " + s.n(batch, in, out) + " " + s.k(batch, in, out);
    }
}
