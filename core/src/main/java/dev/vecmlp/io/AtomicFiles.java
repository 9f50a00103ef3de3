package dev.vecmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: the bytes go to a temporary file in the target's
 * directory, are forced to the disk, and the temporary file is then moved over the target in
 * one atomic rename. A crash at any point leaves either the old file or the new one under the
 * real name, never a half-written one. Where the file system cannot rename atomically the move
 * falls back to a plain replace, with a warning in the log.
 */
public final class AtomicFiles {
    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());

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
