package org.rucio.ivoa.tap.uws;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * UWS jobs in PostgreSQL ({@code uws.job}, migration V5). Every phase change is one conditional UPDATE
 * ({@code ... WHERE phase IN (allowed predecessors)}), so concurrent requests and workers cannot take a job
 * through an illegal transition; each successful change is announced to {@link JobEvents}.
 */
public final class JobStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "job_id, phase, owner_id, run_id, creation_time, start_time, end_time,"
            + " execution_duration, destruction_time, quote, param_names, param_values, error_summary, error_type,"
            + " result_path, result_type, result_size, result_rows";

    private final DataSource dataSource;
    private final JobEvents events;

    public JobStore(DataSource dataSource, JobEvents events) {
        this.dataSource = dataSource;
        this.events = events;
    }

    public JobEvents events() {
        return events;
    }

    /** An entry of the job list. */
    public record JobRef(String id, Phase phase, String runId, String ownerId, Instant creationTime) {}

    /** 128 random bits, base64url without padding: unguessable and a legal URI path segment. */
    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Stores a new PENDING job and returns its id. */
    public String create(String ownerId, String runId, int executionDuration, Instant destruction,
                         List<Job.Parameter> parameters) throws SQLException {
        return create(ownerId, runId, executionDuration, destruction, parameters, Map.of());
    }

    /** Stores a new PENDING job with the files sent with it (inline uploads, by part name), in one transaction. */
    public String create(String ownerId, String runId, int executionDuration, Instant destruction,
                         List<Job.Parameter> parameters, Map<String, byte[]> files) throws SQLException {
        String id = newId();
        inTransaction(c -> {
            insert(c, id, ownerId, runId, executionDuration, destruction, parameters);
            storeFiles(c, id, files);
            return null;
        });
        return id;
    }

    private static void insert(Connection c, String id, String ownerId, String runId, int executionDuration,
                               Instant destruction, List<Job.Parameter> parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO uws.job (job_id, phase, owner_id, run_id,"
                     + " creation_time, execution_duration, destruction_time, param_names, param_values)"
                     + " VALUES (?, 'PENDING', ?, ?, date_trunc('milliseconds', clock_timestamp()), ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, ownerId);
            ps.setString(3, runId);
            ps.setInt(4, executionDuration);
            ps.setObject(5, odt(destruction));
            ps.setArray(6, names(c, parameters));
            ps.setArray(7, values(c, parameters));
            ps.executeUpdate();
        }
    }

    /** Adds or replaces files of a job (a part sent again replaces the earlier one). */
    private static void storeFiles(Connection c, String id, Map<String, byte[]> files) throws SQLException {
        if (files.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO uws.job_upload (job_id, part_name, content)"
                + " VALUES (?, ?, ?) ON CONFLICT (job_id, part_name) DO UPDATE SET content = EXCLUDED.content")) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ps.setString(1, id);
                ps.setString(2, f.getKey());
                ps.setBytes(3, f.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The files sent with a job, by part name. */
    public Map<String, byte[]> files(String id) throws SQLException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("SELECT part_name, content FROM uws.job_upload WHERE job_id = ?"
                     + " ORDER BY part_name")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) files.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return files;
    }

    public Optional<Job> find(String id) throws SQLException {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM uws.job WHERE job_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The job list, newest first: {@code phases} empty lists every job except ARCHIVED ones (UWS §2.2.2.1);
     * {@code after} keeps jobs created after that instant; {@code last} (when positive) the most recent n.
     */
    public List<JobRef> list(Collection<Phase> phases, Instant after, int last) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT job_id, phase, run_id, owner_id, creation_time FROM uws.job WHERE ");
        sql.append(phases.isEmpty() ? "phase <> 'ARCHIVED'" : "phase = ANY (?)");
        if (after != null) sql.append(" AND creation_time > ?");
        sql.append(" ORDER BY creation_time DESC, job_id DESC");
        if (last > 0) sql.append(" LIMIT ?");
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (!phases.isEmpty()) {
                ps.setArray(i++, c.createArrayOf("text", phases.stream().map(Phase::name).toArray()));
            }
            if (after != null) ps.setObject(i++, odt(after));
            if (last > 0) ps.setInt(i, last);
            ps.setFetchSize(1000);
            List<JobRef> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRef(rs.getString(1), Phase.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                            instant(rs, 5)));
                }
            }
            return out;
        }
    }

    /**
     * Appends parameters and files while the job is PENDING (a RUNID also sets the run id); false when it is
     * not PENDING.
     */
    public boolean addParameters(String id, List<Job.Parameter> parameters, String runId, Map<String, byte[]> files)
            throws SQLException {
        int n = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE uws.job SET param_names = param_names || ?,"
                    + " param_values = param_values || ?, run_id = coalesce(?, run_id) WHERE job_id = ? AND phase = 'PENDING'")) {
                ps.setArray(1, names(c, parameters));
                ps.setArray(2, values(c, parameters));
                ps.setString(3, runId);
                ps.setString(4, id);
                int updated = ps.executeUpdate();
                if (updated > 0) storeFiles(c, id, files);
                return updated;
            }
        });
        if (n > 0) events.changed(id);
        return n > 0;
    }

    /** Changes the execution duration while the job has not started; false when it has. */
    public boolean setExecutionDuration(String id, int seconds) throws SQLException {
        return update(id, "UPDATE uws.job SET execution_duration = ? WHERE job_id = ? AND phase IN ('PENDING', 'HELD')",
                (c, ps) -> {
                    ps.setInt(1, seconds);
                    ps.setString(2, id);
                });
    }

    public boolean setDestruction(String id, Instant destruction) throws SQLException {
        return update(id, "UPDATE uws.job SET destruction_time = ? WHERE job_id = ?", (c, ps) -> {
            ps.setObject(1, odt(destruction));
            ps.setString(2, id);
        });
    }

    /** PENDING or HELD to QUEUED; false when the job is in another phase. */
    public boolean queue(String id) throws SQLException {
        return update(id, "UPDATE uws.job SET phase = 'QUEUED', queued_time = clock_timestamp()"
                + " WHERE job_id = ? AND phase IN ('PENDING', 'HELD')", (c, ps) -> ps.setString(1, id));
    }

    /** QUEUED to EXECUTING; false when the job was aborted or deleted meanwhile. */
    public boolean start(String id) throws SQLException {
        return update(id, "UPDATE uws.job SET phase = 'EXECUTING', start_time = date_trunc('milliseconds',"
                + " clock_timestamp()) WHERE job_id = ? AND phase = 'QUEUED'", (c, ps) -> ps.setString(1, id));
    }

    /** EXECUTING to COMPLETED with the result file; false when the job was aborted meanwhile. */
    public boolean complete(String id, String path, String type, long size, long rows) throws SQLException {
        return update(id, "UPDATE uws.job SET phase = 'COMPLETED', end_time = date_trunc('milliseconds',"
                + " clock_timestamp()), result_path = ?, result_type = ?, result_size = ?, result_rows = ?"
                + " WHERE job_id = ? AND phase = 'EXECUTING'", (c, ps) -> {
            ps.setString(1, path);
            ps.setString(2, type);
            ps.setLong(3, size);
            ps.setLong(4, rows);
            ps.setString(5, id);
        });
    }

    /** Any unfinished phase to ERROR with a message for the client; false when the job already finished. */
    public boolean fail(String id, String summary, boolean transientError) throws SQLException {
        return update(id, "UPDATE uws.job SET phase = 'ERROR', end_time = date_trunc('milliseconds', clock_timestamp()),"
                + " error_summary = ?, error_type = ? WHERE job_id = ?"
                + " AND phase NOT IN ('COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED')", (c, ps) -> {
            ps.setString(1, summary);
            ps.setString(2, transientError ? "transient" : "fatal");
            ps.setString(3, id);
        });
    }

    /** Any unfinished phase to ABORTED; false when the job already finished. */
    public boolean abort(String id) throws SQLException {
        return update(id, "UPDATE uws.job SET phase = 'ABORTED', end_time = date_trunc('milliseconds', clock_timestamp())"
                + " WHERE job_id = ? AND phase NOT IN ('COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED')",
                (c, ps) -> ps.setString(1, id));
    }

    /** Forgets a job; returns its result file (or null), or empty when there was no such job. */
    public Optional<String> delete(String id) throws SQLException {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM uws.job WHERE job_id = ? RETURNING result_path")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                events.changed(id);
                return Optional.of(rs.getString(1) == null ? "" : rs.getString(1));
            }
        }
    }

    /** Start-up: jobs left EXECUTING by a previous process become ERROR with {@code reason}; returns how many. */
    public List<String> failExecuting(String reason) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("UPDATE uws.job SET phase = 'ERROR', error_summary = ?,"
                     + " error_type = 'transient', end_time = date_trunc('milliseconds', clock_timestamp())"
                     + " WHERE phase = 'EXECUTING' RETURNING job_id")) {
            ps.setString(1, reason);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        ids.forEach(events::changed);
        return ids;
    }

    /** How many jobs are in each phase (for metrics). */
    public Map<Phase, Long> countByPhase() throws SQLException {
        Map<Phase, Long> counts = new EnumMap<>(Phase.class);
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT phase, count(*) FROM uws.job GROUP BY phase"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) counts.put(Phase.valueOf(rs.getString(1)), rs.getLong(2));
        }
        return counts;
    }

    /** The QUEUED jobs in queue order (start-up re-queues them). */
    public List<String> queued() throws SQLException {
        return ids("SELECT job_id FROM uws.job WHERE phase IN ('QUEUED', 'EXECUTING') AND phase = 'QUEUED'"
                + " ORDER BY queued_time, job_id", null);
    }

    /** Jobs whose destruction time has passed, at most 1,000 at a time. */
    public List<String> expired(Instant now) throws SQLException {
        return ids("SELECT job_id FROM uws.job WHERE destruction_time IS NOT NULL AND destruction_time <= ?"
                + " ORDER BY destruction_time LIMIT 1000", now);
    }

    private List<String> ids(String sql, Instant arg) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) ps.setObject(1, odt(arg));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on one connection in one transaction: committed when it returns, else rolled back. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private boolean update(String id, String sql, Binder binder) throws SQLException {
        int n;
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            n = ps.executeUpdate();
        }
        if (n > 0) events.changed(id);
        return n > 0;
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static Array names(Connection c, List<Job.Parameter> parameters) throws SQLException {
        return c.createArrayOf("text", parameters.stream().map(Job.Parameter::name).toArray());
    }

    private static Array values(Connection c, List<Job.Parameter> parameters) throws SQLException {
        return c.createArrayOf("text", parameters.stream().map(Job.Parameter::value).toArray());
    }

    private static Job job(ResultSet rs) throws SQLException {
        String[] names = (String[]) rs.getArray("param_names").getArray();
        String[] values = (String[]) rs.getArray("param_values").getArray();
        List<Job.Parameter> parameters = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) parameters.add(new Job.Parameter(names[i], values[i]));
        long size = rs.getLong("result_size");
        Long resultSize = rs.wasNull() ? null : size;
        long rows = rs.getLong("result_rows");
        Long resultRows = rs.wasNull() ? null : rows;
        return new Job(rs.getString("job_id"), Phase.valueOf(rs.getString("phase")), rs.getString("owner_id"),
                rs.getString("run_id"), instant(rs, "creation_time"), instant(rs, "start_time"), instant(rs, "end_time"),
                rs.getInt("execution_duration"), instant(rs, "destruction_time"), instant(rs, "quote"),
                List.copyOf(parameters), rs.getString("error_summary"), rs.getString("error_type"),
                rs.getString("result_path"), rs.getString("result_type"), resultSize, resultRows);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }
}
