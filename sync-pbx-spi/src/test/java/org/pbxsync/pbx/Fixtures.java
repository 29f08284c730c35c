package org.pbxsync.pbx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.pbxsync.core.directory.DirectoryEntry;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.pbx.memory.InMemoryDirectorySource;

/** Test data and helpers shared by the synchronizer tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-21T02:00:00Z");
    static final String SECRET_PIN = "97531864";

    private Fixtures() {}

    static DirectoryEntry person(int i) {
        return DirectoryEntry.builder("id-" + i, "uid=user" + i + ",ou=Staff,dc=example,dc=com")
                .add("uid", "user" + i).add("cn", "User Number " + i).add("telephoneNumber", "+49 30 " + (1000 + i))
                .add("pin", SECRET_PIN).build();
    }

    static List<DirectoryEntry> people(int from, int to) {
        List<DirectoryEntry> l = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            l.add(person(i));
        }
        return l;
    }

    static InMemoryDirectorySource directory(int count) {
        return InMemoryDirectorySource.create().putAll(people(1, count));
    }

    static Mapping mapping() {
        return Mapping.builder().map(FieldKey.USER_ID, "@id").map(FieldKey.NAME, "uid").map(FieldKey.FULL_NAME, "cn")
                .map(FieldKey.EXTENSION, "telephoneNumber | digits | last(4)").map(FieldKey.LOGIN_CODE, "pin").build();
    }

    static PlanOptions.Builder options() {
        return PlanOptions.builder().syncName("ldap-main");
    }

    static MutableClock clock() {
        return new MutableClock(T0);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records the delays asked for and returns at once. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> delays = new ArrayList<>();

        @Override
        public synchronized void sleep(Duration delay) {
            delays.add(delay);
        }
    }
}
