package org.rucio.ivoa.catalog.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements Rucio's ExternalPostgresJSONDidMeta plugin issues (lib/rucio/core/did_meta_plugins/
 * postgres_meta.py; ../shared/research/PEERS.md section D), with the same SQL shapes, on a connection
 * set up the way the plugin sets up its own: search_path to the metadata schema, a commit per call.
 */
public final class RucioPlugin implements AutoCloseable {

    private final Connection connection;
    private final String vo;

    public RucioPlugin(String jdbcUrl, String schema, String vo) throws SQLException {
        this.connection = TestPostgres.connect(jdbcUrl);
        this.vo = vo;
        try (Statement st = connection.createStatement()) {
            st.execute("SET search_path TO \"" + schema + "\"");
        }
        connection.setAutoCommit(false);
    }

    public Connection connection() {
        return connection;
    }

    /** set_metadata_bulk: a shallow merge of {@code json} into the DID's document, creating the row if needed. */
    public void setMetadataBulk(String scope, String name, String json) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO \"dids\" (scope, name, vo, data)"
                + " VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (scope, name) DO UPDATE set data = \"dids\".data ||"
                + " EXCLUDED.data")) {
            st.setString(1, scope);
            st.setString(2, name);
            st.setString(3, vo);
            st.setString(4, json);
            st.executeUpdate();
        }
        connection.commit();
    }

    /** set_metadata: one key, as Rucio's CLI sends it (the value as a JSON string). */
    public void setMetadata(String scope, String name, String key, String value) throws SQLException {
        setMetadataBulk(scope, name, "{\"" + key + "\": \"" + value.replace("\"", "\\\"") + "\"}");
    }

    /** delete_metadata. */
    public void deleteMetadata(String scope, String name, String key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "UPDATE \"dids\" SET data = \"dids\".data - ? WHERE scope = ? AND name = ?")) {
            st.setString(1, key);
            st.setString(2, scope);
            st.setString(3, name);
            st.executeUpdate();
        }
        connection.commit();
    }

    /** get_metadata. */
    public Optional<String> getMetadata(String scope, String name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT data from \"dids\" WHERE scope = ? AND name = ?")) {
            st.setString(1, scope);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                Optional<String> result = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                connection.commit();
                return result;
            }
        }
    }

    /** list_dids with the FilterEngine's SQL shape; {@code where} is what the engine renders. */
    public List<String> listDids(String where, Object... args) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT * FROM \"dids\" WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString("name"));
                }
            }
        }
        connection.commit();
        return names;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
