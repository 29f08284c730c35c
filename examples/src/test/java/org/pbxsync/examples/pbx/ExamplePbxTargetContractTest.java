package org.pbxsync.examples.pbx;

import java.util.Optional;
import java.util.Set;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.tck.PbxTargetContract;

/** Proves the README's example PbxTarget with the conformance kit. */
class ExamplePbxTargetContractTest extends PbxTargetContract {
    @Override
    protected PbxTarget createTarget() {
        ExamplePbxApi pbx = new ExamplePbxApi(Set.of("Sales", "Support"), Set.of("7999"));
        ExamplePbxApi.Record reception = new ExamplePbxApi.Record();   // a user made by hand
        reception.fields.put(FieldKey.NAME.getName(), "Reception");
        reception.fields.put(FieldKey.EXTENSION.getName(), "200");
        pbx.add(reception);
        return new ExamplePbxTarget(pbx);
    }

    /** The PBX keeps its users when the writer is recreated (a new connection to the same PBX). */
    @Override
    protected Optional<PbxTarget> reopen(PbxTarget target) {
        return Optional.of(new ExamplePbxTarget(((ExamplePbxTarget) target).api()));
    }
}
