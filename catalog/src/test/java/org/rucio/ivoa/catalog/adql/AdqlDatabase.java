package org.rucio.ivoa.catalog.adql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;

/** Compiles ADQL with the metadata published in a test database's TAP_SCHEMA and runs the SQL there. */
final class AdqlDatabase implements AutoCloseable {

    private final Connection connection;
    private final PublishedMetadata metadata;

    AdqlDatabase(String url) throws SQLException {
        this.connection = org.rucio.ivoa.catalog.testing.TestPostgres.connect(url);
        this.metadata = PublishedMetadata.read(url);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT set_sphere_output('DEG')");
        }
    }

    Connection connection() {
        return connection;
    }

    PublishedMetadata metadata() {
        return metadata;
    }

    CompiledQuery compile(String adql) {
        return AdqlCompiler.compile(adql, metadata, Map.of());
    }

    /** Every row of the compiled query, each as its column values in order. */
    List<List<Object>> rows(String adql) throws SQLException {
        return execute(compile(adql).sql());
    }

    List<List<Object>> execute(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The first column of every row. */
    List<Object> column(String adql) throws SQLException {
        return rows(adql).stream().map(r -> r.get(0)).toList();
    }

    /** The single value the query returns; fails unless there is exactly one row. */
    Object value(String adql) throws SQLException {
        List<List<Object>> rows = rows(adql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + adql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    double number(String adql) throws SQLException {
        return ((Number) value(adql)).doubleValue();
    }

    void update(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
