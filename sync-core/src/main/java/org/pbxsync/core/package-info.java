/** The library's exceptions. Everything the library throws on purpose is a {@link org.pbxsync.core.SyncException}. */
package org.pbxsync.core;
