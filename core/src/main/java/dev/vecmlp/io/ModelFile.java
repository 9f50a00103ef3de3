package dev.vecmlp.io;

import dev.vecmlp.model.Mlp;

import java.util.Map;
import java.util.Objects;

/**
 * What a model file holds: the model (architecture, weights, input scaling), its metadata
 * (free-form strings such as name, training data and metrics) and the format version it was
 * written in.
 */
public record ModelFile(Mlp model, Map<String, String> metadata, int formatVersion) {
    public ModelFile {
        Objects.requireNonNull(model, "model");
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    }
}
