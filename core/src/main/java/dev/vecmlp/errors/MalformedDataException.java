package dev.vecmlp.errors;

/**
 * A data file whose content is not what its format requires: a wrong magic number or type
 * code in an IDX file, a size that does not match the bytes present, a CSV row with the wrong
 * number of cells or a cell that is not a number, bytes that are not UTF-8, corrupt gzip data. The message names the file, the place (line
 * and column, or byte offset) and what was expected and found.
 */
public class MalformedDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(String message) {
        super(message);
    }

    /** With the lower-level failure (a decoding or decompression error) as the cause. */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
