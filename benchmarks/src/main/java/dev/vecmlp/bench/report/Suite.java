package dev.vecmlp.bench.report;

import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.inference.PredictBenchmark;
import dev.vecmlp.bench.kernel.ElementwiseKernel;
import dev.vecmlp.bench.kernel.GemmShape;

/**
 * The kinds of rows a report holds, each with its headline figure: what a reader compares
 * between backends and between reports.
 * <ul>
 *   <li>{@link #SGD}: samples/s = training steps/s x batch;</li>
 *   <li>{@link #LATENCY}: p50 of one single-sample prediction, in microseconds (lower is better);</li>
 *   <li>{@link #BATCH}: samples/s of batch prediction = calls/s x its batch parameter;</li>
 *   <li>{@link #GEMM}: GFLOP/s = products/s x {@code 2 m n k};</li>
 *   <li>{@link #FMA_PEAK}: GFLOP/s of the FMA probe (its {@code flops} counter);</li>
 *   <li>{@link #ELEMENTWISE}: GB/s = calls/s x length x bytes per element;</li>
 *   <li>{@link #OTHER}: any other benchmark in the module, its median score in JMH's unit.</li>
 * </ul>
 * Headlines use the median of the iteration scores, not the mean: the machines are shared and
 * one disturbed iteration should not move the figure.
 */
public enum Suite {
    SGD("SgdStepBenchmark.step", "samples/s", true),
    LATENCY("PredictBenchmark.latency", "us (p50)", false),
    BATCH("PredictBenchmark.batch", "samples/s", true),
    GEMM("GemmBenchmark.gemm", "GFLOP/s", true),
    FMA_PEAK("FmaPeakBenchmark.fma", "GFLOP/s", true),
    ELEMENTWISE("ElementwiseBenchmark.call", "GB/s", true),
    OTHER("", "", true);

    private final String shortName;
    private final String unit;
    private final boolean higherIsBetter;

    Suite(String shortName, String unit, boolean higherIsBetter) {
        this.shortName = shortName;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    /** The suite of a row, by its benchmark's short name. */
    public static Suite of(ResultRow row) {
        String name = row.shortName();
        for (Suite s : values()) {
            if (s != OTHER && s.shortName.equals(name)) {
                return s;
            }
        }
        return OTHER;
    }

    /** Unit of a row's headline figure (for {@link #OTHER}, JMH's unit of the row). */
    public String unit(ResultRow row) {
        return this == OTHER ? row.unit() : unit;
    }

    /** Whether a larger headline is better: rates are, times per operation ({@code .../op}) are not. */
    public boolean higherIsBetter(ResultRow row) {
        return this == OTHER ? !row.unit().endsWith("/op") : higherIsBetter;
    }

    /** The row's headline figure in {@link #unit()}; NaN when the row lacks what it needs. */
    public double headline(ResultRow row) {
        switch (this) {
            case SGD:
                return row.medianScore() * row.intParam("batch");
            case LATENCY:
                return microseconds(row.percentile(50), row.unit());
            case BATCH:
                return row.medianScore() * batchRows(row);
            case GEMM:
                return row.medianScore() * gemmFlops(row) / 1e9;
            case FMA_PEAK:
                return row.secondary().getOrDefault("flops", Double.NaN) / 1e9;
            case ELEMENTWISE:
                return row.medianScore() * row.intParam("len")
                        * ElementwiseKernel.valueOf(row.param("kernel")).bytesPerElement() / 1e9;
            default:
                return row.medianScore();
        }
    }

    /** Rows per call of a batch-prediction row: its {@code batch} parameter, {@link PredictBenchmark#BATCH} in older reports. */
    public static int batchRows(ResultRow row) {
        return row.param("batch") == null ? PredictBenchmark.BATCH : row.intParam("batch");
    }

    /** {@code 2 m n k} of a GEMM row, from its model, layer and batch. */
    public static double gemmFlops(ResultRow row) {
        CanonicalModel model = CanonicalModel.byName(row.param("model"));
        int layer = row.intParam("layer");
        return GemmShape.flops(row.intParam("batch"), model.layerInputs(layer), model.layerOutputs(layer));
    }

    /**
     * GEMM flops of one training step per sample: forward {@code X W^T} and weight gradient
     * {@code dZ^T X} for every layer, {@code dZ W} for every layer but the first.
     */
    public static double trainingGemmFlopsPerSample(CanonicalModel model) {
        double flops = 0;
        for (int l = 0; l < model.layerCount(); l++) {
            double product = 2.0 * model.layerInputs(l) * model.layerOutputs(l);
            flops += l == 0 ? 2 * product : 3 * product;
        }
        return flops;
    }

    /** A time in JMH's unit converted to microseconds. */
    static double microseconds(double value, String unit) {
        String u = unit == null ? "" : unit.replace("/op", "");
        switch (u) {
            case "ns":
                return value / 1e3;
            case "us":
                return value;
            case "ms":
                return value * 1e3;
            case "s":
                return value * 1e6;
            default:
                return Double.NaN;
        }
    }
}
