/**
 * In-memory reference implementations, for tests, demos and host unit tests: {@link
 * org.pbxsync.pbx.memory.InMemoryPbxTarget} (a PBX with real uniqueness and ownership rules and
 * {@linkplain org.pbxsync.pbx.memory.FailureInjector failure injection}) and {@link
 * org.pbxsync.pbx.memory.InMemoryDirectorySource} (a directory with incremental listings).
 */
package org.pbxsync.pbx.memory;
