package org.pbxsync.pbx.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DeleteUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.UpdateUserOp;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/**
 * Runs the contract against targets with one deliberate defect each and checks that the tests
 * meant to catch that defect fail. The broken contract classes are nested, so surefire does not
 * run them on their own.
 */
class ContractCatchesBrokenTargetsTest {

    /** Delegates everything to an in-memory PBX; subclasses break one thing. */
    static class Delegating implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
        final InMemoryPbxTarget pbx = InMemoryPbxTarget.builder().groups("Sales").build();

        @Override
        public String spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public String describe() {
            return "broken test PBX";
        }

        @Override
        public PbxSnapshot read() {
            return pbx.read();
        }

        @Override
        public void createUser(PlannedOperation op) {
            pbx.createUser(op);
        }

        @Override
        public void updateUser(PlannedOperation op) {
            pbx.updateUser(op);
        }

        @Override
        public void deleteUser(PlannedOperation op) {
            pbx.deleteUser(op);
        }

        @Override
        public void disableUser(PlannedOperation op) {
            pbx.disableUser(op);
        }

        @Override
        public void enableUser(PlannedOperation op) {
            pbx.enableUser(op);
        }
    }

    /** Forgets the owner when reading. */
    static class LosesOwnerContract extends PbxTargetContract {
        @Override
        protected PbxTarget createTarget() {
            return new Delegating() {
                @Override
                public PbxSnapshot read() {
                    PbxSnapshot s = pbx.read();
                    return PbxSnapshot.builder().from(s)
                            .users(s.getUsers().stream().map(u -> PbxUser.builder().from(u).owner(java.util.Optional.empty()).build()).toList())
                            .build();
                }
            };
        }
    }

    /** Writes the whole desired user on update instead of the listed changes, and fails a repeated delete. */
    static class SloppyWritesContract extends PbxTargetContract {
        @Override
        protected PbxTarget createTarget() {
            return new Delegating() {
                @Override
                public void updateUser(PlannedOperation op) {
                    pbx.removeUserByHand(op.getUserId());
                    pbx.putUserByHand(op.getAfter().orElseThrow());
                }

                @Override
                public void deleteUser(PlannedOperation op) {
                    if (!pbx.removeUserByHand(op.getUserId())) {
                        throw new IllegalStateException("no such user " + op.getUserId());
                    }
                }
            };
        }
    }

    /** Reports an SPI version this library does not know. */
    static class FutureVersionContract extends PbxTargetContract {
        @Override
        protected PbxTarget createTarget() {
            return new Delegating() {
                @Override
                public String spiVersion() {
                    return "9.0";
                }
            };
        }
    }

    private static Set<String> failed(Class<?> contract) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
        return tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).collect(Collectors.toSet());
    }

    @Test
    void ownerLostOnReadFailsTheOwnershipTests() {
        Set<String> failed = failed(LosesOwnerContract.class);
        assertTrue(failed.contains("create: the user is read back with owner, User Identification and fields"), failed.toString());
        assertTrue(failed.contains("disable and enable: the record stays; both are idempotent"), failed.toString());
    }

    @Test
    void sloppyWritesFailTheUpdateAndDeleteTests() {
        Set<String> failed = failed(SloppyWritesContract.class);
        assertTrue(failed.contains("update: fields not listed in the changes are left as the PBX has them"), failed.toString());
        assertTrue(failed.contains("delete: the user is gone, and a repeated delete is idempotent"), failed.toString());
        assertTrue(failed.contains("update: a user whose owner changed since the read is a PbxConflictException"),
                failed.toString());
    }

    @Test
    void unknownSpiVersionFailsTheVersionTest() {
        Set<String> failed = failed(FutureVersionContract.class);
        assertTrue(failed.contains("spiVersion() is supported by this sync-pbx-spi"), failed.toString());
    }
}
