package org.rucio.ivoa.catalog.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.SyncSql;

/** What an operator asks of the sync: how it stands, rebuild it, verify it. */
public final class SyncOperations {

    /** A reason DIDs are not published, with how many DIDs have it. */
    public record Reason(String state, String key, String expected, long dids) {
    }

    public record Status(long dids, long published, long incomplete, long invalid, List<Reason> topReasons) {
    }

    /** A DID whose ObsCore row or status differs from what the mapping gives. */
    public record Difference(String scope, String name, String difference) {
    }

    private final String jdbcUrl;
    private final DidTable dids;

    public SyncOperations(String jdbcUrl, DidTable dids) {
        this.jdbcUrl = jdbcUrl;
        this.dids = dids;
    }

    public Status status(int reasons) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            long total = single(st, "SELECT count(*) FROM " + dids.qualified());
            long published = single(st, "SELECT count(*) FROM ivoa.obscore");
            long incomplete = single(st, "SELECT count(*) FROM rucio_ivoa.did_status WHERE state = 'incomplete'");
            long invalid = single(st, "SELECT count(*) FROM rucio_ivoa.did_status WHERE state = 'invalid'");
            List<Reason> top = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT state, key, expected, count(*) FROM (
                        SELECT s.state, p ->> 'key' AS key, p ->> 'expected' AS expected
                        FROM rucio_ivoa.did_status s, jsonb_array_elements(s.problems) p
                        UNION ALL
                        SELECT s.state, m, 'present (mandatory)' FROM rucio_ivoa.did_status s, unnest(s.missing) m
                    ) r GROUP BY 1, 2, 3 ORDER BY 4 DESC, 2 LIMIT ?""")) {
                ps.setInt(1, reasons);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        top.add(new Reason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return new Status(total, published, incomplete, invalid, top);
        }
    }

    /**
     * Re-applies the mapping to every DID, in batches of {@code batchSize}, each its own transaction that
     * holds share locks on its DIDs, so Rucio keeps writing meanwhile and no write is lost or undone; then
     * removes ObsCore and status rows of DIDs that no longer exist. Reports progress in DIDs handled.
     *
     * @return the number of DIDs handled
     */
    public long resync(int batchSize, LongConsumer progress) throws SQLException {
        long done = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement batch = c.prepareStatement("SELECT * FROM rucio_ivoa.resync_batch(?, ?, ?)")) {
            c.setAutoCommit(true);
            String afterScope = null;
            String afterName = null;
            while (true) {
                batch.setString(1, afterScope);
                batch.setString(2, afterName);
                batch.setInt(3, batchSize);
                try (ResultSet rs = batch.executeQuery()) {
                    rs.next();
                    int processed = rs.getInt(3);
                    if (processed == 0) {
                        break;
                    }
                    afterScope = rs.getString(1);
                    afterName = rs.getString(2);
                    done += processed;
                    progress.accept(done);
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT rucio_ivoa.resync_orphans()").close();
            }
        }
        return done;
    }

    /** Lists the DIDs whose published state differs from what the mapping gives; empty when all agree. */
    public List<Difference> check(int limit) throws SQLException {
        List<Difference> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            String extensionSchema = extensionSchema(st);
            st.execute("SET enable_memoize = off");
            try (ResultSet rs = st.executeQuery(new SyncSql(dids, extensionSchema).checkQuery() + " LIMIT " + limit)) {
                while (rs.next()) {
                    out.add(new Difference(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    public long unsyncedCount() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            return single(st, "SELECT (SELECT count(*) FROM " + dids.qualified() + ") - (SELECT count(*) FROM"
                    + " ivoa.obscore) - (SELECT count(*) FROM rucio_ivoa.did_status)");
        }
    }

    private static String extensionSchema(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(
                "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_sphere'")) {
            if (!rs.next()) {
                throw new SQLException("pg_sphere is not installed in this database: run db migrate first");
            }
            return rs.getString(1).replace("\"", "");
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
