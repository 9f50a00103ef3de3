package dev.vecmlp.io;

import java.io.IOException;
import java.util.Objects;

/**
 * A model, checkpoint or safetensors file that cannot be read, with the {@link Reason} it was
 * refused for. Thrown before anything is allocated from the file's claims (sizes are checked
 * against the bytes actually present), so a forged file cannot exhaust memory.
 *
 * <p>It is an {@link IOException}: callers that load files already handle those.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file was refused. */
    public enum Reason {
        /** The bytes do not start with the vecmlp magic number: not a model file at all. */
        NOT_A_MODEL_FILE,
        /** Written by a newer vecmlp (or an unknown version): this reader cannot know its layout. */
        UNSUPPORTED_VERSION,
        /** Shorter than its header says: cut off while copying or writing. */
        TRUNCATED,
        /** Longer than its header says: something was appended. */
        TRAILING_DATA,
        /** The content does not match its checksum: bytes were changed. */
        CHECKSUM_MISMATCH,
        /** The structure is inconsistent: a size that does not fit, a duplicate or malformed section. */
        MALFORMED,
        /** A critical section (tag starting with an upper-case letter) this reader does not know. */
        UNKNOWN_CRITICAL_SECTION,
        /** A section or tensor that must be present is missing. */
        MISSING_SECTION,
        /** A value out of its range: an unknown activation code, a non-finite weight, a bad combination. */
        INVALID_VALUE,
        /** Larger than this reader can hold in memory (over 2 GiB). */
        TOO_LARGE,
        /** safetensors: the 8-byte header length is out of range. */
        BAD_HEADER_LENGTH,
        /** safetensors: the header is not valid JSON of the expected shape. */
        BAD_JSON,
        /** safetensors: a tensor's dtype is not one this reader converts. */
        UNSUPPORTED_DTYPE,
        /** safetensors: a tensor's shape does not fit the layer it is read into. */
        BAD_SHAPE,
        /** safetensors: data offsets outside the buffer, overlapping, or not covering it. */
        BAD_OFFSETS
    }

    private final Reason reason;

    public ModelFormatException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    public ModelFormatException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
