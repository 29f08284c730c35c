/**
 * The PbxTarget conformance kit: {@link org.pbxsync.pbx.tck.PbxTargetContract}, an abstract
 * JUnit 5 suite a PBX writer's test class extends. Depend on this artifact with test scope.
 */
module org.pbxsync.pbx.tck {
    requires transitive org.pbxsync.pbx;
    requires transitive org.junit.jupiter.api;

    exports org.pbxsync.pbx.tck;
    opens org.pbxsync.pbx.tck;
}
