package org.pbxsync.core.validation;

/**
 * Stable codes for what validation and planning found. Codes never change meaning; new codes
 * may be added. Each code's documentation says its usual severity and what happens to the user.
 */
public enum ViolationCode {
    /** No User Identification or Name after mapping. Error: the user is skipped. */
    MISSING_MANDATORY,
    /** Several entries share one User Identification. Error: all of them are skipped. */
    DUPLICATE_USER_ID,
    /**
     * Several entries map to one Name. Error for all but the first in a deterministic order
     * (by User Identification), unless the name policy disambiguates with a suffix (warning).
     */
    DUPLICATE_NAME,
    /** The Name belongs to a PBX user this sync does not own. Error: the user is skipped. */
    NAME_TAKEN,
    /** The extension belongs to a PBX user or object this sync does not own. Error: skipped. */
    EXTENSION_TAKEN,
    /** Several entries map to one extension. Error for all but the first (by User Identification). */
    DUPLICATE_EXTENSION,
    /** Login code has a non-digit. Warning: the field is left blank, as IP Office does. */
    LOGIN_CODE_NOT_NUMERIC,
    /** Login code is not 4 to 15 digits. Warning: the field is left blank. */
    LOGIN_CODE_LENGTH,
    /** Voicemail code has a non-digit. Warning: the field is left blank. */
    VOICEMAIL_CODE_NOT_NUMERIC,
    /** Voicemail code is longer than 31 digits. Warning: the field is left blank. */
    VOICEMAIL_CODE_LENGTH,
    /**
     * A value has characters outside XML's valid ranges. Warning: they are removed; error if a
     * mandatory field becomes empty.
     */
    INVALID_CHARACTERS,
    /** The provisioning rule does not exist. Error unless a default rule is configured (then warning). */
    UNKNOWN_PROVISIONING_RULE,
    /** A group does not exist on the PBX. Warning: that membership is dropped. */
    UNKNOWN_GROUP,
    /** The mapped system does not exist. Warning: the rule's system, else the primary, is used. */
    UNKNOWN_SYSTEM,
    /** A single-valued field got several values. Warning: the first is used. */
    MULTIPLE_VALUES,
    /** A mapping rule could not be applied to this entry. Error: the user is skipped. */
    MAPPING_FAILED,
    /** A provisioning rule has no free extension left at or above its start. Error: skipped. */
    NO_FREE_EXTENSION,
    /** The PBX cannot perform an operation the plan needs (capability missing). Warning: not planned. */
    OPERATION_NOT_SUPPORTED,
    /**
     * The User Identification belongs to a PBX user this sync does not own (made by hand or by
     * another sync). Error: the entry is skipped and that user is never touched.
     */
    USER_ID_TAKEN,
    /**
     * Updates that need each other to go first: two users swapping names or extensions, or a
     * longer cycle, and changes that depend on such a cycle. Error: those users are skipped and
     * keep their current values; change one of them in the directory to break the cycle.
     */
    CIRCULAR_CHANGE
}
