/** Mapping rules: how directory attributes become PBX user fields. */
package org.pbxsync.core.mapping;
