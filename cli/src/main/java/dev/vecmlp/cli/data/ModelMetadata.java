package dev.vecmlp.cli.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CLI stores in a model file's metadata so that {@code evaluate} and {@code predict}
 * read data the way {@code train} did: the task, the class names in index order, the feature
 * column names (for CSV data), the label column, and a description of the training run.
 * Lists are stored as JSON arrays; the keys follow the model-file format's suggestions
 * ({@code training.*}, {@code metrics.*}).
 */
public record ModelMetadata(boolean classification, List<String> classes, List<String> featureNames,
                            String labelColumn, String trainingData, String recipe, Double testAccuracy) {
    static final String TASK = "task";
    static final String CLASSES = "classes";
    static final String FEATURES = "features";
    static final String LABEL_COLUMN = "label-column";
    static final String DATA = "training.data";
    static final String RECIPE = "training.recipe";
    static final String TEST_ACCURACY = "metrics.test-accuracy";
    private static final Gson GSON = new Gson();

    public ModelMetadata {
        classes = List.copyOf(classes);
        featureNames = List.copyOf(featureNames);
    }

    /** The metadata map to save with the model. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("name", "vecmlp-cli model");
        map.put(TASK, classification ? "classification" : "regression");
        if (classification) {
            map.put(CLASSES, GSON.toJson(classes));
        }
        if (!featureNames.isEmpty()) {
            map.put(FEATURES, GSON.toJson(featureNames));
        }
        if (labelColumn != null) {
            map.put(LABEL_COLUMN, labelColumn);
        }
        map.put(DATA, trainingData);
        map.put(RECIPE, recipe);
        if (testAccuracy != null) {
            map.put(TEST_ACCURACY, String.format(java.util.Locale.ROOT, "%.4f", testAccuracy));
        }
        return map;
    }

    /**
     * Reads the metadata back. A model saved by other code (without these keys) is taken as a
     * classifier with classes "0".."n-1" when it has several outputs, else as a regression.
     */
    public static ModelMetadata fromMap(Map<String, String> map, int outputWidth) {
        String task = map.get(TASK);
        boolean classification = task != null ? task.equals("classification") : outputWidth > 1;
        List<String> classes = classification ? list(map, CLASSES) : List.of();
        if (classification && classes.isEmpty()) {
            String[] names = new String[outputWidth];
            for (int k = 0; k < outputWidth; k++) {
                names[k] = Integer.toString(k);
            }
            classes = List.of(names);
        }
        if (classification && classes.size() != outputWidth && !(outputWidth == 1 && classes.size() == 2)) {
            throw new InvalidConfigurationException("model metadata: expected " + outputWidth
                    + " class names for the model's outputs, found " + classes.size());
        }
        Double accuracy = map.containsKey(TEST_ACCURACY) ? Double.valueOf(map.get(TEST_ACCURACY)) : null;
        return new ModelMetadata(classification, classes, list(map, FEATURES), map.get(LABEL_COLUMN),
                map.getOrDefault(DATA, "unknown"), map.getOrDefault(RECIPE, "unknown"), accuracy);
    }

    private static List<String> list(Map<String, String> map, String key) {
        String json = map.get(key);
        if (json == null) {
            return List.of();
        }
        try {
            List<String> values = GSON.fromJson(json, new TypeToken<List<String>>() { }.getType());
            return values == null ? List.of() : values;
        } catch (JsonParseException e) {
            throw new InvalidConfigurationException("model metadata '" + key + "': expected a JSON array of strings, "
                    + "found " + json);
        }
    }
}
