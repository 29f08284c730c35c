package org.pbxsync.reliability;

import org.pbxsync.testsupport.CuttingProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.mapping.Mapping;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.core.plan.PlanOptions;
import org.pbxsync.ldap.LdapDirectorySource;
import org.pbxsync.ldap.LdapSourceConfig;
import org.pbxsync.pbx.RunStatus;
import org.pbxsync.pbx.SyncReport;
import org.pbxsync.pbx.SyncStateStore;
import org.pbxsync.pbx.Synchronizer;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/**
 * "A domain controller hiccup never deletes a building's phones": the real LDAP source, the
 * Synchronizer with delete switched on (mode DELETE), and directory faults between runs. Every
 * faulty run either throws or is blocked, the PBX keeps all 200 users untouched, and once the
 * directory is back the next run plans nothing.
 */
class DirectoryHiccupsDeleteNothingTest {
    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=People," + BASE;
    static final int USERS = 200;

    @TempDir
    Path dir;

    InMemoryDirectoryServer ds;
    final AtomicReference<Predicate<InMemoryInterceptedSearchEntry>> hide = new AtomicReference<>(e -> false);
    final AtomicInteger failPage = new AtomicInteger(-1);
    final AtomicInteger pages = new AtomicInteger();
    InMemoryPbxTarget pbx;
    Map<String, PbxUser> synced;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
        cfg.addAdditionalBindCredentials("cn=reader", "reader-pw");
        cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("LDAP", InetAddress.getLoopbackAddress(), 0, null));
        cfg.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchEntry(InMemoryInterceptedSearchEntry e) {
                if (hide.get().test(e)) {
                    e.setSearchEntry(null); // the server silently leaves the entry out (an ACL change, say)
                }
            }

            @Override
            public void processSearchResult(InMemoryInterceptedSearchResult r) {
                if (r.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)
                        && pages.incrementAndGet() == failPage.get()) {
                    r.setResult(new LDAPResult(r.getMessageID(), ResultCode.SIZE_LIMIT_EXCEEDED));
                }
            }
        });
        ds = new InMemoryDirectoryServer(cfg);
        ds.add("dn: " + BASE, "objectClass: domain", "dc: example");
        ds.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: People");
        for (int i = 1; i <= USERS; i++) {
            ds.add("dn: uid=u" + i + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: u" + i, "cn: User " + i,
                    "sn: U", "telephoneNumber: +1 555 " + (1000 + i));
        }
        ds.startListening();
        pbx = InMemoryPbxTarget.empty();
        SyncReport first = sync(config(ds.getListenPort())).synchronize();
        assertTrue(first.isSuccess(), first.toString());
        synced = users();
        assertEquals(USERS, synced.size());
    }

    @AfterEach
    void stop() {
        ds.shutDown(true);
    }

    LdapSourceConfig.Builder config(int port) {
        return LdapSourceConfig.openLdap().server("ldap://127.0.0.1:" + port).bind("cn=reader", "reader-pw".toCharArray())
                .baseDn(PEOPLE).changeTracking(LdapSourceConfig.ChangeTracking.NONE).pageSize(20)
                .responseTimeout(Duration.ofSeconds(10));
    }

    Synchronizer sync(LdapSourceConfig.Builder config) {
        return Synchronizer.builder().source(LdapDirectorySource.create(config.build())).target(pbx)
                .mapping(Mapping.openLdapDefaults())
                .planOptions(PlanOptions.builder().syncName("hq").deleteEnabled(true).deleteMode(DeleteMode.DELETE)
                        .build())
                .stateStore(SyncStateStore.inDirectory(dir.resolve("state"))).sleeper(d -> { }).build();
    }

    Map<String, PbxUser> users() {
        Map<String, PbxUser> m = new TreeMap<>();
        pbx.users().forEach(u -> m.put(u.getUserId(), u));
        return m;
    }

    void assertNothingLostAndRecovery() {
        assertEquals(synced, users(), "the PBX is untouched");
        hide.set(e -> false);
        failPage.set(-1);
        SyncReport back = sync(config(ds.getListenPort())).synchronize();
        assertTrue(back.isSuccess() && back.getPlan().isEmpty(), "once the directory is back nothing changes: " + back);
        assertEquals(synced, users());
    }

    @Test
    void aConnectionResetMidListingDeletesNothing() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(ds.getListenPort(), 9_000)) {
            assertThrows(SyncException.class, () -> sync(config(proxy.port())).synchronize());
            assertTrue(proxy.hasCut());
        }
        assertNothingLostAndRecovery();
    }

    @Test
    void aSizeLimitErrorOnALaterPageDeletesNothing() {
        pages.set(0);
        failPage.set(4);
        assertThrows(SyncException.class, () -> sync(config(ds.getListenPort())).synchronize());
        assertNothingLostAndRecovery();
    }

    @Test
    void aMissingBaseDnDeletesNothing() {
        assertThrows(SyncException.class, () -> sync(config(ds.getListenPort()).baseDn("ou=Moved," + BASE)).synchronize());
        assertNothingLostAndRecovery();
    }

    @Test
    void aDirectoryThatSuddenlyAnswersWithNobodyIsBlocked() {
        hide.set(e -> e.getSearchEntry().getDN().startsWith("uid="));
        SyncReport r = sync(config(ds.getListenPort())).synchronize();
        assertEquals(RunStatus.BLOCKED, r.getStatus(), r.toString());
        assertNothingLostAndRecovery();
    }

    @Test
    void aDirectoryThatSilentlyLosesAThirdOfItsUsersIsBlocked() {
        hide.set(e -> e.getSearchEntry().getDN().matches("uid=u\\d*[147],.*"));
        SyncReport r = sync(config(ds.getListenPort())).synchronize();
        assertEquals(RunStatus.BLOCKED, r.getStatus(), r.toString());
        assertTrue(r.getBlockReasons().stream().anyMatch(b -> b.contains("deleted")), r.getBlockReasons().toString());
        assertNothingLostAndRecovery();
    }

    @Test
    void aServerThatIsDownDeletesNothing() throws Exception {
        int port = ds.getListenPort();
        ds.shutDown(true);
        assertThrows(SyncException.class, () -> sync(config(port).connectTimeout(Duration.ofSeconds(2))).synchronize());
        assertEquals(synced, users());
        ds.startListening();
        SyncReport back = sync(config(ds.getListenPort())).synchronize();
        assertTrue(back.isSuccess() && back.getPlan().isEmpty(), back.toString());
    }
}
