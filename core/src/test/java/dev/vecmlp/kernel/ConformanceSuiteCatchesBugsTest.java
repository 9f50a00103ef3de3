package dev.vecmlp.kernel;

import dev.vecmlp.kernel.reference.ReferenceKernels;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The conformance suite must fail on broken backends, or its passing means nothing. Each test
 * here builds a mutant (the reference with one typical kernel bug injected, through a dynamic
 * proxy) and checks that the suite's own checks reject it.
 */
class ConformanceSuiteCatchesBugsTest {

    /** A hook run after the reference computed a call, able to corrupt its result. */
    private interface Mutation {
        void after(String method, Object[] args);
    }

    private static Kernels mutant(Mutation mutation) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(ReferenceKernels.INSTANCE, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (args != null) {
                mutation.after(method.getName(), args);
            }
            return result;
        };
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class}, handler);
    }

    /** Replaces one method of the reference: returns the mutant's result for that call. */
    private interface Replacement {
        Object call(Object[] args);
    }

    private static Kernels replacing(String methodName, Replacement replacement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals(methodName)) {
                return replacement.call(args);
            }
            try {
                return method.invoke(ReferenceKernels.INSTANCE, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class}, handler);
    }

    /** The suite run on {@code kernels}. */
    private static KernelConformanceTest suiteOn(Kernels kernels) {
        return new KernelConformanceTest() {
            @Override
            protected Kernels kernels() {
                return kernels;
            }
        };
    }

    private static final KernelConformanceTest.GemmCase CASE = new KernelConformanceTest.GemmCase(
            KernelConformanceTest.Shape.NN, 7, 17, 65, 3, 0, 5, false, false, 11);

    @Test
    void theUnmutatedReferencePassesTheSameChecks() {
        KernelConformanceTest.checkGemm(mutant((method, args) -> { }), CASE);
    }

    @Test
    void aGemmThatLosesTheLastTermOfOneSumFails() {
        // Off by one small term in the last element of C: the typical reduction-tail bug.
        Kernels broken = mutant((method, args) -> {
            if (method.equals("gemmNN")) {
                int m = (int) args[0];
                int n = (int) args[1];
                int k = (int) args[2];
                float[] a = (float[]) args[3];
                float[] b = (float[]) args[5];
                float[] c = (float[]) args[7];
                int last = (int) args[8] + m * n - 1;
                c[last] -= a[(int) args[4] + m * k - 1] * b[(int) args[6] + k * n - 1];
            }
        });
        assertThrows(AssertionFailedError.class, () -> KernelConformanceTest.checkGemm(broken, CASE));
    }

    @Test
    void aGemmThatWritesPastCFails() {
        Kernels broken = mutant((method, args) -> {
            if (method.equals("gemmNN")) {
                float[] c = (float[]) args[7];
                c[(int) args[8] + (int) args[0] * (int) args[1]] = 0f;
            }
        });
        assertThrows(AssertionFailedError.class, () -> KernelConformanceTest.checkGemm(broken, CASE));
    }

    @Test
    void aGemmThatScribblesOnItsInputFails() {
        Kernels broken = mutant((method, args) -> {
            if (method.equals("gemmNN")) {
                ((float[]) args[3])[(int) args[4]] += 1f;
            }
        });
        assertThrows(AssertionFailedError.class, () -> KernelConformanceTest.checkGemm(broken, CASE));
    }

    @Test
    void anAllFiniteThatSkipsTheTailFails() {
        // Scans whole blocks of 8 only, as a vector loop without its tail would.
        Kernels skipsTail = replacing("allFinite", args -> ReferenceKernels.INSTANCE.allFinite(
                (int) args[0] - (int) args[0] % 8, (float[]) args[1], (int) args[2]));
        assertThrows(AssertionFailedError.class, () -> suiteOn(skipsTail).allFiniteFindsEveryNonFiniteValue());
    }

    @Test
    void aSumOfSquaresThatSkipsTheTailFails() {
        Kernels skipsTail = replacing("sumOfSquares", args -> ReferenceKernels.INSTANCE.sumOfSquares(
                (int) args[0] - (int) args[0] % 8, (float[]) args[1], (int) args[2]));
        assertThrows(AssertionFailedError.class, () -> suiteOn(skipsTail).sumOfSquaresMatchesReference());
    }

    @Test
    void aSoftmaxThatForgetsTheMaximumShiftIsCaughtByTheHandWorkedLoss() {
        // Slightly wrong probabilities (here: scaled by 1.001) must not pass.
        Kernels broken = mutant((method, args) -> {
            if (method.equals("softmaxCrossEntropy") && args[6] != null) {
                float[] probs = (float[]) args[6];
                int len = (int) args[0] * (int) args[1];
                for (int i = 0; i < len; i++) {
                    probs[(int) args[7] + i] *= 1.001f;
                }
            }
        });
        assertThrows(AssertionFailedError.class, () -> suiteOn(broken).lossesMatchHandWorkedValues());
    }

    @Test
    void aBackendThatWritesBeforeCheckingFails() {
        // Computes correctly, but a rejected axpy call has already touched y.
        Kernels broken = replacing("axpy", args -> {
            float[] y = (float[]) args[4];
            int yOff = (int) args[5];
            if (yOff >= 0 && yOff < y.length) {
                y[yOff] += 1f;
            }
            ReferenceKernels.INSTANCE.axpy((int) args[0], (float) args[1], (float[]) args[2], (int) args[3], y, yOff);
            return null;
        });
        KernelConformanceTest suite = suiteOn(broken);
        assertThrows(AssertionFailedError.class, () -> {
            for (var test : suite.badCallsThrowAndWriteNothing()) {
                test.getExecutable().execute();
            }
        });
    }
}
