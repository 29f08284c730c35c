/**
 * Mapping rules: how directory attributes become PBX user fields.
 *
 * <p>A {@link org.pbxsync.core.mapping.MappingRule} reads one source (an attribute, a quoted
 * constant, or {@code @id}, {@code @reference}, {@code @groups}) and applies
 * {@code |}-separated steps ({@code digits}, {@code last(4)}, {@code mask('11XX')},
 * {@code replace(...)}, {@code cn}, ...). Rules are parsed from text, so hosts can store them as
 * configuration, or built in Java. A {@link org.pbxsync.core.mapping.Mapping} holds one rule per
 * field and whether the field applies always or on create only; its
 * {@link org.pbxsync.core.mapping.Mapping#map(org.pbxsync.core.directory.DirectoryEntry)} turns a
 * directory entry into a {@link org.pbxsync.core.mapping.MappedUser}, reporting problems as
 * violations ({@code MULTIPLE_VALUES}, {@code MAPPING_FAILED}) instead of throwing.
 *
 * <p>Configuration errors (a rule that does not parse, a missing User Identification or Name
 * mapping) are {@link org.pbxsync.core.ConfigurationException}s that list every problem at once;
 * a parse problem is a {@link org.pbxsync.core.mapping.RuleParseException} with the 1-based
 * position and what was expected.
 *
 * <p>Everything here is immutable and thread-safe, except the builders.
 */
package org.pbxsync.core.mapping;
