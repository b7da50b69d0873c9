package org.rucio.ivoa.tap;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.postgresql.util.PSQLException;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.UploadTable;
import org.rucio.ivoa.tap.upload.UploadLimits;
import org.rucio.ivoa.tap.upload.UploadLoader;
import org.rucio.ivoa.tap.upload.UploadReader;
import org.rucio.ivoa.tap.upload.UploadedTable;
import org.rucio.ivoa.tap.write.ResultWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync query pipeline: request parameters, then ADQL compiled against the published metadata, then a
 * read-only transaction as {@code rucio_ivoa_reader} with a statement timeout, then a server-side cursor
 * (autocommit off, fetch size) streamed row by row into a {@link ResultWriter}. Rows are never collected.
 *
 * <p>Failures before the first byte are {@link TapException}s (the caller sends an error document with their
 * status); a failure after streaming began is written into the result by the writer.
 */
public final class QueryRunner {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRunner.class);

    /** From this MAXREC on, results come in PostgreSQL's binary form (see {@link #stream}). */
    static final int BINARY_FROM_ROWS = 100_000;

    /** The default role queries run as: it can read ivoa.* and tap_schema.* and nothing else. */
    public static final String READER_ROLE = "rucio_ivoa_reader";

    /** Row limits (MAXREC default and hard limit), the time limit per query and the cursor's fetch size. */
    public record Limits(int defaultMaxrec, int hardMaxrec, Duration timeout, int fetchSize) {
        public Limits {
            if (defaultMaxrec < 0 || hardMaxrec < defaultMaxrec) {
                throw new IllegalArgumentException("need 0 <= default MAXREC <= hard MAXREC");
            }
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive");
            if (fetchSize < 1) throw new IllegalArgumentException("the fetch size must be positive");
        }

        public static final Limits DEFAULT = new Limits(10_000, 1_000_000, Duration.ofSeconds(300), 1_000);
    }

    /** Where the result goes: opened only when the first result row can be written (status line still free until then). */
    @FunctionalInterface
    public interface Destination {
        OutputStream open(ResultFormat format) throws IOException;
    }

    /**
     * How one run is controlled: its time limit in the database ({@code statement_timeout}) and a callback
     * that receives the query's JDBC statement just before it executes, so that another thread can cancel it
     * (async ABORT, execution duration), and null once the statement is done and the connection must no
     * longer be cancelled. The callback may throw to stop the run before the query executes.
     */
    public record Control(Duration timeout, Consumer<Statement> statement) {
        public Control {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive");
        }
    }

    /** What happened: rows written, whether MAXREC cut the result, and the error written into it, if any. */
    public record Outcome(long rows, boolean overflow, String error) {}

    private final DataSource dataSource;
    private final Metadata metadata;
    private final Limits limits;
    private final String readerRole;
    private final String setRole;
    private final UploadReader uploads;

    /** {@code readerRole}: the database role every query runs as (see {@link #READER_ROLE}). */
    public QueryRunner(DataSource dataSource, Metadata metadata, Limits limits, String readerRole) {
        this(dataSource, metadata, limits, readerRole, UploadLimits.DEFAULT);
    }

    /** With bounds on TAP_UPLOAD tables. */
    public QueryRunner(DataSource dataSource, Metadata metadata, Limits limits, String readerRole,
                       UploadLimits uploadLimits) {
        this.dataSource = dataSource;
        this.metadata = metadata;
        this.limits = limits;
        this.readerRole = '"' + readerRole.replace("\"", "\"\"") + '"';
        this.setRole = "SET LOCAL ROLE " + this.readerRole;
        this.uploads = new UploadReader(uploadLimits);
    }

    public Metadata metadata() { return metadata; }

    public Limits limits() { return limits; }

    public UploadLimits uploadLimits() { return uploads.limits(); }

    /** Reads and checks the parameters and compiles the ADQL; nothing touches the database yet. */
    public TapQuery prepare(TapParams p) throws TapException {
        String request = p.first("REQUEST");
        if (request != null && !request.isBlank() && !request.strip().equalsIgnoreCase("doQuery")) {
            throw TapException.badRequest("REQUEST=" + request + " is not supported; use REQUEST=doQuery (or leave it out)");
        }
        String lang = p.first("LANG");
        if (lang == null || lang.isBlank()) {
            throw TapException.badRequest("the LANG parameter is missing; use LANG=ADQL");
        }
        String l = lang.strip().toUpperCase(Locale.ROOT);
        if (!l.equals("ADQL") && !l.equals("ADQL-2.0") && !l.equals("ADQL-2.1")) {
            throw TapException.badRequest("LANG=" + lang + " is not supported; use LANG=ADQL (ADQL-2.0 and ADQL-2.1 are accepted too)");
        }
        String adql = p.first("QUERY");
        if (adql == null || adql.isBlank()) {
            throw TapException.badRequest("the QUERY parameter is missing or empty; send the ADQL query as QUERY=...");
        }
        String formatValue = p.first("RESPONSEFORMAT");
        if (formatValue == null) formatValue = p.first("FORMAT");
        ResultFormat format = ResultFormat.parse(formatValue);
        int maxrec = maxrec(p.first("MAXREC"));
        List<UploadedTable> uploaded = uploads.read(p);
        Map<String, UploadTable> tables = new LinkedHashMap<>();
        for (UploadedTable u : uploaded) tables.put(u.name(), u.meta());
        CompiledQuery compiled;
        try {
            compiled = AdqlCompiler.compile(adql, metadata, tables);
        } catch (AdqlException e) {
            throw TapException.badRequest("ADQL error: " + e.getMessage());
        } catch (RuntimeException e) {
            String ref = reference();
            LOG.error("compiling failed [{}]: {}", ref, adql, e);
            throw new TapException(500, "internal error while translating the query (reference " + ref + ")", e);
        }
        return new TapQuery(adql, compiled, format, maxrec, uploaded);
    }

    private int maxrec(String value) throws TapException {
        if (value == null || value.isBlank()) return limits.defaultMaxrec();
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw TapException.badRequest("MAXREC must be a non-negative integer (got '" + value + "')");
        }
        if (n < 0) throw TapException.badRequest("MAXREC must be a non-negative integer (got '" + value + "')");
        return (int) Math.min(n, limits.hardMaxrec());
    }

    /** Runs a prepared query and streams its result to the destination. */
    public Outcome run(TapQuery q, Destination destination) throws TapException, IOException {
        return run(q, destination, new Control(limits.timeout(), st -> { }));
    }

    /** Runs a prepared query under {@code control} (time limit, cancellation) and streams its result. */
    public Outcome run(TapQuery q, Destination destination, Control control) throws TapException, IOException {
        List<OutputColumn> columns = q.compiled().columns();
        if (q.maxrec() == 0) {
            // MAXREC=0: the metadata only, flagged as overflow (DALI); the query need not run
            OutputStream out = destination.open(q.format());
            ResultWriter w = ResultWriter.create(q.format(), out, q.adql());
            w.beginOverflowing(columns);
            w.end(true);
            return complete(out, new Outcome(0, true, null));
        }
        try (Connection c = connection()) {
            try {
                return stream(c, q, columns, destination, control);
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw translate(e, q.adql());
        }
    }

    private Outcome stream(Connection c, TapQuery q, List<OutputColumn> columns, Destination destination,
                           Control control) throws SQLException, IOException, TapException {
        c.setAutoCommit(false);
        if (!q.uploads().isEmpty()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + control.timeout().toMillis());
            }
            // the uploads become temporary tables of this transaction, created as the service's own role;
            // then the transaction turns read-only for the query itself
            UploadLoader.load(c, q.uploads(), readerRole, uploads.limits().maxRows());
        }
        try (Statement st = c.createStatement()) {
            // one round trip: a cone search spends more time on these than on its rows
            st.execute((q.uploads().isEmpty() ? "SET TRANSACTION READ ONLY" : "SET LOCAL transaction_read_only = on")
                    + "; SELECT set_sphere_output('DEG'); " + setRole + "; SET LOCAL statement_timeout = "
                    + control.timeout().toMillis());
        }
        try (Statement st = c.createStatement()) {
            st.setFetchSize(limits.fetchSize());
            st.setMaxRows(q.maxrec() == Integer.MAX_VALUE ? 0 : q.maxrec() + 1);
            if (q.maxrec() >= BINARY_FROM_ROWS) {
                // a query allowed this many rows is likely an export: PostgreSQL's binary form of numbers and
                // timestamps spares printing and parsing them (about 20% of an export, docs/benchmarks.md),
                // for one more round trip to describe the query, which a cone search would feel
                st.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            control.statement().accept(st);
            try {
                try (ResultSet rs = st.executeQuery(q.compiled().sql())) {
                    ResultSetMetaData md = rs.getMetaData();
                    if (md.getColumnCount() != columns.size()) {
                        throw new IllegalStateException("the SQL returns " + md.getColumnCount() + " columns, the ADQL "
                                + columns.size());
                    }
                    ColumnReader[] readers = new ColumnReader[columns.size()];
                    for (int i = 0; i < readers.length; i++) {
                        readers[i] = ColumnReader.of(columns.get(i), i + 1, md.getColumnTypeName(i + 1));
                    }
                    // The first fetch is in the driver's hands already: read up to a fetch's worth of rows (at
                    // most MAXREC+1) before writing anything. A result that ends there (a cone search, say)
                    // needs no second thread; a MAXREC below the fetch size has its overflow known before the
                    // first byte, so the leading QUERY_STATUS can say so (clients such as pyvo 1.2 read only
                    // that one); and a failure here still gets a proper HTTP status.
                    int first = (int) Math.min((long) q.maxrec() + 1, limits.fetchSize());
                    List<Object[]> ahead = new ArrayList<>(Math.min(first, 1024));
                    while (ahead.size() < first && rs.next()) {
                        ahead.add(ColumnReader.row(rs, readers));
                    }
                    boolean overflowKnown = ahead.size() > q.maxrec();
                    boolean more = ahead.size() == first && !overflowKnown;
                    OutputStream out = destination.open(q.format());
                    ResultWriter w = ResultWriter.create(q.format(), out, q.adql());
                    if (overflowKnown) {
                        w.beginOverflowing(columns);
                    } else {
                        w.begin(columns);
                    }
                    long rows = 0;
                    try {
                        for (Object[] values : ahead) {
                            if (rows == q.maxrec()) {
                                w.end(true);
                                return complete(out, new Outcome(rows, true, null));
                            }
                            w.row(values);
                            rows++;
                        }
                        if (more) {
                            // a large result: the rest is read on one thread and written on this one (see RowPipe)
                            try (RowPipe pipe = RowPipe.start(rs, readers, (long) q.maxrec() + 1 - ahead.size())) {
                                for (Object[][] batch; (batch = pipe.next()) != null; ) {
                                    for (Object[] values : batch) {
                                        if (rows == q.maxrec()) {
                                            w.end(true);
                                            return complete(out, new Outcome(rows, true, null));
                                        }
                                        w.row(values);
                                        rows++;
                                    }
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        w.fail("the service is stopping; the result is incomplete");
                        return complete(out, new Outcome(rows, false, "interrupted"));
                    } catch (SQLException | RuntimeException e) {
                        String message = e instanceof SQLException s ? translate(s, q.adql()).getMessage()
                                : internal(e, q.adql()).getMessage();
                        w.fail(message);
                        return complete(out, new Outcome(rows, false, message));
                    }
                    w.end(false);
                    return complete(out, new Outcome(rows, false, null));
                }
            } finally {
                // from here on the connection may serve another query: nobody may cancel through it any more
                control.statement().accept(null);
            }
        }
    }

    /**
     * The document is whole: close its stream now, before the transaction ends, so that the client has its
     * answer one database round trip sooner (for HTTP the close sends the last chunk).
     */
    private static Outcome complete(OutputStream out, Outcome outcome) throws IOException {
        out.close();
        return outcome;
    }

    private Connection connection() throws TapException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            LOG.warn("no database connection: {}", e.getMessage());
            throw new TapException(503, "the database is not available at the moment; please try again later", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    /** Turns a database failure into a message for a person and an HTTP status; internals only go to the log. */
    TapException translate(SQLException e, String adql) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
        if (state.equals("57014")) {
            return new TapException(400, "the query was stopped after the time limit of " + limits.timeout().toSeconds()
                    + " s; constrain it more (position, time, collection) or ask for fewer rows", e);
        }
        if (state.startsWith("08") || e instanceof SQLTransientConnectionException || state.equals("57P01")
                || state.equals("57P03") || state.startsWith("53")) {
            LOG.warn("database unavailable ({}): {}", state, message);
            return new TapException(503, "the database is not available at the moment; please try again later", e);
        }
        if (state.startsWith("22") || (state.startsWith("42") && !state.equals("42501"))) {
            // data errors (division by zero, bad cast) and what the database checks at execution (GROUP BY)
            return new TapException(400, "the database could not evaluate the query: " + message, e);
        }
        return internal(e, adql);
    }

    private static TapException internal(Throwable e, String adql) {
        String ref = reference();
        LOG.error("query failed [{}]: {}", ref, adql, e);
        return new TapException(500, "internal error while running the query (reference " + ref + ")", e);
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** VOSI availability: really asks the database (SELECT 1 as the reader role); the note says why not. */
    public Availability availability() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.execute(setRole);
                st.execute("SET LOCAL statement_timeout = 5000");
                try (ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
            } finally {
                rollbackQuietly(c);
            }
            return new Availability(true, "the service is accepting queries");
        } catch (SQLException e) {
            LOG.warn("availability check failed: {}", e.getMessage());
            return new Availability(false, "the database is not reachable; queries cannot run at the moment");
        }
    }

    public record Availability(boolean available, String note) {}
}
