package org.pbxsync.pbx.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pbxsync.core.directory.Checkpoint;
import org.pbxsync.pbx.RunKind;
import org.pbxsync.pbx.RunStatus;
import org.pbxsync.pbx.RunSummary;
import org.pbxsync.pbx.SyncInProgressException;
import org.pbxsync.pbx.SyncLock;
import org.pbxsync.pbx.SyncState;
import org.pbxsync.pbx.SyncStateException;
import org.pbxsync.pbx.SyncStateStore;

public final class DirectorySyncStateStore implements SyncStateStore {
    static final int FORMAT = 1;
    /** Lock files held by this JVM: closing any channel on a locked file can drop the process's lock, so never open a second one. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;

    public DirectorySyncStateStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    public Path stateFile(String syncName) {
        return directory.resolve(encode(syncName) + ".state");
    }

    Path lockFile(String syncName) {
        return directory.resolve(encode(syncName) + ".lock");
    }

    static String encode(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')
                    && !(sb.length() == 0 && c == '.')) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    @Override
    public Optional<SyncState> load(String syncName) {
        Path file = stateFile(syncName);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SyncStateException("sync state file " + file + " is not valid (not UTF-8 text); it was not reset:"
                    + " restore it, or delete it to make the next run of '" + syncName + "' a full run", e);
        } catch (IOException e) {
            throw new SyncStateException("cannot read sync state file " + file + ": " + e, e);
        }
        try {
            return Optional.of(parse(syncName, text));
        } catch (RuntimeException e) {
            throw new SyncStateException("sync state file " + file + " is not valid (" + e.getMessage()
                    + "); it was not reset: restore it, or delete it to make the next run of '" + syncName
                    + "' a full run", e);
        }
    }

    private static SyncState parse(String syncName, String text) throws IllegalArgumentException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable properties: " + e.getMessage(), e);
        }
        String format = required(p, "format");
        int version;
        try {
            version = Integer.parseInt(format);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("format '" + format + "' is not a number");
        }
        if (version > FORMAT) {
            throw new IllegalArgumentException("format " + version + " was written by a newer version of the library,"
                    + " which this one (format " + FORMAT + ") cannot read");
        }
        if (version < 1) {
            throw new IllegalArgumentException("unknown format " + version);
        }
        String name = required(p, "syncName");
        if (!name.equals(syncName)) {
            throw new IllegalArgumentException("it belongs to sync '" + name + "', not '" + syncName + "'");
        }
        if (!"end".equals(p.getProperty("end"))) {
            throw new IllegalArgumentException("the end marker is missing (truncated file?)");
        }
        Optional<Checkpoint> checkpoint = Optional.empty();
        if (p.containsKey("checkpoint.kind")) {
            checkpoint = Optional.of(new Checkpoint(required(p, "checkpoint.kind"), required(p, "checkpoint.value")));
        }
        Optional<Instant> lastFull = Optional.ofNullable(p.getProperty("lastFullRun")).map(v -> instant("lastFullRun", v));
        boolean fullRequired = bool(p, "fullRunRequired");
        Optional<RunSummary> lastRun = Optional.empty();
        if (p.containsKey("lastRun.status")) {
            int failed;
            try {
                failed = Integer.parseInt(required(p, "lastRun.failed"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lastRun.failed is not a number");
            }
            lastRun = Optional.of(new RunSummary(enumValue(RunStatus.class, p, "lastRun.status"),
                    enumValue(RunKind.class, p, "lastRun.kind"), instant("lastRun.startedAt", required(p, "lastRun.startedAt")),
                    instant("lastRun.finishedAt", required(p, "lastRun.finishedAt")), required(p, "lastRun.summary"), failed));
        }
        return new SyncState(syncName, checkpoint, lastFull, fullRequired, lastRun);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v;
    }

    private static boolean bool(Properties p, String key) {
        String v = required(p, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static Instant instant(String key, String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' is not an ISO-8601 instant: '" + v + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Properties p, String key) {
        String v = required(p, key);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' has unknown value '" + v + "'");
        }
    }

    @Override
    public void save(SyncState state) {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("syncName", state.syncName());
        state.checkpoint().ifPresent(c -> {
            p.setProperty("checkpoint.kind", c.kind());
            p.setProperty("checkpoint.value", c.value());
        });
        state.lastFullRun().ifPresent(t -> p.setProperty("lastFullRun", t.toString()));
        p.setProperty("fullRunRequired", Boolean.toString(state.fullRunRequired()));
        state.lastRun().ifPresent(r -> {
            p.setProperty("lastRun.status", r.status().name());
            p.setProperty("lastRun.kind", r.kind().name());
            p.setProperty("lastRun.startedAt", r.startedAt().toString());
            p.setProperty("lastRun.finishedAt", r.finishedAt().toString());
            p.setProperty("lastRun.summary", r.summary());
            p.setProperty("lastRun.failed", Integer.toString(r.failedOperations()));
        });
        p.setProperty("end", "end");
        StringWriter w = new StringWriter();
        try {
            p.store(w, "PBX User Sync state of one sync; written atomically; do not edit while a sync runs");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path file = stateFile(state.syncName());
        try {
            AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new SyncStateException("cannot write sync state file " + file + ": " + e, e);
        }
    }

    @Override
    public SyncLock lock(String syncName) {
        Path lockFile = lockFile(syncName);
        if (!HELD.add(lockFile)) {
            throw new SyncInProgressException("sync '" + syncName + "' is already running in this process (lock "
                    + lockFile + "); this run was refused");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD.remove(lockFile);
                throw new SyncInProgressException("sync '" + syncName + "' is already running in another process"
                        + " (lock file " + lockFile + " is locked); this run was refused");
            }
            return new FileSyncLock(syncName, lockFile, channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            HELD.remove(lockFile);
            throw new SyncStateException("cannot lock sync '" + syncName + "' with lock file " + lockFile + ": " + e, e);
        }
    }

    private static final class FileSyncLock implements SyncLock {
        private final String syncName;
        private final Path lockFile;
        private final FileChannel channel;
        private final FileLock lock;
        private final AtomicBoolean open = new AtomicBoolean(true);

        FileSyncLock(String syncName, Path lockFile, FileChannel channel, FileLock lock) {
            this.syncName = syncName;
            this.lockFile = lockFile;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public String syncName() {
            return syncName;
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new SyncStateException("cannot release lock file " + lockFile + ": " + e, e);
            } finally {
                HELD.remove(lockFile);
            }
        }
    }

    @Override
    public String toString() {
        return "sync state directory " + directory;
    }
}
