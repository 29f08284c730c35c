package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncState;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.CheckpointExpiredException;
import org.pbxsync.core.IncompleteListingException;
import org.pbxsync.core.directory.ChangeSet;
import org.pbxsync.core.directory.Checkpoint;

/**
 * RFC 4533 answers that slapd with a session log never gives (present phase, refresh required),
 * emulated on the in-memory server by an interceptor that plays the provider's part.
 */
class ContentSyncProtocolTest {
    @TempDir
    Path tmp;

    enum Mode { DELETE_PHASE, PRESENT_PHASE, REFRESH_REQUIRED, NO_DONE_CONTROL }

    static final UUID GONE = UUID.fromString("0b2c0d0e-1111-4222-8333-444455556666");

    static final class SyncProvider extends InMemoryOperationInterceptor {
        final Mode mode;
        volatile String cookieSeen;

        SyncProvider(Mode mode) {
            this.mode = mode;
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) throws com.unboundid.ldap.sdk.LDAPException {
            Control c = r.getRequest().getControl(ContentSyncRequestControl.SYNC_REQUEST_OID);
            if (c == null) {
                return;
            }
            ContentSyncRequestControl sync = new ContentSyncRequestControl(c);
            cookieSeen = sync.getCookie() == null ? null : sync.getCookie().stringValue();
            r.setProperty("sync", Boolean.TRUE);
            SearchRequest copy = r.getRequest().duplicate();
            copy.setControls();
            r.setRequest(copy);
            if (mode == Mode.DELETE_PHASE) {
                r.sendIntermediateResponse(ContentSyncInfoIntermediateResponse.createSyncIDSetResponse(null,
                        List.of(GONE), true));
            }
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry e) {
            if (e.getProperty("sync") == null) {
                return;
            }
            SearchResultEntry entry = e.getSearchEntry();
            UUID uuid = UUID.fromString(entry.getAttributeValue("entryUUID"));
            ContentSyncState state = mode == Mode.PRESENT_PHASE ? ContentSyncState.PRESENT : ContentSyncState.MODIFY;
            e.setSearchEntry(new SearchResultEntry(entry.getDN(), entry.getAttributes(),
                    new ContentSyncStateControl(state, uuid, null)));
        }

        @Override
        public void processSearchResult(InMemoryInterceptedSearchResult r) {
            if (r.getProperty("sync") == null) {
                return;
            }
            LDAPResult old = r.getResult();
            switch (mode) {
                case REFRESH_REQUIRED:
                    r.setResult(new LDAPResult(old.getMessageID(), ResultCode.E_SYNC_REFRESH_REQUIRED));
                    break;
                case NO_DONE_CONTROL:
                    break;
                default:
                    r.setResult(new LDAPResult(old.getMessageID(), ResultCode.SUCCESS, null, null, null,
                            new Control[] {new ContentSyncDoneControl(new ASN1OctetString("cookie-2"),
                                    mode == Mode.DELETE_PHASE)}));
            }
        }
    }

    private ChangeSet changes(Mode mode) throws Exception {
        SyncProvider provider = new SyncProvider(mode);
        try (TestDirectory d = TestDirectory.builder(tmp).interceptor(provider).start();
                LdapDirectorySource s = LdapDirectorySource.create(d.plainConfig()
                        .changeTracking(LdapSourceConfig.ChangeTracking.CONTENT_SYNC).build())) {
            d.addUsers(3);
            ChangeSet c = s.listChanges(new Checkpoint("ldap-syncrepl",
                    Base64.getEncoder().encodeToString("cookie-1".getBytes(StandardCharsets.UTF_8))));
            assertEquals("cookie-1", provider.cookieSeen, "the stored cookie is sent back");
            return c;
        }
    }

    @Test
    void aDeletePhaseGivesUpsertsRemovalsAndTheNewCookie() throws Exception {
        ChangeSet c = changes(Mode.DELETE_PHASE);
        assertEquals(3, c.upserts().size());
        assertEquals(Set.of(GONE.toString()), c.removedIds());
        assertEquals(new Checkpoint("ldap-syncrepl",
                Base64.getEncoder().encodeToString("cookie-2".getBytes(StandardCharsets.UTF_8))), c.next());
    }

    @Test
    void aPresentPhaseExpiresTheCheckpointBecauseDeletionsCannotBeDerived() {
        CheckpointExpiredException ex = assertThrows(CheckpointExpiredException.class,
                () -> changes(Mode.PRESENT_PHASE));
        assertTrue(ex.getMessage().contains("present phase"), ex.getMessage());
    }

    @Test
    void refreshRequiredExpiresTheCheckpoint() {
        CheckpointExpiredException ex = assertThrows(CheckpointExpiredException.class,
                () -> changes(Mode.REFRESH_REQUIRED));
        assertTrue(ex.getMessage().contains("e-syncRefreshRequired"), ex.getMessage());
    }

    @Test
    void anAnswerWithoutTheDoneControlIsIncomplete() {
        assertThrows(IncompleteListingException.class, () -> changes(Mode.NO_DONE_CONTROL));
    }
}
