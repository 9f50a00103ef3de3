package dev.vecmlp.onnx;

import dev.vecmlp.model.Mlp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an ONNX import produced: the model, the file's metadata ({@code metadata_props} plus
 * {@code onnx.*} entries: producer, IR version, opset, input and output names, and the class
 * labels of a classifier's label output), and notes on every conversion made on the way
 * (float64 or float16 weights narrowed to float32, folded preprocessing or batch
 * normalisation, post-processing mapped to the predictor's class output).
 */
public record OnnxImport(Mlp model, Map<String, String> metadata, List<String> notes) {
    public OnnxImport {
        Objects.requireNonNull(model, "model");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        notes = List.copyOf(notes);
    }
}
