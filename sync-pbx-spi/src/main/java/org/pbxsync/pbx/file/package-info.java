/**
 * {@link org.pbxsync.pbx.file.FilePbxTarget}: a PBX kept in a JSON file, for the examples and
 * for trying the library without a phone system. Needs jackson-databind at run time (an
 * optional dependency of sync-pbx-spi).
 */
package org.pbxsync.pbx.file;
