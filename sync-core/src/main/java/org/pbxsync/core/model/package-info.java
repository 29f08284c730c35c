/**
 * The PBX side of the field model: {@link org.pbxsync.core.model.FieldKey}, users, provisioning
 * rules, systems and the snapshot the planner plans against.
 */
package org.pbxsync.core.model;
