/** Violations: what validation found wrong with directory data and what it did about it. */
package org.pbxsync.core.validation;
