package dev.vecmlp.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What a report run set out to measure and what happened, saved as {@code plan.json} beside the
 * results so the summary can list the rows that are missing and say why.
 *
 * @param profile             the profile's name
 * @param estimatedSeconds    the planned runs' expected duration
 * @param expected            the row keys the plan asked for (unavailable backends included)
 * @param unavailableBackends backend name to the reason it could not run here
 * @param failedRuns          runs JMH reported as failed, with the error
 * @param startedUtc          when measuring began
 * @param finishedUtc         when it ended
 * @param loadAverageStart    one-minute load average before the first run
 * @param loadAverageEnd      one-minute load average after the last run
 * @param torchNote           what the PyTorch side-by-side did (ran, skipped and why)
 */
public record ReportPlan(String profile, double estimatedSeconds, List<String> expected,
                         Map<String, String> unavailableBackends, List<String> failedRuns, String startedUtc,
                         String finishedUtc, double loadAverageStart, double loadAverageEnd, String torchNote) {
}
