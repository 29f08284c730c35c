package org.pbxsync.pbx.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DeleteUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.UpdateUserOp;
import org.pbxsync.pbx.internal.AtomicFiles;
import org.pbxsync.pbx.internal.PbxJson;
import org.pbxsync.pbx.internal.PbxModel;

/**
 * A PBX kept in one JSON file, for the examples and for trying the library without a phone
 * system. It behaves like {@link org.pbxsync.pbx.memory.InMemoryPbxTarget} (same uniqueness and
 * ownership rules, every capability) and survives restarts: each write rewrites the whole file
 * atomically (temporary file, fsync, rename), so the file is always either before or after a
 * write, never half-written.
 *
 * <p>The file holds {@code format}, {@code users} (each with {@code userId}, {@code owner},
 * {@code enabled}, {@code fields} by field name, {@code groups}, {@code system}), {@code rules},
 * {@code systems}, {@code groups} and {@code reservedExtensions}. It may be edited by hand while
 * no write is under way; {@link #read()} reloads it when it changed on disk. Login and voicemail
 * codes are stored as given, so the file is created readable by its owner only.
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} at run time: it is an optional
 * dependency of {@code sync-pbx-spi}, so add it to your build (on the module path, also {@code
 * requires com.fasterxml.jackson.databind}). Thread-safe within one process; do not let two
 * processes write one file.
 */
public final class FilePbxTarget implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
    private final Path file;
    private PbxModel model;
    private FileTime loadedVersion;

    private FilePbxTarget(Path file) {
        this.file = file;
    }

    /**
     * Opens the PBX in {@code file}, or starts an empty one there if the file does not exist
     * (the file is written at the first change).
     *
     * @param file the JSON file; not null
     * @return the PBX
     * @throws ConfigurationException if jackson-databind is not available
     * @throws SyncException naming the file if it cannot be read, is not valid, or was written
     *     by a newer version of the library
     */
    public static FilePbxTarget open(Path file) {
        return open(file, PbxSnapshot.builder().build());
    }

    /**
     * Opens the PBX in {@code file}; if the file does not exist, creates it with {@code
     * initial} as its content.
     *
     * @param file the JSON file; not null
     * @param initial the content of a new file (rules, systems, groups, users made by hand); not null
     * @return the PBX
     * @throws ConfigurationException if jackson-databind is not available
     * @throws SyncException naming the file if it cannot be read or written, is not valid, or was
     *     written by a newer version of the library
     */
    public static FilePbxTarget open(Path file, PbxSnapshot initial) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(initial, "initial");
        requireJackson();
        FilePbxTarget target = new FilePbxTarget(file.toAbsolutePath());
        synchronized (target) {
            if (Files.exists(target.file)) {
                target.load();
            } else {
                target.model = PbxModel.of(initial);
                target.save();
            }
        }
        return target;
    }

    private static void requireJackson() {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, FilePbxTarget.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("FilePbxTarget needs com.fasterxml.jackson.core:jackson-databind at run"
                    + " time (an optional dependency of sync-pbx-spi): add it to your build; on the module path also"
                    + " 'requires com.fasterxml.jackson.databind'");
        }
    }

    /** @return the JSON file */
    public Path file() {
        return file;
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String describe() {
        return "file PBX " + file;
    }

    @Override
    public synchronized PbxSnapshot read() {
        reloadIfChanged();
        return model.snapshot();
    }

    @Override
    public void createUser(PlannedOperation op) {
        write(() -> model.create(op));
    }

    @Override
    public void updateUser(PlannedOperation op) {
        write(() -> model.update(op));
    }

    @Override
    public void deleteUser(PlannedOperation op) {
        write(() -> model.delete(op));
    }

    @Override
    public void disableUser(PlannedOperation op) {
        write(() -> model.setEnabled(op, false));
    }

    @Override
    public void enableUser(PlannedOperation op) {
        write(() -> model.setEnabled(op, true));
    }

    private synchronized void write(Runnable change) {
        reloadIfChanged();
        PbxModel before = PbxModel.of(model.snapshot());
        change.run();
        try {
            save();
        } catch (RuntimeException e) {
            model = before;
            throw e;
        }
    }

    private void reloadIfChanged() {
        try {
            if (!Files.getLastModifiedTime(file).equals(loadedVersion)) {
                load();
            }
        } catch (NoSuchFileException e) {
            throw new SyncException("PBX file " + file + " has disappeared");
        } catch (IOException e) {
            throw new SyncException("cannot read PBX file " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            byte[] bytes = Files.readAllBytes(file);
            model = PbxModel.of(PbxJson.read(bytes));
            loadedVersion = version;
        } catch (IOException e) {
            throw new SyncException("cannot read PBX file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SyncException("PBX file " + file + " is not valid: " + e.getMessage(), e);
        } catch (SyncException e) {
            throw new SyncException("PBX file " + file + " breaks the PBX's rules: " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            AtomicFiles.write(file, PbxJson.write(model.snapshot()), true);
            loadedVersion = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new SyncException("cannot write PBX file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
