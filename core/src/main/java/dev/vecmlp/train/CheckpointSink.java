package dev.vecmlp.train;

import dev.vecmlp.model.Mlp;

import java.io.IOException;

/**
 * Where the trainer hands periodic checkpoints: the model and everything needed to resume.
 * Implementations write atomically (a crash never leaves a half checkpoint under the real name).
 */
@FunctionalInterface
public interface CheckpointSink {
    void save(Mlp model, TrainingResume resume) throws IOException;
}
