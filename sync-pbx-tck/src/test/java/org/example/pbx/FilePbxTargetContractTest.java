package org.example.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.pbxsync.core.model.FieldKey;
import org.pbxsync.core.model.PbxSnapshot;
import org.pbxsync.core.model.PbxUser;
import org.pbxsync.pbx.PbxTarget;
import org.pbxsync.pbx.file.FilePbxTarget;
import org.pbxsync.pbx.tck.PbxTargetContract;

/** The JSON-file PBX against the contract, including the restart test; in another package, as a host's test would be. */
class FilePbxTargetContractTest extends PbxTargetContract {
    @TempDir
    Path dir;

    @Override
    protected PbxTarget createTarget() {
        try {
            Path file = Files.createTempFile(dir, "pbx", ".json");
            Files.delete(file);
            return FilePbxTarget.open(file, PbxSnapshot.builder().addGroups("Sales").addReservedExtensions("7010")
                    .addUsers(PbxUser.builder().userId("hand-1").putFields(FieldKey.NAME, "Reception")
                            .putFields(FieldKey.EXTENSION, "7020").build())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Optional<PbxTarget> reopen(PbxTarget target) {
        return Optional.of(FilePbxTarget.open(((FilePbxTarget) target).file()));
    }
}
