package dev.vecmlp.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result format ({@code -rf json}): an array with one object per benchmark and
 * parameter set, holding {@code primaryMetric} (score, error, unit, percentiles, raw iteration
 * data) and {@code secondaryMetrics} (the gc profiler's {@code gc.alloc.rate.norm}, auxiliary
 * counters). The PyTorch script writes rows in the same shape, so both are read here.
 */
public final class JmhResults {
    private JmhResults() {
    }

    /** Rows of one JSON file; an empty or missing file gives no rows. */
    public static List<ResultRow> read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        }
    }

    /** Rows of a JSON array of JMH results; {@code source} names the input in error messages. */
    public static List<ResultRow> parse(Reader in, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseReader(in);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": expected JMH JSON results, found unreadable JSON: "
                    + e.getMessage(), e);
        }
        if (root.isJsonNull()) {
            return List.of();
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(source + ": expected a JSON array of JMH results, found "
                    + kind(root));
        }
        List<ResultRow> rows = new ArrayList<>();
        JsonArray array = root.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            rows.add(row(array.get(i), source + "[" + i + "]"));
        }
        return rows;
    }

    private static ResultRow row(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(where + ": expected a JMH result object, found " + kind(element));
        }
        JsonObject o = element.getAsJsonObject();
        String benchmark = requiredString(o, "benchmark", where);
        String mode = requiredString(o, "mode", where);
        int callers = o.has("threads") ? o.get("threads").getAsInt() : 1;
        Map<String, String> params = new TreeMap<>();
        if (o.has("params") && o.get("params").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("params").entrySet()) {
                params.put(e.getKey(), e.getValue().getAsString());
            }
        }
        if (!o.has("primaryMetric") || !o.get("primaryMetric").isJsonObject()) {
            throw new IllegalArgumentException(where + " (" + benchmark + "): expected a 'primaryMetric' object, found none");
        }
        JsonObject primary = o.getAsJsonObject("primaryMetric");
        double score = number(primary, "score", where);
        double error = primary.has("scoreError") ? number(primary, "scoreError", where) : Double.NaN;
        String unit = primary.has("scoreUnit") ? primary.get("scoreUnit").getAsString() : "";
        Map<String, Double> percentiles = new LinkedHashMap<>();
        if (primary.has("scorePercentiles") && primary.get("scorePercentiles").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : primary.getAsJsonObject("scorePercentiles").entrySet()) {
                percentiles.put(e.getKey(), numberOf(e.getValue(), where + ".scorePercentiles." + e.getKey()));
            }
        }
        List<Double> iterations = new ArrayList<>();
        if (primary.has("rawData") && primary.get("rawData").isJsonArray()) {
            for (JsonElement fork : primary.getAsJsonArray("rawData")) {
                for (JsonElement it : fork.getAsJsonArray()) {
                    iterations.add(numberOf(it, where + ".rawData"));
                }
            }
        }
        Map<String, Double> secondary = new LinkedHashMap<>();
        if (o.has("secondaryMetrics") && o.get("secondaryMetrics").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("secondaryMetrics").entrySet()) {
                if (e.getValue().isJsonObject() && e.getValue().getAsJsonObject().has("score")) {
                    secondary.put(e.getKey(), number(e.getValue().getAsJsonObject(), "score", where + "." + e.getKey()));
                }
            }
        }
        return new ResultRow(benchmark, mode, callers, new TreeMap<>(params), score, error, unit,
                percentiles, iterations, secondary);
    }

    private static String requiredString(JsonObject o, String name, String where) {
        if (!o.has(name) || !o.get(name).isJsonPrimitive()) {
            throw new IllegalArgumentException(where + ": expected a string field '" + name + "', found "
                    + (o.has(name) ? kind(o.get(name)) : "none"));
        }
        return o.get(name).getAsString();
    }

    private static double number(JsonObject o, String name, String where) {
        if (!o.has(name)) {
            throw new IllegalArgumentException(where + ": expected a number field '" + name + "', found none");
        }
        return numberOf(o.get(name), where + "." + name);
    }

    /** A JSON number, or the strings JMH writes for non-finite values ("NaN", "Infinity"). */
    private static double numberOf(JsonElement e, String where) {
        if (e.isJsonPrimitive()) {
            String s = e.getAsString();
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException ex) {
                // reported below
            }
        }
        throw new IllegalArgumentException(where + ": expected a number, found " + e);
    }

    private static String kind(JsonElement e) {
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return "the value " + e;
    }
}
