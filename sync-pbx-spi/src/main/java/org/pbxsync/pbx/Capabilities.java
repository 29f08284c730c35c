package org.pbxsync.pbx;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.pbxsync.core.model.OperationType;

/**
 * What a {@link PbxTarget} can do, derived from the capability interfaces it implements. The
 * synchronizer passes {@link #of(PbxTarget)} to the planner, so an operation the target cannot
 * perform is never planned.
 *
 * <table>
 *   <caption>Interfaces and operations</caption>
 *   <tr><th>interface</th><th>operations</th></tr>
 *   <tr><td>{@link CreateUserOp}</td><td>{@link OperationType#CREATE}</td></tr>
 *   <tr><td>{@link UpdateUserOp}</td><td>{@link OperationType#UPDATE}</td></tr>
 *   <tr><td>{@link DeleteUserOp}</td><td>{@link OperationType#DELETE}</td></tr>
 *   <tr><td>{@link DisableUserOp}</td><td>{@link OperationType#DISABLE}, {@link OperationType#ENABLE}</td></tr>
 * </table>
 */
public final class Capabilities {
    private Capabilities() {}

    /**
     * @param target a target; not null
     * @return the operation types it supports; unmodifiable, possibly empty (a read-only target)
     */
    public static Set<OperationType> of(PbxTarget target) {
        Objects.requireNonNull(target, "target");
        EnumSet<OperationType> ops = EnumSet.noneOf(OperationType.class);
        if (target instanceof CreateUserOp) {
            ops.add(OperationType.CREATE);
        }
        if (target instanceof UpdateUserOp) {
            ops.add(OperationType.UPDATE);
        }
        if (target instanceof DeleteUserOp) {
            ops.add(OperationType.DELETE);
        }
        if (target instanceof DisableUserOp) {
            ops.add(OperationType.DISABLE);
            ops.add(OperationType.ENABLE);
        }
        return Collections.unmodifiableSet(ops);
    }

    /**
     * @param target a target; not null
     * @param type an operation type; not null
     * @return whether the target supports it
     */
    public static boolean supports(PbxTarget target, OperationType type) {
        return of(target).contains(type);
    }

    /**
     * @param type an operation type; not null
     * @return the capability interface a target implements to support it
     */
    public static Class<? extends PbxOperation> interfaceFor(OperationType type) {
        switch (type) {
            case CREATE:
                return CreateUserOp.class;
            case UPDATE:
                return UpdateUserOp.class;
            case DELETE:
                return DeleteUserOp.class;
            case DISABLE:
            case ENABLE:
                return DisableUserOp.class;
            default:
                throw new IllegalArgumentException("unknown operation type " + type);
        }
    }
}
