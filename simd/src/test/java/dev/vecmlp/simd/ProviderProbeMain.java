package dev.vecmlp.simd;

/** Run in a child JVM by {@link SimdKernelProviderTest}: prints the provider's reason (or "null"). */
public final class ProviderProbeMain {
    private ProviderProbeMain() {
    }

    public static void main(String[] args) {
        System.out.println("reason=" + new SimdKernelProvider().unavailableReason());
    }
}
