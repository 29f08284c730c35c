/** Plans: the operations a sync would make, with per-field old and new values, and the planner. */
package org.pbxsync.core.plan;
