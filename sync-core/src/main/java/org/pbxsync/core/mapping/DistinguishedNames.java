package org.pbxsync.core.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the value of a DN's first RDN (RFC 4514, plus RFC 2253's quoted values). */
final class DistinguishedNames {
    private DistinguishedNames() {
    }

    /**
     * @return the unescaped value of the first attribute of the first RDN; {@code value} itself
     *     when it has no {@code =} before the first unescaped separator (not a DN)
     * @throws IllegalArgumentException when the DN is malformed; the message holds no value
     */
    static String firstRdnValue(String dn) {
        int n = dn.length();
        int eq = -1;
        for (int i = 0; i < n; i++) {
            char c = dn.charAt(i);
            if (c == '=') {
                eq = i;
                break;
            }
            if (c == ',' || c == '+' || c == ';' || c == '\\' || c == '"') {
                break;
            }
        }
        if (eq < 0) {
            return dn;
        }
        if (Text.trim(dn.substring(0, eq)).isEmpty()) {
            throw new IllegalArgumentException("malformed DN: no attribute type before '='");
        }
        int i = eq + 1;
        while (i < n && dn.charAt(i) == ' ') {
            i++;
        }
        if (i < n && dn.charAt(i) == '#') {
            throw new IllegalArgumentException("the first RDN's value is BER-encoded (#...), which is not supported");
        }
        StringBuilder out = new StringBuilder(n - i);
        ByteArrayOutputStream bytes = null;
        if (i < n && dn.charAt(i) == '"') {
            i++;
            boolean closed = false;
            while (i < n) {
                char c = dn.charAt(i);
                if (c == '"') {
                    closed = true;
                    i++;
                    break;
                }
                if (c == '\\') {
                    bytes = escape(dn, i, out, bytes);
                    i += isHex(dn, i + 1) ? 3 : 2;
                } else {
                    flush(bytes, out);
                    out.append(c);
                    i++;
                }
            }
            flush(bytes, out);
            if (!closed) {
                throw new IllegalArgumentException("malformed DN: unclosed quoted value");
            }
            while (i < n && dn.charAt(i) == ' ') {
                i++;
            }
            if (i < n && ",+;".indexOf(dn.charAt(i)) < 0) {
                throw new IllegalArgumentException("malformed DN: text after a quoted value");
            }
            return out.toString();
        }
        int keep = 0;
        while (i < n) {
            char c = dn.charAt(i);
            if (c == ',' || c == '+' || c == ';') {
                break;
            }
            if (c == '\\' && isHex(dn, i + 1)) {
                bytes = escape(dn, i, out, bytes);
                i += 3;
                continue;
            }
            if (flush(bytes, out)) {
                keep = out.length();
            }
            if (c == '\\') {
                escape(dn, i, out, null);
                keep = out.length();
                i += 2;
            } else {
                out.append(c);
                if (c != ' ') {
                    keep = out.length();
                }
                i++;
            }
        }
        if (flush(bytes, out)) {
            keep = out.length();
        }
        out.setLength(keep);
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i + 1 < s.length() && Character.digit(s.charAt(i), 16) >= 0 && Character.digit(s.charAt(i + 1), 16) >= 0
                && s.charAt(i) < 0x80 && s.charAt(i + 1) < 0x80;
    }

    /** Handles the escape at {@code i}; returns the pending byte buffer. */
    private static ByteArrayOutputStream escape(String dn, int i, StringBuilder out, ByteArrayOutputStream bytes) {
        if (i + 1 >= dn.length()) {
            throw new IllegalArgumentException("malformed DN: a backslash at the end of the value");
        }
        if (isHex(dn, i + 1)) {
            ByteArrayOutputStream b = bytes == null ? new ByteArrayOutputStream() : bytes;
            b.write(Integer.parseInt(dn.substring(i + 1, i + 3), 16));
            return b;
        }
        flush(bytes, out);
        out.append(dn.charAt(i + 1));
        return bytes;
    }

    private static boolean flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes == null || bytes.size() == 0) {
            return false;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed DN: hex escapes that are not valid UTF-8", e);
        } finally {
            bytes.reset();
        }
        return true;
    }
}
