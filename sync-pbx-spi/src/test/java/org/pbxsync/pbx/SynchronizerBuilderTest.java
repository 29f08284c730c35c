package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.pbxsync.core.ConfigurationException;
import org.pbxsync.core.model.OperationType;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.DeleteMode;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

class SynchronizerBuilderTest {
    @Test
    void everyMissingSettingIsReportedAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Synchronizer.builder().build());
        assertEquals(5, e.getProblems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("source") && e.getMessage().contains("stateStore"), e.getMessage());
    }

    @Test
    void nullsAndNonsenseAreRefusedWhenSet() {
        assertThrows(NullPointerException.class, () -> Synchronizer.builder().source(null));
        assertThrows(IllegalArgumentException.class, () -> Synchronizer.builder().fullRunInterval(Duration.ZERO));
    }

    @Test
    void aTargetOfAnUnknownSpiVersionIsRefusedWithBothVersions() {
        PbxTarget future = new PbxTarget() {
            @Override
            public String spiVersion() {
                return "2.0";
            }

            @Override
            public String describe() {
                return "future PBX";
            }

            @Override
            public PbxSnapshot read() {
                return PbxSnapshot.builder().build();
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder(future).build());
        assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains("[1.0]") && e.getMessage().contains("future PBX"),
                e.getMessage());
    }

    @Test
    void aDeleteModeTheTargetCannotPerformIsRefused() {
        InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
        PbxTarget noDisable = pbx.restrictedTo(CreateUserOp.class, UpdateUserOp.class, DeleteUserOp.class);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder(noDisable)
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DISABLE).build()).build());
        assertTrue(e.getMessage().contains("DisableUserOp"), e.getMessage());
        PbxTarget noDelete = pbx.restrictedTo(CreateUserOp.class, DisableUserOp.class);
        e = assertThrows(ConfigurationException.class, () -> builder(noDelete)
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DELETE).build()).build());
        assertTrue(e.getMessage().contains("DeleteUserOp"), e.getMessage());
        Synchronizer ok = builder(noDelete)
                .planOptions(Fixtures.options().deleteEnabled(true).deleteMode(DeleteMode.DISABLE).build()).build();
        assertEquals(EnumSet.of(OperationType.CREATE, OperationType.DISABLE, OperationType.ENABLE),
                ok.getPlanOptions().getSupportedOperations());
    }

    @Test
    void supportedOperationsAreNarrowedNotWidened() {
        Synchronizer s = builder(InMemoryPbxTarget.empty())
                .planOptions(Fixtures.options().supportedOperations(EnumSet.of(OperationType.CREATE)).build()).build();
        assertEquals(EnumSet.of(OperationType.CREATE), s.getPlanOptions().getSupportedOperations());
        assertEquals("ldap-main", s.getName());
    }

    private static Synchronizer.Builder builder(PbxTarget target) {
        return Synchronizer.builder().source(Fixtures.directory(1)).target(target).mapping(Fixtures.mapping())
                .planOptions(Fixtures.options().build()).stateStore(SyncStateStore.inMemory());
    }
}
