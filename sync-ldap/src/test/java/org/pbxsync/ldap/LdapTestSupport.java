package org.pbxsync.ldap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts directories and sources for a test and closes them after it. */
abstract class LdapTestSupport {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Registers something the test opened, to close after it. */
    <T extends AutoCloseable> T closeAfterTest(T resource) {
        toClose.add(resource);
        return resource;
    }

    TestDirectory start(TestDirectory.Builder b) throws Exception {
        return closeAfterTest(b.start());
    }

    LdapDirectorySource source(LdapSourceConfig.Builder b) {
        return closeAfterTest(LdapDirectorySource.create(b.build()));
    }
}
