package dev.vecmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: the bytes go to a temporary file in the target's
 * directory, are forced to the disk, and the temporary file is then moved over the target in
 * one atomic rename. A crash at any point leaves either the old file or the new one under the
 * real name, never a half-written one. Where the file system cannot rename atomically the move
 * falls back to a plain replace, with a warning in the log.
 *
 * <p><b>Crash leftovers.</b> A process killed mid-save leaves its temporary file,
 * {@code .<name>.<hex>.tmp} beside the target. Each successful save of a target deletes the
 * temporary files of that target's own pattern whose last modification is older than
 * {@link #STALE_AFTER} (one hour). A save in progress writes its temporary file in one go and
 * renames it within moments, so a temporary file untouched for an hour cannot belong to a live
 * save (only to one stalled that long, which a kill would also explain); younger ones, and
 * every other file, are left alone, so concurrent saves of the same target never lose a file.
 */
public final class AtomicFiles {
    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());
    /** How old (by last-modified time) a temporary file of a target must be before a later save removes it. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);

    private AtomicFiles() {
    }

    /** Writes {@code content[0, length)} to {@code target}, atomically where the file system allows. */
    public static void write(Path target, byte[] content, int length) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        if (length < 0 || length > content.length) {
            throw new IndexOutOfBoundsException("length: expected 0 to " + content.length + ", found " + length);
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("cannot write " + target + ": it has no parent directory");
        }
        Files.createDirectories(dir);
        Path temp = newTemporaryFile(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            keepPermissionsOf(absolute, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content, 0, length);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.log(System.Logger.Level.WARNING, "the file system under " + dir + " cannot rename atomically;"
                        + " replacing " + absolute.getFileName() + " non-atomically");
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
            removeStaleTemporaries(dir, absolute.getFileName().toString(), Instant.now().minus(STALE_AFTER));
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes all of {@code content} to {@code target} atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, content.length);
    }

    /**
     * A new empty file next to the target. Unlike {@link Files#createTempFile} it gets the
     * process's default permissions (the umask), so the saved file is as readable as any other.
     */
    private static Path newTemporaryFile(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes {@code .<name>.<hex>.tmp} files in {@code dir} last modified before {@code cutoff}.
     * Best effort: a file that vanishes or cannot be deleted is logged and left.
     */
    static int removeStaleTemporaries(Path dir, String name, Instant cutoff) {
        String prefix = "." + name + ".";
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> isTemporaryOf(p.getFileName().toString(), prefix))) {
            for (Path p : entries) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                        removed++;
                        LOG.log(System.Logger.Level.INFO, () -> "removed " + p + ", a temporary file left by an"
                                + " interrupted save (older than " + STALE_AFTER.toMinutes() + " minutes)");
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "stale temporary file " + p + " not removed: " + e);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "temporary files of " + name + " in " + dir + " not listed: " + e);
        }
        return removed;
    }

    /** Whether {@code file} is {@code prefix + <1 to 16 hex digits> + ".tmp"}, the names {@link #newTemporaryFile} makes. */
    private static boolean isTemporaryOf(String file, String prefix) {
        if (!file.startsWith(prefix) || !file.endsWith(".tmp")) {
            return false;
        }
        int from = prefix.length();
        int to = file.length() - 4;
        if (to - from < 1 || to - from > 16) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = file.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Gives the new file the permissions of the file it replaces, where the file system has POSIX permissions. */
    private static void keepPermissionsOf(Path target, Path temp) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "permissions of " + target + " not copied: " + e);
        }
    }

    /** Makes the rename durable where the platform lets a directory be synced (not on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "directory " + dir + " cannot be synced: " + e);
        }
    }
}
