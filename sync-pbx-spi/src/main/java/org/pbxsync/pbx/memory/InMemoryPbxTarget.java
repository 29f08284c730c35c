package org.pbxsync.pbx.memory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pbxsync.core.RetryableException;
import org.pbxsync.core.SyncException;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxSystem;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.core.model.ProvisioningRule;
import org.pbxsync.core.plan.PlannedOperation;
import org.pbxsync.pbx.CreateUserOp;
import org.pbxsync.pbx.DeleteUserOp;
import org.pbxsync.pbx.DisableUserOp;
import org.pbxsync.pbx.PbxOperation;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.UpdateUserOp;
import org.pbxsync.pbx.internal.PbxModel;

/**
 * The reference PBX: holds users, provisioning rules, systems, groups and reserved extensions in
 * memory and enforces what a real PBX enforces:
 * <ul>
 *   <li>User Identification is unique;</li>
 *   <li>names are unique, ignoring case;</li>
 *   <li>an extension belongs to at most one user and never to a reserved number;</li>
 *   <li>a user's groups and system must exist;</li>
 *   <li>a write to an existing user is refused when the user's owner is not the one the
 *       operation read ({@link org.pbxsync.pbx.PbxConflictException}).</li>
 * </ul>
 * Every write checks all rules before it changes anything. It supports every capability; use
 * {@link #restrictedTo(Class[])} for a view with fewer. {@link #failures()} injects failures.
 *
 * <p>Use it to try the library, in host tests, and as the model of correct behaviour: it passes
 * {@code PbxTargetContract}. Thread-safe: every method is atomic.
 */
public final class InMemoryPbxTarget implements PbxTarget, CreateUserOp, UpdateUserOp, DeleteUserOp, DisableUserOp {
    private final String description;
    private final PbxModel model;
    private final FailureInjector failures = new FailureInjector();

    private InMemoryPbxTarget(String description, PbxSnapshot initial) {
        this.description = description;
        this.model = PbxModel.of(initial);
    }

    /** @return a builder for a PBX with initial content; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return an empty PBX: no user, rule, system, group or reserved extension */
    public static InMemoryPbxTarget empty() {
        return builder().build();
    }

    /**
     * @param initial the initial content; users in it must obey the PBX's rules; not null
     * @return a PBX holding it
     * @throws org.pbxsync.pbx.PbxConflictException if two users in it clash
     */
    public static InMemoryPbxTarget of(PbxSnapshot initial) {
        return new InMemoryPbxTarget("in-memory PBX", initial);
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized PbxSnapshot read() {
        return model.snapshot();
    }

    @Override
    public void createUser(PlannedOperation op) {
        write(op, () -> model.create(op));
    }

    @Override
    public void updateUser(PlannedOperation op) {
        write(op, () -> model.update(op));
    }

    @Override
    public void deleteUser(PlannedOperation op) {
        write(op, () -> model.delete(op));
    }

    @Override
    public void disableUser(PlannedOperation op) {
        write(op, () -> model.setEnabled(op, false));
    }

    @Override
    public void enableUser(PlannedOperation op) {
        write(op, () -> model.setEnabled(op, true));
    }

    private synchronized void write(PlannedOperation op, Runnable action) {
        Objects.requireNonNull(op, "op");
        InjectedFailure failure = failures.next(op);
        if (failure == null) {
            action.run();
            return;
        }
        if (failure.writesFirst()) {
            action.run();
        }
        String what = "injected " + failure + " failure on " + op.getType() + " of user " + op.getUserId();
        switch (failure) {
            case RETRYABLE:
            case RETRYABLE_AFTER_WRITE:
                throw new RetryableException(what);
            case PERMANENT:
                throw new SyncException(what);
            default:
                throw new SimulatedCrash(what);
        }
    }

    /** @return the failure switches of this PBX */
    public FailureInjector failures() {
        return failures;
    }

    /** @return every user, in creation order */
    public synchronized List<PbxUser> users() {
        return model.users();
    }

    /**
     * @param userId a User Identification; not null
     * @return that user, if present
     */
    public synchronized Optional<PbxUser> user(String userId) {
        return model.user(userId);
    }

    /**
     * Changes the PBX as an administrator would by hand, bypassing failure injection: adds or
     * replaces a user, checking the uniqueness rules.
     *
     * @param user the user; not null
     * @throws org.pbxsync.pbx.PbxConflictException if it clashes with another user
     */
    public synchronized void putUserByHand(PbxUser user) {
        model.putByHand(user);
    }

    /**
     * Deletes a user as an administrator would by hand, bypassing owners and failure injection.
     *
     * @param userId a User Identification; not null
     * @return whether a user was removed
     */
    public synchronized boolean removeUserByHand(String userId) {
        return model.removeByHand(userId);
    }

    /**
     * Returns a view of this PBX that implements only the given capability interfaces, for
     * trying a synchronizer against a PBX that cannot, say, disable users. The view shares this
     * PBX's state.
     *
     * @param capabilities the {@link PbxOperation} interfaces to keep; not null
     * @return the view; implements {@link PbxTarget} and exactly those interfaces
     */
    @SafeVarargs
    public final PbxTarget restrictedTo(Class<? extends PbxOperation>... capabilities) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        interfaces.add(PbxTarget.class);
        for (Class<? extends PbxOperation> c : capabilities) {
            if (!c.isInterface() || !c.isInstance(this) || c == PbxOperation.class) {
                throw new IllegalArgumentException(c.getName() + " is not a capability interface of this PBX");
            }
            interfaces.add(c);
        }
        InMemoryPbxTarget self = this;
        String viewDescription = description + " restricted to " + interfaces.stream().skip(1)
                .map(Class::getSimpleName).toList();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                case "describe":
                    if (method.getParameterCount() == 0) {
                        return viewDescription;
                    }
                    break;
                case "equals":
                    return args != null && args.length == 1 && proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    break;
            }
            try {
                return method.invoke(self, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PbxTarget) Proxy.newProxyInstance(PbxTarget.class.getClassLoader(), interfaces.toArray(new Class<?>[0]),
                handler);
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds an {@link InMemoryPbxTarget} with initial content. Not thread-safe. */
    public static final class Builder {
        private final PbxSnapshot.Builder snapshot = PbxSnapshot.builder();
        private String description = "in-memory PBX";

        private Builder() {}

        /**
         * @param description what {@link #describe()} returns; not null
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * @param user a user already on the PBX (made by hand when it has no owner); not null
         * @return this builder
         */
        public Builder user(PbxUser user) {
            snapshot.addUsers(user);
            return this;
        }

        /**
         * @param rule a provisioning rule; not null
         * @return this builder
         */
        public Builder rule(ProvisioningRule rule) {
            snapshot.addRules(rule);
            return this;
        }

        /**
         * @param system a system; exactly one of those added must be primary; not null
         * @return this builder
         */
        public Builder system(PbxSystem system) {
            snapshot.addSystems(system);
            return this;
        }

        /**
         * @param names group names that exist on the PBX; not null
         * @return this builder
         */
        public Builder groups(String... names) {
            snapshot.addGroups(names);
            return this;
        }

        /**
         * @param extensions extension numbers used by things other than users; not null
         * @return this builder
         */
        public Builder reservedExtensions(String... extensions) {
            snapshot.addReservedExtensions(extensions);
            return this;
        }

        /**
         * @return the PBX
         * @throws IllegalStateException if the systems do not have exactly one primary
         * @throws org.pbxsync.pbx.PbxConflictException if two users clash
         */
        public InMemoryPbxTarget build() {
            return new InMemoryPbxTarget(description, snapshot.build());
        }
    }
}
