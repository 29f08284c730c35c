package org.pbxsync.teams.internal;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import java.util.Locale;
import java.util.Optional;

/** What a failed Graph call said: HTTP status and the OData error code and message. */
record GraphFailure(int status, String code, String message) {

    static GraphFailure of(ApiException e) {
        String code = "";
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ODataError odata && odata.getError() != null) {
            code = odata.getError().getCode() == null ? "" : odata.getError().getCode();
            if (odata.getError().getMessage() != null) {
                message = odata.getError().getMessage();
            }
        }
        return new GraphFailure(e.getResponseStatusCode(), code, message);
    }

    static Optional<GraphFailure> find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException api && api.getResponseStatusCode() > 0) {
                return Optional.of(of(api));
            }
        }
        return Optional.empty();
    }

    boolean isExpiredDeltaToken() {
        String c = code.toLowerCase(Locale.ROOT);
        return status == 410 || (status == 400 && (c.equals("syncstatenotfound") || c.equals("syncstateinvalid")
                || c.equals("resyncrequired")));
    }

    @Override
    public String toString() {
        return "HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
    }
}
