package dev.vecmlp.io;

import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.train.CheckpointSink;
import dev.vecmlp.train.TrainingResume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Training checkpoints: a model file (same format, same checks, see {@link ModelFiles}) with two
 * more sections holding what resuming needs, the optimiser's state ({@code optm}: kind, update
 * count, named float32 arrays) and the progress counters ({@code prog}: epochs done, steps).
 * Both are ancillary sections, so {@link ModelFiles#load} reads a checkpoint as its model. A
 * third, {@code skip} (the steps skipped in a row as non-finite, for
 * {@link dev.vecmlp.train.NonFinitePolicy#SKIP}'s limit), is written only when that count is
 * not 0, so older checkpoints (without it) load with 0 and older readers skip it. A fourth,
 * {@code wavg} (the weight average of a run with
 * {@link dev.vecmlp.train.Trainer.Builder#weightAveraging}: its length, then one float32 per
 * parameter), is written only when the run keeps one, in the same way: older checkpoints load
 * without an average and older readers skip it. Every float of the optimiser state and of the
 * average must be finite, as the weights must.
 *
 * <p>Every write is atomic: a crash while checkpointing leaves the previous checkpoint intact.
 */
public final class Checkpoints {
    static final String OPTIMIZER = "optm";
    static final String PROGRESS = "prog";
    /** Ancillary: the non-finite steps skipped in a row when the checkpoint was taken; absent means 0. */
    static final String SKIPS = "skip";
    /** Ancillary: the weight average (EMA) of the run; absent means none. */
    static final String AVERAGE = "wavg";

    private Checkpoints() {
    }

    /** A sink for the trainer that (over)writes the checkpoint at {@code path} each time it is called. */
    public static CheckpointSink to(Path path) {
        Objects.requireNonNull(path, "path");
        return (model, resume) -> save(model, resume, path);
    }

    /** Writes {@code model} and {@code resume} to {@code path}, atomically. */
    public static void save(Mlp model, TrainingResume resume, Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        ByteWriter content = encode(model, resume);
        AtomicFiles.write(path, content.array(), content.size());
    }

    /** The checkpoint's bytes, for callers that store them elsewhere. */
    public static byte[] toBytes(Mlp model, TrainingResume resume) {
        return encode(model, resume).toByteArray();
    }

    /**
     * Reads the checkpoint at {@code path}.
     *
     * @throws ModelFormatException with {@link Reason#MISSING_SECTION} for a plain model file
     *                              (no training state), or the reasons {@link ModelFiles} gives
     */
    public static Checkpoint load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return decode(ModelCodec.readAll(path), path.toString());
    }

    /** Reads a checkpoint held in memory. */
    public static Checkpoint fromBytes(byte[] content) throws ModelFormatException {
        Objects.requireNonNull(content, "content");
        return decode(content, "bytes");
    }

    private static ByteWriter encode(Mlp model, TrainingResume resume) {
        Objects.requireNonNull(resume, "resume");
        OptimizerState state = resume.optimizerState();
        ModelCodec.Extra optimizer = new ModelCodec.Extra(OPTIMIZER, w -> {
            w.string(state.kind());
            w.u64(state.updates());
            w.u32(state.arrays().size());
            state.arrays().forEach((name, values) -> {
                w.string(name);
                w.u64(values.length);
                w.floats(values, 0, values.length);
            });
        });
        ModelCodec.Extra progress = new ModelCodec.Extra(PROGRESS, w -> {
            w.u32(resume.epochsDone());
            w.u64(resume.steps());
        });
        List<ModelCodec.Extra> sections = new ArrayList<>(List.of(optimizer, progress));
        if (resume.consecutiveSkips() != 0) {
            sections.add(new ModelCodec.Extra(SKIPS, w -> w.u64(resume.consecutiveSkips())));
        }
        float[] average = resume.averagedWeights();
        if (average != null) {
            if (average.length != model.parameterCount()) {
                throw new IllegalArgumentException("weight average: expected " + model.parameterCount()
                        + " values (the model's parameters), found " + average.length);
            }
            sections.add(new ModelCodec.Extra(AVERAGE, w -> {
                w.u64(average.length);
                w.floats(average, 0, average.length);
            }));
        }
        return ModelCodec.encode(model, Map.of(), sections);
    }

    private static Checkpoint decode(byte[] content, String source) throws ModelFormatException {
        ModelCodec.Decoded d = ModelCodec.decode(content, source);
        ByteReader optimizer = d.otherSections().get(OPTIMIZER);
        ByteReader progress = d.otherSections().get(PROGRESS);
        if (optimizer == null || progress == null) {
            throw new ModelFormatException(Reason.MISSING_SECTION, source + ": expected a checkpoint with sections "
                    + OPTIMIZER + " and " + PROGRESS + ", found a model file without training state");
        }
        String kind = optimizer.string("optimizer kind");
        long updates = optimizer.u64("update count");
        int arrayCount = optimizer.count("array count", 12);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < arrayCount; i++) {
            String name = optimizer.string("name of array " + i);
            long length = optimizer.u64("length of array '" + name + "'");
            float[] values = optimizer.floats(length, "array '" + name + "'");
            ModelCodec.requireFinite(values, optimizer.context() + ", array '" + name + "'");
            if (arrays.put(name, values) != null) {
                throw new ModelFormatException(Reason.MALFORMED, optimizer.context() + ": array '" + name + "' appears twice");
            }
        }
        optimizer.requireEnd();
        int epochs = progress.intInRange("epochs done", 0, Integer.MAX_VALUE);
        long steps = progress.u64("steps");
        progress.requireEnd();
        long skips = 0;
        ByteReader skipSection = d.otherSections().get(SKIPS);
        if (skipSection != null) {
            skips = skipSection.u64("steps skipped in a row");
            skipSection.requireEnd();
        }
        float[] average = null;
        ByteReader averageSection = d.otherSections().get(AVERAGE);
        if (averageSection != null) {
            long length = averageSection.u64("weight average length");
            if (length != d.model().parameterCount()) {
                throw new ModelFormatException(Reason.MALFORMED, averageSection.context() + ": expected a weight average"
                        + " of " + d.model().parameterCount() + " values (the model's parameters), found " + length);
            }
            average = averageSection.floats(length, "weight average");
            ModelCodec.requireFinite(average, averageSection.context() + ", weight average");
            averageSection.requireEnd();
        }
        return new Checkpoint(d.model(), new TrainingResume(new OptimizerState(kind, updates, arrays), epochs, steps, skips,
                average));
    }
}
