package org.rucio.ivoa.catalog.schema;

import java.util.regex.Pattern;

/**
 * Where Rucio's metadata plugin keeps its rows: its settings {@code postgres_db_schema} and
 * {@code postgres_table}. Rucio's own defaults are public.dids; ours is rucio.dids.
 */
public record DidTable(String schema, String table) {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    public static final DidTable DEFAULT = new DidTable("rucio", "dids");

    public DidTable {
        for (String part : new String[] {schema, table}) {
            if (part == null || !PLAIN.matcher(part).matches()) {
                throw new IllegalArgumentException("'" + part + "' is not usable as the Rucio metadata schema or"
                        + " table name: use lower-case letters, digits and _ (as Rucio's plugin does)");
            }
        }
    }

    /** Parses "schema.table". */
    public static DidTable parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("'" + qualified + "' must be schema.table, e.g. rucio.dids or public.dids");
        }
        return new DidTable(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    public String qualified() {
        return "\"" + schema + "\".\"" + table + "\"";
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
