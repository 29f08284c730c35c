/**
 * Plans: the {@link org.pbxsync.core.plan.Planner}, its {@link org.pbxsync.core.plan.PlanOptions},
 * and what it produces: a {@link org.pbxsync.core.plan.SyncPlan} of operations with per-field old
 * and new values, violations and guard results, and per-user {@link
 * org.pbxsync.core.plan.Explanation}s. Everything here is pure and deterministic; the synchronizer
 * calls the planner, checks {@link org.pbxsync.core.plan.SyncPlan#isBlocked()}, and applies the
 * operations in the order given.
 */
package org.pbxsync.core.plan;
