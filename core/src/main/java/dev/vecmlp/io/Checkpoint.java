package dev.vecmlp.io;

import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.TrainingResume;

import java.util.Objects;

/** A training checkpoint read back: the model as it was, and where training stood (optimiser state, counters). */
public record Checkpoint(Mlp model, TrainingResume resume) {
    public Checkpoint {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(resume, "resume");
    }
}
