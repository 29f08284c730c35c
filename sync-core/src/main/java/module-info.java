/**
 * PBX User Sync core: pure planning with no I/O, threads or clock of its own.
 */
module org.pbxsync.core {
    requires static org.immutables.value.annotations;
    requires org.slf4j;

    exports org.pbxsync.core;
    exports org.pbxsync.core.directory;
    exports org.pbxsync.core.model;
    exports org.pbxsync.core.mapping;
    exports org.pbxsync.core.validation;
    exports org.pbxsync.core.plan;
    exports org.pbxsync.core.schedule;
}
