package dev.vecmlp.simd;

/**
 * Per-thread packing buffers and the transposed-tile buffer. A thread gets its own on first use and keeps it; the packing
 * buffer grows (by half again, at least to the size asked) only when a bigger product comes, so
 * steady-state kernel calls allocate nothing, and concurrent callers never share a buffer.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** One tile: at most 24 vectors (6x4, 8x3, 12x2) or 16x1 of the widest (16-lane) species. */
    final float[] tile = new float[24 * 16];
    /** The task object of single-threaded calls made by this thread (the pool has its own). */
    final GemmTask task = new GemmTask();
    /** Accumulators spilled for their lane sums: 8 vectors of the widest species. */
    final float[] lanes = new float[8 * 16];
    /** Gather offsets for the packing routines ({@code L} entries at most). */
    final int[] map = new int[16];
    private float[] packA = new float[0];
    private float[] packB = new float[0];
    private float[] widened = new float[0];

    private Scratch() {
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** The packing buffer of the left-hand operand, at least {@code size} floats (contents undefined). */
    float[] packA(int size) {
        if (packA.length < size) {
            packA = new float[grow(packA.length, size)];
        }
        return packA;
    }

    /** The packing buffer of the right-hand panels, at least {@code size} floats (contents undefined). */
    float[] packB(int size) {
        if (packB.length < size) {
            packB = new float[grow(packB.length, size)];
        }
        return packB;
    }

    /** The buffer bf16 weights are widened into for the batch path, at least {@code size} floats. */
    float[] widened(int size) {
        if (widened.length < size) {
            widened = new float[grow(widened.length, size)];
        }
        return widened;
    }

    private static int grow(int current, int size) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, current + (long) current / 2));
    }
}
