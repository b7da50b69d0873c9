package org.rucio.ivoa.tap;

import java.util.List;
import java.util.Locale;

/** The result serialisations this service writes, with their MIME types and the short names TAP/DALI list. */
public enum ResultFormat {
    VOTABLE_TD("application/x-votable+xml", "ivo://ivoa.net/std/TAPRegExt#output-votable-td",
            List.of("votable", "votable/td", "application/x-votable+xml;serialization=tabledata", "text/xml",
                    "application/xml")),
    VOTABLE_BINARY2("application/x-votable+xml;serialization=binary2", "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2",
            List.of("votable/b2", "binary2")),
    CSV("text/csv", null, List.of("csv", "text/csv;header=present")),
    TSV("text/tab-separated-values", null, List.of("tsv", "text/tsv")),
    JSON("application/json", null, List.of("json"));

    private final String mime;
    private final String ivoId;
    private final List<String> aliases;

    ResultFormat(String mime, String ivoId, List<String> aliases) {
        this.mime = mime;
        this.ivoId = ivoId;
        this.aliases = aliases;
    }

    public String mime() { return mime; }
    public String ivoId() { return ivoId; }
    /** Short names for TAPRegExt {@code <alias>}: the first one only (the others are accepted but not advertised). */
    public String alias() { return aliases.get(0); }

    /** The Content-Type header: text formats say their charset. */
    public String contentType() {
        return switch (this) {
            case CSV, TSV, JSON -> mime + ";charset=UTF-8";
            default -> mime;
        };
    }

    /** A RESPONSEFORMAT/FORMAT value (MIME type or short name, any case, spaces ignored); null gives the default. */
    public static ResultFormat parse(String value) throws TapException {
        if (value == null || value.isBlank()) return VOTABLE_TD;
        String v = value.replace(" ", "").toLowerCase(Locale.ROOT);
        for (ResultFormat f : values()) {
            if (f.mime.equals(v) || f.aliases.contains(v)) return f;
        }
        throw TapException.badRequest("unsupported RESPONSEFORMAT '" + value + "'; supported: votable (" + VOTABLE_TD.mime
                + "), votable/b2 (" + VOTABLE_BINARY2.mime + "), csv (text/csv), tsv (text/tab-separated-values),"
                + " json (application/json)");
    }
}
