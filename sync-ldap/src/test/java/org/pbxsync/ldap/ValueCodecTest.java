package org.pbxsync.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.sdk.Attribute;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pbxsync.ldap.internal.EntryConverter;
import org.pbxsync.ldap.internal.ValueCodec;

class ValueCodecTest {

    /** Microsoft's documented example: bytes as AD stores them, and the string Windows shows. */
    @Test
    void objectGuidUsesTheLittleEndianLayoutOfTheFirstThreeGroups() {
        byte[] stored = {(byte) 0xff, 0x19, (byte) 0x96, 0x6f, (byte) 0x86, (byte) 0x8b, 0x11, (byte) 0xd0,
            (byte) 0xb4, 0x2d, 0x00, (byte) 0xc0, 0x4f, (byte) 0xc9, 0x64, (byte) 0xff};
        assertEquals("6f9619ff-8b86-d011-b42d-00c04fc964ff", ValueCodec.guid(stored));
        assertEquals(List.of("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
                ValueCodec.decode(new Attribute("objectGUID", stored)));
        assertArrayEquals(stored, ValueCodec.guidBytes("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
    }

    @Test
    void guidFormattingRoundTripsForSeededRandomBytes() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            String s = ValueCodec.guid(b);
            assertEquals(36, s.length());
            assertArrayEquals(b, ValueCodec.guidBytes(s), s);
        }
    }

    @Test
    void objectSidBecomesItsStringForm() {
        byte[] sid = {1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, (byte) 0xf4, 1, 0, 0};
        assertEquals(List.of("S-1-5-21-1-2-3-500"), ValueCodec.decode(new Attribute("objectSid", sid)));
    }

    @Test
    void binaryBecomesBase64AndTextStaysText() {
        byte[] invalidUtf8 = {(byte) 0xc3, 0x28, 0x41};
        assertEquals(List.of(Base64.getEncoder().encodeToString(invalidUtf8)),
                ValueCodec.decode(new Attribute("description", invalidUtf8)));
        assertEquals(List.of(Base64.getEncoder().encodeToString("abc".getBytes())),
                ValueCodec.decode(new Attribute("userCertificate;binary", "abc".getBytes())));
        assertEquals(List.of(Base64.getEncoder().encodeToString("abc".getBytes())),
                ValueCodec.decode(new Attribute("thumbnailPhoto", "abc".getBytes())));
        assertEquals(List.of("Zoë", "😈"), ValueCodec.decode(new Attribute("cn", "Zoë", "😈")));
    }

    @Test
    void groupNamesAreTheFirstRdnValueUnescaped() {
        assertEquals("Sales, EU", EntryConverter.firstRdnValue("CN=Sales\\, EU,OU=Groups,DC=corp"));
        assertEquals("Lučić", EntryConverter.firstRdnValue("CN=Lu\\C4\\8Di\\C4\\87,DC=x"));
        assertEquals("Phones", EntryConverter.firstRdnValue("ou=Sales+cn=Phones,dc=x"), "a multi-valued RDN gives its CN");
        assertEquals("eng", EntryConverter.firstRdnValue("ou=eng,dc=x"));
    }
}
