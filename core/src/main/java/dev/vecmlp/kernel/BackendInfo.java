package dev.vecmlp.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which kernel backend a process uses and why: what {@link Backends#describe()} returns, so an
 * application can report it (for example in a health check or a benchmark header).
 *
 * @param name          the backend's name: {@code simd}, {@code ejml} or {@code reference}
 * @param vectorBitSize width of the vectors it computes with, 0 for scalar code
 * @param threads       threads a single kernel call may use
 * @param reason        why this backend was chosen
 * @param notChosen     every other known backend with the reason it was not chosen, in a
 *                      stable order (unmodifiable)
 */
public record BackendInfo(String name, int vectorBitSize, int threads, String reason,
                          Map<String, String> notChosen) {

    public BackendInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        notChosen = Collections.unmodifiableMap(new LinkedHashMap<>(notChosen));
    }

    /** One line for logs: the backend, its width and threads, and why. */
    public String summary() {
        return name + " (" + (vectorBitSize > 0 ? vectorBitSize + "-bit vectors" : "scalar") + ", "
                + threads + (threads == 1 ? " thread" : " threads") + "): " + reason;
    }
}
