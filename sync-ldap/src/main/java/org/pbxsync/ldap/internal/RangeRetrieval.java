package org.pbxsync.ldap.internal;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Completes attributes that Active Directory returned in ranges ({@code member;range=0-1499}) by
 * asking for the following ranges until the server answers with a range ending in {@code *}.
 */
public final class RangeRetrieval {
    private RangeRetrieval() {
    }

    /** @return whether any attribute of the entry carries a {@code range=} option */
    public static boolean hasRanges(Entry entry) {
        for (Attribute a : entry.getAttributes()) {
            if (rangeOption(a) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param ldap where to ask for the remaining ranges
     * @param entry an entry that may hold ranged attributes
     * @return the entry with each ranged attribute replaced by the plain attribute holding every
     *     value; the same entry when none is ranged
     * @throws LDAPException if a follow-up read fails or the server's ranges do not progress
     */
    public static Entry complete(LDAPInterface ldap, Entry entry) throws LDAPException {
        if (!hasRanges(entry)) {
            return entry;
        }
        Entry out = new Entry(entry.getDN());
        Map<String, List<String>> ranged = new LinkedHashMap<>();
        Map<String, String> rangedNames = new LinkedHashMap<>();
        for (Attribute a : entry.getAttributes()) {
            String range = rangeOption(a);
            if (range == null) {
                out.addAttribute(a);
                continue;
            }
            String base = a.getBaseName();
            rangedNames.put(base.toLowerCase(Locale.ROOT), base);
            List<String> values = ranged.computeIfAbsent(base.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            addValues(values, a);
            long end = rangeEnd(range);
            while (end >= 0) {
                String request = base + ";range=" + (end + 1) + "-*";
                SearchResultEntry next = ldap.getEntry(entry.getDN(), request);
                if (next == null) {
                    throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "entry " + entry.getDN()
                            + " disappeared while reading " + request);
                }
                Attribute part = null;
                for (Attribute candidate : next.getAttributesWithOptions(base, null)) {
                    if (rangeOption(candidate) != null) {
                        part = candidate;
                    }
                }
                if (part == null) {
                    break;
                }
                addValues(values, part);
                long nextEnd = rangeEnd(rangeOption(part));
                if (nextEnd >= 0 && nextEnd <= end) {
                    throw new LDAPException(ResultCode.DECODING_ERROR, "the server's ranges for " + base + " of "
                            + entry.getDN() + " do not progress (" + rangeOption(part) + " after " + end + ")");
                }
                end = nextEnd;
            }
        }
        for (Map.Entry<String, List<String>> e : ranged.entrySet()) {
            out.addAttribute(new Attribute(rangedNames.get(e.getKey()), e.getValue()));
        }
        return out;
    }

    private static void addValues(List<String> values, Attribute a) {
        for (String v : a.getValues()) {
            values.add(v);
        }
    }

    private static String rangeOption(Attribute a) {
        if (a.getName().indexOf(';') < 0) {
            return null;
        }
        for (String o : a.getOptions()) {
            if (o.toLowerCase(Locale.ROOT).startsWith("range=")) {
                return o;
            }
        }
        return null;
    }

    /** @return the range's last index, or -1 for {@code *} (the last range) */
    private static long rangeEnd(String option) throws LDAPException {
        String spec = option.substring("range=".length());
        int dash = spec.indexOf('-');
        String end = dash < 0 ? "" : spec.substring(dash + 1);
        if (end.equals("*")) {
            return -1;
        }
        try {
            return Long.parseLong(end);
        } catch (NumberFormatException e) {
            throw new LDAPException(ResultCode.DECODING_ERROR, "malformed range option '" + option + "'");
        }
    }
}
