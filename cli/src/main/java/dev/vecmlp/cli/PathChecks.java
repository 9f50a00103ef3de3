package dev.vecmlp.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the files and directories options name before a command uses them, so a problem is
 * reported with the option and the path ("--train data/: expected a file, found a directory")
 * rather than as a bare I/O error, and writes output files through a guard that reports a
 * failed write by the option and the target, never by the temporary file the write went to.
 * Each problem is a {@link PathProblem}: a failure while running (exit code 1).
 */
final class PathChecks {
    private PathChecks() {
    }

    /** A file or directory an option names cannot be used. */
    static final class PathProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PathProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Something that writes files and may fail. */
    interface Write<T> {
        T run() throws IOException;
    }

    /** {@code path} (given with {@code option}; may be null) is a readable regular file. */
    static void readableFile(String option, Path path) {
        if (path == null) {
            return;
        }
        if (!Files.exists(path)) {
            throw problem(option, path, "file not found: " + path, null);
        }
        if (Files.isDirectory(path)) {
            throw problem(option, path, "expected a file, found a directory: " + path, null);
        }
        if (!Files.isReadable(path)) {
            throw problem(option, path, "permission denied: cannot read " + path, null);
        }
    }

    /** {@code path} (may be null) is a directory. */
    static void directory(String option, Path path) {
        if (path == null) {
            return;
        }
        if (!Files.exists(path)) {
            throw problem(option, path, "directory not found: " + path, null);
        }
        if (!Files.isDirectory(path)) {
            throw problem(option, path, "expected a directory, found a file: " + path, null);
        }
    }

    /**
     * A file can be written at {@code target}: it is not a directory, and its nearest existing
     * ancestor is a directory (the missing ones are created when writing).
     */
    static void writableFile(String option, Path target) {
        if (Files.isDirectory(target)) {
            throw problem(option, target, "expected a file name to write, found a directory: " + target, null);
        }
        ancestorIsDirectory(option, target.toAbsolutePath().getParent(), target);
    }

    /** Files can be written into {@code dir}: it is a directory or can be created as one. */
    static void writableDirectory(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw problem(option, dir, "expected a directory to write into, found a file: " + dir, null);
        }
        ancestorIsDirectory(option, dir.toAbsolutePath().getParent(), dir);
    }

    private static void ancestorIsDirectory(String option, Path start, Path target) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw problem(option, target, "cannot create " + target + ": " + p + " is a file, not a directory",
                            null);
                }
                return;
            }
        }
    }

    /** Runs {@code write}, reporting a failure by {@code option} and {@code target} (not by a temporary file). */
    static <T> T guard(String option, Path target, Write<T> write) {
        try {
            return write.run();
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason()
                    : e instanceof FileSystemException ? e.getClass().getSimpleName().replace("Exception", "")
                    : e.getMessage();
            throw problem(option, target, "could not write " + target + ": " + reason, e);
        }
    }

    private static PathProblem problem(String option, Path path, String message, Throwable cause) {
        return new PathProblem(option + ": " + message, cause);
    }
}
