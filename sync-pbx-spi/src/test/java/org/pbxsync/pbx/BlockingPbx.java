package org.pbxsync.pbx;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.memory.InMemoryPbxTarget;

/** An in-memory PBX whose n-th create waits until the test releases it, for tests with several threads. */
final class BlockingPbx implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
    final InMemoryPbxTarget pbx = InMemoryPbxTarget.empty();
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final int blockAt;
    private int creates;

    BlockingPbx(int blockAt) {
        this.blockAt = blockAt;
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String describe() {
        return "blocking test PBX";
    }

    @Override
    public PbxSnapshot read() {
        return pbx.read();
    }

    @Override
    public void createUser(PlannedOperation op) {
        boolean block;
        synchronized (this) {
            block = ++creates == blockAt;
        }
        if (block) {
            reached.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the blocked write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
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

    void awaitBlocked() throws InterruptedException {
        if (!reached.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the run never reached the blocking write");
        }
    }
}
