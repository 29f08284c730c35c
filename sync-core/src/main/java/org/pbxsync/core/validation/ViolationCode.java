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
     * Several entries map to one Name (compared ignoring case), or the Name stays with a user this
     * sync owns but does not change in this run. The Name goes to the user who already holds it,
     * else to the lowest User Identification; the others get an error and are skipped, unless the
     * name policy disambiguates with a suffix (then a warning and the suffixed name).
     */
    DUPLICATE_NAME,
    /** The Name belongs to a PBX user this sync does not own. Error: the user is skipped. */
    NAME_TAKEN,
    /** The extension belongs to a PBX user or object this sync does not own. Error: skipped. */
    EXTENSION_TAKEN,
    /**
     * Several entries map to one extension, or it stays with a user this sync owns but does not
     * change. It goes to the user who already holds it, else to the lowest User Identification;
     * error for the others, which are skipped.
     */
    DUPLICATE_EXTENSION,
    /**
     * Login code has a character that is not an ASCII digit 0-9 (spaces and Unicode digits such as
     * Arabic-Indic count as non-digits: dial codes are ASCII). Warning: the field is left blank, as
     * IP Office does.
     */
    LOGIN_CODE_NOT_NUMERIC,
    /**
     * Login code is 1 to 3 or more than 15 digits. Warning: the field is left blank. An empty
     * code means no code and is not a violation.
     */
    LOGIN_CODE_LENGTH,
    /** Voicemail code has a non-digit. Warning: the field is left blank. */
    VOICEMAIL_CODE_NOT_NUMERIC,
    /**
     * Voicemail code is longer than 31 digits. Warning: the field is left blank. An empty code (0
     * digits) is valid and means no code.
     */
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
