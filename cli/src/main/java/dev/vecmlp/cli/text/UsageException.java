package dev.vecmlp.cli.text;

/**
 * A usage error found after the command line was parsed (an unknown or ambiguous column, a
 * header that is not one, a bad value in a settings file): the CLI reports it like picocli's
 * own usage errors and exits with code 2. The message names the option or file, what was
 * expected, what was found and what to do.
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
