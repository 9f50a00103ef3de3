package dev.vecmlp.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One JMH invocation of a profile: a benchmark method, the parameter values to cross, the
 * number of calling threads and the timing. JMH crosses every parameter list, so a profile
 * expresses "reference only at small batches" as a separate planned run.
 *
 * @param title     what the run measures, for progress lines
 * @param benchmark the benchmark class
 * @param method    the benchmark method
 * @param params    parameter name to the values to run (each list non-empty)
 * @param callers   calling threads (JMH {@code -t}); 0 means every available processor
 * @param timing    forks, warm-up and measurement
 */
public record PlannedRun(String title, Class<?> benchmark, String method, Map<String, List<String>> params,
                         int callers, Timing timing) {

    public PlannedRun {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        params = Collections.unmodifiableMap(copy);
        if (callers < 0) {
            throw new IllegalArgumentException("callers: expected >= 0 (0 = all processors), found " + callers);
        }
    }

    /** JMH's include pattern for exactly this method. */
    public String includePattern() {
        return "^" + Pattern.quote(benchmark.getName() + "." + method) + "$";
    }

    /** The calling threads on a machine with {@code processors} processors. */
    public int resolvedCallers(int processors) {
        return callers == 0 ? processors : callers;
    }

    /** Every parameter combination JMH will run, each sorted by name. */
    public List<SortedMap<String, String>> combinations() {
        List<SortedMap<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>());
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<SortedMap<String, String>> next = new ArrayList<>();
            for (SortedMap<String, String> partial : combos) {
                for (String value : e.getValue()) {
                    SortedMap<String, String> extended = new TreeMap<>(partial);
                    extended.put(e.getKey(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos;
    }

    /** The row keys this run should produce on a machine with {@code processors} processors. */
    public List<String> expectedKeys(int processors) {
        List<String> keys = new ArrayList<>();
        for (SortedMap<String, String> combo : combinations()) {
            keys.add(RowKey.of(benchmark.getName() + "." + method, resolvedCallers(processors), combo));
        }
        return keys;
    }

    /** The same run without the given backends; empty when no backend is left. */
    public Optional<PlannedRun> withoutBackends(Collection<String> unavailable) {
        List<String> backends = params.get("backend");
        if (backends == null) {
            return Optional.of(this);
        }
        List<String> left = new ArrayList<>(backends);
        left.removeAll(unavailable);
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put("backend", left);
        return Optional.of(new PlannedRun(title, benchmark, method, p, callers, timing));
    }

    /** The same run with another timing. */
    public PlannedRun withTiming(Timing newTiming) {
        return new PlannedRun(title, benchmark, method, params, callers, newTiming);
    }

    /** Expected wall time of the whole run. */
    public double estimatedSeconds() {
        return combinations().size() * timing.estimatedSeconds();
    }
}
