/**
 * Violations: what validation found wrong with directory data and what it did about it.
 *
 * <p>The {@link org.pbxsync.core.plan.Planner} validates every mapped user before planning and
 * records each problem as a {@link org.pbxsync.core.validation.Violation} with a stable {@link
 * org.pbxsync.core.validation.ViolationCode}. A {@link org.pbxsync.core.validation.Severity#WARNING}
 * drops the offending value and the user goes on; an {@link
 * org.pbxsync.core.validation.Severity#ERROR} skips the user for this run (nothing is created or
 * changed for it, and an owned PBX user it matches is not treated as removed). {@link
 * org.pbxsync.core.validation.Validator} exposes the single-value rules (codes, XML characters) as
 * pure functions. Messages never contain login or voicemail codes.
 */
package org.pbxsync.core.validation;
