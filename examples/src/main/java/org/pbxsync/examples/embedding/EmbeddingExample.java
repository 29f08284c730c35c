package org.pbxsync.examples.embedding;

import java.nio.file.Path;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.core.plan.SyncPlan;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;

/** The README's embedding example: a host syncs Active Directory into its own PBX. Compiled with the build. */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    /**
     * Previews, then applies, one sync from Active Directory into the host's PBX.
     *
     * @param myPbx the host's {@link PbxTarget}
     * @param bindPassword the service account's password, from the host's secret store
     * @return the run's report
     */
    public static SyncReport syncFromActiveDirectory(PbxTarget myPbx, char[] bindPassword) {
        LdapSourceConfig ldap = LdapSourceConfig.activeDirectory()
                .server("ldaps://dc1.corp.example.com:636").server("ldaps://dc2.corp.example.com:636")
                .trustPemFile(Path.of("/etc/pbx-sync/corp-ca.pem"))
                .bind("CN=svc-pbx,OU=Service,DC=corp,DC=example,DC=com", bindPassword)
                .baseDn("OU=Staff,DC=corp,DC=example,DC=com")
                .build();
        try (LdapDirectorySource source = LdapDirectorySource.create(ldap)) {
            Synchronizer sync = Synchronizer.builder()
                    .source(source)
                    .target(myPbx)
                    .mapping(Mapping.activeDirectoryDefaults())
                    .planOptions(PlanOptions.builder().syncName("ad-main").deleteEnabled(true).build())
                    .stateStore(SyncStateStore.inDirectory(Path.of("/var/lib/pbx-sync")))
                    .build();
            SyncPlan plan = sync.preview();          // what would happen; writes nothing
            System.out.println(plan);                // counts, errors, warnings, block reasons
            return sync.synchronize();               // plan again and apply; blocked plans write nothing
        }
    }
}
