package dev.vecmlp.bench.kernel;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;

/**
 * The memory-bound kernels measured in GB/s, each with the bytes one element moves (reads plus
 * writes of 4-byte floats), which the report multiplies by the length and the calls per second.
 * The operands are {@code a}, {@code b} and {@code c}, each {@code len} floats; what each kernel
 * does to them is in its {@link #run}.
 */
public enum ElementwiseKernel {
    /** {@code b = relu(a)}: read a, write b. */
    RELU(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.RELU, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = sigmoid(a)}: read a, write b (exp-bound where vectors are narrow). */
    SIGMOID(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.SIGMOID, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b *= relu'(a)} through the output: read a, read and write b. */
    RELU_BACKWARD(12) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activationBackward(Activation.RELU, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = leaky_relu(a)} with slope 0.01: read a, write b. */
    LEAKY_RELU(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.LEAKY_RELU, 0.01f, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = gelu(a)}, the exact erf form: read a, write b. */
    GELU(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.GELU, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b *= gelu'(a)} from the pre-activation a (c is not read): read a, read and write b. */
    GELU_BACKWARD(12) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activationBackward(Activation.GELU, 0f, len, a, 0, c, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = silu(a)}: read a, write b. */
    SILU(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.SILU, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b *= silu'(a)} from the pre-activation a: read a, read and write b. */
    SILU_BACKWARD(12) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activationBackward(Activation.SILU, 0f, len, a, 0, c, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = elu(a)} with alpha 1: read a, write b. */
    ELU(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.ELU, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b = softplus(a)}: read a, write b. */
    SOFTPLUS(8) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.activate(Activation.SOFTPLUS, 1, len, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code b += alpha a}: read a, read and write b. */
    AXPY(12) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.axpy(len, -1e-7f, a, 0, b, 0);
            return b[0];
        }
    },
    /** {@code sum a_i^2}: read a. */
    SUM_OF_SQUARES(4) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            return k.sumOfSquares(len, a, 0);
        }
    },
    /** SGD with momentum on weights b, gradient a, velocity c: read a, read and write b and c. */
    MOMENTUM_UPDATE(20) {
        @Override
        public double run(Kernels k, int len, float[] a, float[] b, float[] c) {
            k.momentumUpdate(len, 1e-7f, 0.9f, false, 0f, b, 0, a, 0, c, 0);
            return b[0];
        }
    };

    private final int bytesPerElement;

    ElementwiseKernel(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }

    /** Bytes read plus written per element. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Runs the kernel once on {@code len} elements and returns a value that depends on its result. */
    public abstract double run(Kernels kernels, int len, float[] a, float[] b, float[] c);
}
