/**
 * PBX User Sync runtime: the {@link org.pbxsync.pbx.PbxTarget} SPI a host implements for its
 * PBX, the {@link org.pbxsync.pbx.Synchronizer} that drives directory, plan and PBX, the sync
 * state store, the scheduler, and two reference PBXs (in memory; JSON file).
 *
 * <p>Jackson is an optional dependency, needed only by {@link org.pbxsync.pbx.file.FilePbxTarget}.
 */
module org.pbxsync.pbx {
    requires transitive org.pbxsync.core;
    requires org.slf4j;
    requires static com.fasterxml.jackson.databind;

    exports org.pbxsync.pbx;
    exports org.pbxsync.pbx.memory;
    exports org.pbxsync.pbx.file;
}
