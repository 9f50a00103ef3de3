package dev.vecmlp.bench.kernel;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;

/**
 * The memory-bound kernels measured in GB/s, each with the bytes one element moves (reads plus
 * writes of 4-byte floats), which the report multiplies by the length and the calls per second.
 * The operands are {@code a}, {@code b} and {@code c}, each {@code len} floats; what each kernel
 * does to them is in its comment. The activation kernels (forward and backward of every
 * elementwise activation) share one {@link #run}; the others override it.
 */
public enum ElementwiseKernel {
    /** {@code b = relu(a)}: read a, write b. */
    RELU(Activation.RELU, false),
    /** {@code b = sigmoid(a)}: read a, write b (exp-bound where vectors are narrow). */
    SIGMOID(Activation.SIGMOID, false),
    /** {@code b *= relu'} from the output a: read a, read and write b. */
    RELU_BACKWARD(Activation.RELU, true),
    /** {@code b *= sigmoid'} from the output a. */
    SIGMOID_BACKWARD(Activation.SIGMOID, true),
    /** {@code b = tanh(a)}. */
    TANH(Activation.TANH, false),
    /** {@code b *= tanh'} from the output a. */
    TANH_BACKWARD(Activation.TANH, true),
    /** {@code b = leaky_relu(a)} with slope 0.01. */
    LEAKY_RELU(Activation.LEAKY_RELU, false),
    /** {@code b *= leaky_relu'} from the output a. */
    LEAKY_RELU_BACKWARD(Activation.LEAKY_RELU, true),
    /** {@code b = gelu(a)}, the exact erf form. */
    GELU(Activation.GELU, false),
    /** {@code b *= gelu'(a)} from the pre-activation a. */
    GELU_BACKWARD(Activation.GELU, true),
    /** {@code b = silu(a)}. */
    SILU(Activation.SILU, false),
    /** {@code b *= silu'(a)} from the pre-activation a. */
    SILU_BACKWARD(Activation.SILU, true),
    /** {@code b = elu(a)} with alpha 1. */
    ELU(Activation.ELU, false),
    /** {@code b *= elu'} from the output a. */
    ELU_BACKWARD(Activation.ELU, true),
    /** {@code b = softplus(a)}. */
    SOFTPLUS(Activation.SOFTPLUS, false),
    /** {@code b *= softplus'} from the output a. */
    SOFTPLUS_BACKWARD(Activation.SOFTPLUS, true),
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
    /** The activation of an activation kernel (null for the others, which override {@link #run}). */
    private final Activation activation;
    private final boolean backward;

    ElementwiseKernel(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
        this.activation = null;
        this.backward = false;
    }

    /**
     * An activation kernel with the activation's default parameter. Forward reads a and writes b
     * (8 bytes per element); backward multiplies b in place by the derivative at a, which is
     * passed as both the pre-activation and the output, so each activation reads the operand
     * its derivative is defined on (12 bytes per element).
     */
    ElementwiseKernel(Activation activation, boolean backward) {
        this.bytesPerElement = backward ? 12 : 8;
        this.activation = activation;
        this.backward = backward;
    }

    /** Bytes read plus written per element. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Runs the kernel once on {@code len} elements and returns a value that depends on its result. */
    public double run(Kernels kernels, int len, float[] a, float[] b, float[] c) {
        float parameter = activation.defaultParameter();
        if (backward) {
            kernels.activationBackward(activation, parameter, len, a, 0, a, 0, b, 0);
        } else {
            kernels.activate(activation, parameter, 1, len, a, 0, b, 0);
        }
        return b[0];
    }
}
