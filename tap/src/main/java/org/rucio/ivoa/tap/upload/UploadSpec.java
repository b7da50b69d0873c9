package org.rucio.ivoa.tap.upload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rucio.ivoa.tap.TapException;

/**
 * One entry of the UPLOAD parameter (TAP 1.1 §4.5.1, DALI §3.4.5): {@code name,location}, where the location
 * is {@code param:part} (a part of the same multipart request) or an http(s) URL. Several entries are
 * separated by {@code ;} or given as repeated UPLOAD parameters.
 */
public record UploadSpec(String name, String location) {

    /** A table name that is a legal ADQL regular identifier; it becomes part of a database name, so nothing else. */
    private static final String NAME = "[A-Za-z][A-Za-z0-9_]{0,59}";

    public boolean inline() {
        return location.regionMatches(true, 0, "param:", 0, 6);
    }

    /** The multipart part name of an inline upload. */
    public String part() {
        return location.substring(6);
    }

    /** Parses every UPLOAD value; names must be unique (ignoring case, as ADQL does). */
    public static List<UploadSpec> parse(List<String> values) throws TapException {
        List<UploadSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (value == null) continue;
            for (String entry : value.split(";")) {
                String e = entry.strip();
                if (e.isEmpty()) continue;
                int comma = e.indexOf(',');
                if (comma < 0) {
                    throw TapException.badRequest("UPLOAD entry '" + e + "' must be table_name,location (location"
                            + " param:part_name for a file sent with the request, or an http(s) URL)");
                }
                String name = e.substring(0, comma).strip();
                String location = e.substring(comma + 1).strip();
                if (!name.matches(NAME)) {
                    throw TapException.badRequest("UPLOAD table name '" + name + "' is not allowed: use a letter"
                            + " followed by letters, digits or '_' (at most 60), and refer to it as TAP_UPLOAD." + name);
                }
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw TapException.badRequest("UPLOAD names the table '" + name + "' twice");
                }
                String scheme = location.toLowerCase(Locale.ROOT);
                if (scheme.startsWith("param:")) {
                    if (location.length() == 6) {
                        throw TapException.badRequest("UPLOAD " + name + ": 'param:' needs the name of the request part"
                                + " holding the table, e.g. " + name + ",param:" + name);
                    }
                } else if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
                    throw TapException.badRequest("UPLOAD " + name + ": the location '" + location + "' is neither"
                            + " param:part_name nor an http(s) URL");
                }
                specs.add(new UploadSpec(name, location));
            }
        }
        return specs;
    }
}
