package org.pbxsync.core.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pbxsync.core.directory.DirectoryEntry;

/** Where a rule's values start: an attribute, a constant or a pseudo-attribute. */
abstract class Source {

    /** Appends the values, dropping empty ones, to {@code out}. */
    abstract void read(DirectoryEntry entry, List<String> out);

    abstract void appendText(StringBuilder sb);

    /** @return the attribute description read, or null for constants and pseudo-attributes */
    String attribute() {
        return null;
    }

    static void addNonEmpty(List<String> values, List<String> out) {
        for (int i = 0, n = values.size(); i < n; i++) {
            String v = values.get(i);
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
    }

    static Source attribute(String description) {
        return new AttributeSource(description);
    }

    static final class AttributeSource extends Source {
        private final String description;
        /** Already normalised, so look-ups do not allocate. */
        private final String key;

        AttributeSource(String description) {
            this.description = description;
            this.key = DirectoryEntry.normalize(description);
        }

        @Override
        void read(DirectoryEntry entry, List<String> out) {
            addNonEmpty(entry.get(key), out);
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append(description);
        }

        @Override
        String attribute() {
            return description;
        }
    }

    static final class ConstantSource extends Source {
        private final String value;

        ConstantSource(String value) {
            this.value = Objects.requireNonNull(value, "constant");
        }

        @Override
        void read(DirectoryEntry entry, List<String> out) {
            if (!value.isEmpty()) {
                out.add(value);
            }
        }

        @Override
        void appendText(StringBuilder sb) {
            Literals.quote(value, sb);
        }
    }

    /** The pseudo-attributes {@code @id}, {@code @reference} and {@code @groups}. */
    enum Pseudo {
        ID("@id"), REFERENCE("@reference"), GROUPS("@groups");

        final String text;

        Pseudo(String text) {
            this.text = text;
        }

        static Pseudo byText(String text) {
            for (Pseudo p : values()) {
                if (p.text.equals(text)) {
                    return p;
                }
            }
            return null;
        }
    }

    static final class PseudoSource extends Source {
        final Pseudo kind;

        PseudoSource(Pseudo kind) {
            this.kind = kind;
        }

        @Override
        void read(DirectoryEntry entry, List<String> out) {
            switch (kind) {
                case ID:
                    out.add(entry.getId());
                    break;
                case REFERENCE:
                    if (!entry.getReference().isEmpty()) {
                        out.add(entry.getReference());
                    }
                    break;
                default:
                    addNonEmpty(entry.getGroups(), out);
            }
        }

        @Override
        void appendText(StringBuilder sb) {
            sb.append(kind.text);
        }
    }

    static List<String> newList() {
        return new ArrayList<>(4);
    }
}
