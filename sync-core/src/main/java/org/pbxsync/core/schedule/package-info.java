/**
 * The schedule model: when a synchronisation runs next. Pure: the caller passes the instant
 * and time zone; nothing here reads the clock.
 */
package org.pbxsync.core.schedule;
