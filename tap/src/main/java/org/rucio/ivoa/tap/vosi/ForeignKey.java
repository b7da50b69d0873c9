package org.rucio.ivoa.tap.vosi;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A foreign key as TAP_SCHEMA.keys and TAP_SCHEMA.key_columns declare it, for the VODataService
 * {@code <foreignKey>} elements of {@code /tables}.
 *
 * @param fromTable   the qualified table holding the key (TAP_SCHEMA.keys.from_table)
 * @param targetTable the qualified table it points to
 * @param columns     the column pairs, in key_columns order
 */
public record ForeignKey(String id, String fromTable, String targetTable, List<ColumnPair> columns,
                         String description, String utype) {

    public ForeignKey {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) throw new IllegalArgumentException("foreign key " + id + " has no columns");
    }

    /** One from-column / target-column pair, names as TAP_SCHEMA.key_columns has them. */
    public record ColumnPair(String from, String target) { }

    /** Reads every key with its columns; keys without columns are left out (they cannot be written). */
    public static List<ForeignKey> read(Connection c) throws SQLException {
        Map<String, String[]> keys = new LinkedHashMap<>();
        Map<String, List<ColumnPair>> cols = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT key_id, from_table, target_table, description, utype"
                    + " FROM tap_schema.keys ORDER BY key_id")) {
                while (rs.next()) {
                    keys.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)});
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT key_id, from_column, target_column"
                    + " FROM tap_schema.key_columns ORDER BY key_id, from_column")) {
                while (rs.next()) {
                    cols.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ColumnPair(rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : keys.entrySet()) {
            List<ColumnPair> pairs = cols.get(e.getKey());
            if (pairs == null) continue;
            String[] k = e.getValue();
            out.add(new ForeignKey(e.getKey(), k[0], k[1], pairs, k[2], k[3]));
        }
        return List.copyOf(out);
    }
}
