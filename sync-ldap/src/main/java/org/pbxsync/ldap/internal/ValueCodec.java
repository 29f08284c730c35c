package org.pbxsync.ldap.internal;

import com.unboundid.ldap.sdk.Attribute;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns LDAP attribute values (bytes) into the strings a DirectoryEntry holds. */
public final class ValueCodec {
    private static final Set<String> GUID_ATTRIBUTES = Set.of("objectguid", "invocationid", "msexchmailboxguid",
            "ms-ds-consistencyguid", "msds-consistencyguid");
    private static final Set<String> SID_ATTRIBUTES = Set.of("objectsid", "sidhistory", "securityidentifier");
    private static final Set<String> BINARY_ATTRIBUTES = Set.of("jpegphoto", "thumbnailphoto", "photo", "audio",
            "usercertificate", "cacertificate", "usersmimecertificate", "usercert", "certificaterevocationlist",
            "authorityrevocationlist", "crosscertificatepair", "userpkcs12", "msexchsafesendershash",
            "msexchblockedsendershash", "logonhours", "ntsecuritydescriptor", "userparameters", "terminalserver");

    private ValueCodec() {
    }

    /**
     * @param attribute an attribute as the server sent it
     * @return its values as text: GUIDs in the standard form, SIDs as {@code S-1-...}, binary
     *     values in base64, everything else as UTF-8
     */
    public static List<String> decode(Attribute attribute) {
        int kind = kind(attribute.getBaseName());
        boolean guid = kind == GUID;
        boolean sid = kind == SID;
        boolean binary = kind == BINARY || attribute.getName().indexOf(';') >= 0 && attribute.hasOption("binary");
        byte[][] raw = attribute.getValueByteArrays();
        if (raw.length == 1 && !guid && !sid && !binary) {
            return List.of(text(raw[0]));
        }
        List<String> out = new ArrayList<>(raw.length);
        for (byte[] v : raw) {
            if (guid && v.length == 16) {
                out.add(guid(v));
            } else if (sid && isSid(v)) {
                out.add(sid(v));
            } else if (binary) {
                out.add(Base64.getEncoder().encodeToString(v));
            } else {
                out.add(text(v));
            }
        }
        return out;
    }

    private static final int TEXT = 0;
    private static final int GUID = 1;
    private static final int SID = 2;
    private static final int BINARY = 3;
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> KINDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static int kind(String baseName) {
        Integer known = KINDS.get(baseName);
        if (known != null) {
            return known;
        }
        String base = baseName.toLowerCase(Locale.ROOT);
        int kind = GUID_ATTRIBUTES.contains(base) ? GUID : SID_ATTRIBUTES.contains(base) ? SID
                : BINARY_ATTRIBUTES.contains(base) ? BINARY : TEXT;
        if (KINDS.size() < 4096) {
            KINDS.put(baseName, kind);
        }
        return kind;
    }

    private static String text(byte[] v) {
        String text = utf8(v);
        return text != null ? text : Base64.getEncoder().encodeToString(v);
    }

    /** @return whether {@link #decode} turns this attribute's values into base64 regardless of content */
    static boolean isAlwaysBinary(String baseName) {
        return BINARY_ATTRIBUTES.contains(baseName.toLowerCase(Locale.ROOT));
    }

    /**
     * Formats a 16-byte Active Directory GUID as {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}: the
     * first three groups are stored little-endian, the last two in byte order (as Windows shows
     * it).
     *
     * @param b 16 bytes
     * @return the lower-case GUID string
     */
    public static String guid(byte[] b) {
        if (b.length != 16) {
            throw new IllegalArgumentException("a GUID has 16 bytes, got " + b.length);
        }
        StringBuilder sb = new StringBuilder(36);
        hex(sb, b[3], b[2], b[1], b[0]);
        sb.append('-');
        hex(sb, b[5], b[4]);
        sb.append('-');
        hex(sb, b[7], b[6]);
        sb.append('-');
        hex(sb, b[8], b[9]);
        sb.append('-');
        hex(sb, b[10], b[11], b[12], b[13], b[14], b[15]);
        return sb.toString();
    }

    /**
     * The inverse of {@link #guid(byte[])}.
     *
     * @param guid a GUID string with dashes
     * @return the 16 bytes as Active Directory stores them
     */
    public static byte[] guidBytes(String guid) {
        String h = guid.replace("-", "");
        if (h.length() != 32) {
            throw new IllegalArgumentException("not a GUID: " + guid);
        }
        byte[] s = new byte[16];
        for (int i = 0; i < 16; i++) {
            s[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new byte[] {s[3], s[2], s[1], s[0], s[5], s[4], s[7], s[6],
            s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]};
    }

    private static boolean isSid(byte[] v) {
        return v.length >= 8 && v[0] == 1 && v.length == 8 + 4 * (v[1] & 0xff);
    }

    /**
     * @param v a binary security identifier
     * @return its string form {@code S-1-5-21-...}
     */
    public static String sid(byte[] v) {
        StringBuilder sb = new StringBuilder("S-").append(v[0] & 0xff);
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (v[i] & 0xff);
        }
        sb.append('-').append(authority);
        int count = v[1] & 0xff;
        for (int i = 0; i < count; i++) {
            int o = 8 + 4 * i;
            long sub = (v[o] & 0xffL) | (v[o + 1] & 0xffL) << 8 | (v[o + 2] & 0xffL) << 16 | (v[o + 3] & 0xffL) << 24;
            sb.append('-').append(sub);
        }
        return sb.toString();
    }

    private static String utf8(byte[] v) {
        if (isAscii(v)) {
            return new String(v, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] v) {
        for (byte b : v) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static void hex(StringBuilder sb, byte... bytes) {
        for (byte x : bytes) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
    }
}
