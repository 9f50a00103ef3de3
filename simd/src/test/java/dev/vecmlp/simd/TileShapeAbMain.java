package dev.vecmlp.simd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Interleaved same-JVM A/B of the micro-kernel tile shapes on the {@code mnist} first layer
 * ({@code X W^T}, 128 x 256 x 784, full tiles only), one thread: which main tile suits this JDK's
 * C2 (see {@link Gemm#NARROW_TILES}). Not a test; run from the test classpath:
 * {@code java --add-modules jdk.incubator.vector [-Dab.clock=cpu] -cp core/target/classes:simd/target/classes:simd/target/test-classes
 * dev.vecmlp.simd.TileShapeAbMain ROUNDS SLICE_MS [6x4,5x4,...]}.
 */
public final class TileShapeAbMain {
    private TileShapeAbMain() {
    }

    static final int L = Lanes.LENGTH;

    interface Kernel {
        void run(int kLen, float[] a, int aBase, int lda, float[] b, int bBase, float[] c, int cBase, int ldc, boolean acc);
    }

    static final class Variant {
        final String name; final int rows; final int v; final Kernel kernel; final float[] pk;
        Variant(String name, int rows, int v, Kernel kernel, float[] w, int n, int k) {
            this.name = name; this.rows = rows; this.v = v; this.kernel = kernel;
            pk = new float[Gemm.packedSize(n, k, v)];
            Gemm.packTransposed(n, k, w, 0, v, pk, new int[16]);
        }
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        long sliceNs = Long.parseLong(args[1]) * 1_000_000L;
        List<String> only = args.length > 2 ? Arrays.asList(args[2].split(",")) : null;
        int n = 256, k = 784, m = 128;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[m * k];
        float[] w = new float[n * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextDouble(-1, 1);
        float[] c = new float[m * n + 64 * 16];
        List<Variant> vs = new ArrayList<>();
        vs.add(new Variant("6x4", 6, 4, MicroKernels::k6x4, w, n, k));
        vs.add(new Variant("5x4", 5, 4, MicroKernels::k5x4, w, n, k));
        vs.add(new Variant("8x3", 8, 3, MicroKernels::k8x3, w, n, k));
        vs.add(new Variant("12x2", 12, 2, MicroKernels::k12x2, w, n, k));
        vs.add(new Variant("10x2", 10, 2, MicroKernels::k10x2, w, n, k));
        vs.add(new Variant("16x1", 16, 1, MicroKernels::k16x1, w, n, k));
        if (only != null) vs.removeIf(v -> !only.contains(v.name));
        int nv = vs.size();
        double[][] gf = new double[rounds][nv];
        for (int i = 0; i < nv; i++) time(vs.get(i), x, c, m, n, k, 4_000_000_000L);
        for (int rd = 0; rd < rounds; rd++) {
            for (int j = 0; j < nv; j++) {
                int i = rd % 2 == 0 ? j : nv - 1 - j;
                gf[rd][i] = time(vs.get(i), x, c, m, n, k, sliceNs);
            }
        }
        System.out.printf(Locale.ROOT, "JDK %s, one thread, " + (CPU ? "thread CPU time" : "wall time") + ", %d rounds of %d ms per variant, order reversed every other round%n",
                Runtime.version(), rounds, sliceNs / 1_000_000);
        for (int i = 0; i < nv; i++) {
            double[] g = new double[rounds];
            double[] rel = new double[rounds];
            for (int rd = 0; rd < rounds; rd++) { g[rd] = gf[rd][i]; rel[rd] = gf[rd][i] / gf[rd][0]; }
            Arrays.sort(g); Arrays.sort(rel);
            System.out.printf(Locale.ROOT, "  %-5s median %6.1f GFLOP/s (min %6.1f max %6.1f)  vs %s: median %.3f (min %.3f max %.3f)%n",
                    vs.get(i).name, g[rounds / 2], g[0], g[rounds - 1], vs.get(0).name, rel[rounds / 2], rel[0], rel[rounds - 1]);
        }
    }

    static final boolean CPU = "cpu".equals(System.getProperty("ab.clock"));
    static final java.lang.management.ThreadMXBean TM = java.lang.management.ManagementFactory.getThreadMXBean();

    static long clock() {
        return CPU ? TM.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** GFLOP/s of the variant's full tiles over the layer (whole panels only). */
    static double time(Variant v, float[] x, float[] c, int m, int n, int k, long ns) {
        int width = v.v * L;
        int panels = n / width;
        int rowTiles = m / v.rows;
        double flops = 2.0 * rowTiles * v.rows * panels * width * k;
        long calls = 0;
        long t0 = clock(), t;
        do {
            for (int q = 0; q < panels; q++) {
                for (int rt = 0; rt < rowTiles; rt++) {
                    int i0 = rt * v.rows;
                    v.kernel.run(k, x, i0 * k, k, v.pk, q * k * width, c, i0 * n + q * width, n, false);
                }
            }
            calls++;
            t = clock();
        } while (t - t0 < ns);
        return flops * calls / (t - t0);
    }
}
