package dev.vecmlp.kernel;

/**
 * A dense layer's weights {@code W} ({@code n x k}) laid out once by a backend in the order its
 * batch kernel streams them ({@link Kernels#packWeights}), so that serving, where the weights
 * never change, does not re-pack an operand on every call. Only the backend that made it can
 * read it; it is a copy, so it must be made again if {@code W} changes.
 */
public interface PackedWeights {
    /** Rows of W: the layer's outputs {@code n}. */
    int outputs();

    /** Columns of W: the layer's inputs {@code k}. */
    int inputs();

    /** Bytes this copy holds (the memory it costs beside W itself). */
    long bytes();
}
