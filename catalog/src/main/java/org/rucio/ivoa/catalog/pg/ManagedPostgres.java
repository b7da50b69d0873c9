package org.rucio.ivoa.catalog.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster that rucio-ivoa runs itself, for the demo and for tests.
 *
 * <p>Layout under the cluster directory: {@code data/} (PGDATA, owned by the server account),
 * {@code run/} (unix socket and server log), {@code superuser.password} (readable by the invoker only).
 * PostgreSQL refuses to run as root, so when we are root every server binary runs as the unprivileged
 * {@code postgres} account that Debian's packages create.
 */
public final class ManagedPostgres {

    public static final String DATABASE = "rucio";
    public static final String SUPERUSER = "rucio_ivoa";
    public static final int DEFAULT_PORT = 15432;
    private static final String SERVER_ACCOUNT = "postgres";

    private final Path dir;
    private final Path binDir;
    private final Optional<String> runAs;

    private ManagedPostgres(Path dir, Path binDir, Optional<String> runAs) {
        this.dir = dir.toAbsolutePath().normalize();
        this.binDir = binDir;
        this.runAs = runAs;
    }

    /** A cluster living in {@code dir}; nothing is created until {@link #start}. */
    public static ManagedPostgres at(Path dir) {
        Path bin = PostgresBinaries.locate();
        return new ManagedPostgres(dir, bin, isRoot() ? Optional.of(SERVER_ACCOUNT) : Optional.empty());
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("run").resolve("postgresql.log");
    }

    /**
     * Initialises the cluster when needed, starts it when it is not running, creates the {@code rucio}
     * database, and returns its JDBC URL. Starting a running cluster only returns the URL.
     *
     * @param port the port to listen on (127.0.0.1 only); ignored when the cluster is already running
     * @param durable false for throw-away test clusters: fsync and friends off
     */
    public String start(int port, boolean durable) {
        try {
            Optional<Integer> running = runningPort();
            if (running.isEmpty() && !portIsFree(port)) {
                throw new ManagedPostgresException("port " + port + " on 127.0.0.1 is already in use;"
                        + " choose another with --port");
            }
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("data").resolve("PG_VERSION"))) {
                initdb(durable);
            }
            if (running.isEmpty()) {
                List<String> options = List.of("-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                        "-k", dir.resolve("run").toString());
                run(List.of(binDir.resolve("pg_ctl").toString(), "start", "-w", "-t", "120",
                        "-D", dir.resolve("data").toString(), "-l", logFile().toString(),
                        "-o", String.join(" ", options)), "pg_ctl start");
                running = runningPort();
                if (running.isEmpty()) {
                    throw new ManagedPostgresException("PostgreSQL did not start; see " + logFile());
                }
            }
            String url = jdbcUrl(running.get(), DATABASE);
            createDatabaseIfMissing(running.get());
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the cluster (fast shutdown); does nothing when it is not running. */
    public void stop() {
        if (runningPort().isPresent()) {
            run(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60", "-m", "fast",
                    "-D", dir.resolve("data").toString()), "pg_ctl stop");
        }
    }

    /** Stops the cluster, immediately: for crash tests. */
    public void kill() {
        if (runningPort().isPresent()) {
            run(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-w", "-m", "immediate",
                    "-D", dir.resolve("data").toString()), "pg_ctl stop");
        }
    }

    /** The port of the running server, read from postmaster.pid, or empty when it is not running. */
    public Optional<Integer> runningPort() {
        Path pidFile = dir.resolve("data").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        ProcessResult status = exec(List.of(binDir.resolve("pg_ctl").toString(), "status",
                "-D", dir.resolve("data").toString()));
        if (status.exitCode() != 0) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + "?user=" + SUPERUSER + "&password=" + URLEncoder.encode(password(), StandardCharsets.UTF_8);
    }

    public String password() {
        try {
            return Files.readString(dir.resolve("superuser.password")).trim();
        } catch (IOException e) {
            throw new ManagedPostgresException("no superuser.password in " + dir + ": was the cluster created"
                    + " by rucio-ivoa?");
        }
    }

    /** A port on 127.0.0.1 nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void initdb(boolean durable) throws IOException {
        Path data = dir.resolve("data");
        Path run = dir.resolve("run");
        Files.createDirectories(data);
        Files.createDirectories(run);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path passwordFile = dir.resolve("superuser.password");
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        // initdb reads the password from a file the server account can read; it is removed right after
        Path pwfile = run.resolve("initdb.pw");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (runAs.isPresent()) {
            makeTraversable(dir);
            ProcessResult chown = execAsInvoker(List.of("chown", "-R", runAs.get() + ":", data.toString(), run.toString()));
            if (chown.exitCode() != 0) {
                throw new ManagedPostgresException("cannot give " + data + " to '" + runAs.get() + "': " + chown.output());
            }
        }
        try {
            run(List.of(binDir.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"), "initdb");
        } finally {
            Files.deleteIfExists(pwfile);
        }
        List<String> conf = new ArrayList<>(List.of("", "# written by rucio-ivoa",
                "max_connections = 200", "shared_buffers = 256MB", "work_mem = 16MB",
                "maintenance_work_mem = 256MB", "max_wal_size = 4GB", "checkpoint_timeout = 15min",
                "log_min_messages = warning", "log_line_prefix = '%m [%p] %q%u@%d '"));
        if (!durable) {
            conf.addAll(List.of("fsync = off", "synchronous_commit = off", "full_page_writes = off"));
        }
        Files.write(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The server account must be able to reach the cluster directory through every parent. */
    private static void makeTraversable(Path dir) throws IOException {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new ManagedPostgresException("the PostgreSQL server runs as '" + SERVER_ACCOUNT
                        + "' and cannot enter " + p + " (mode " + PosixFilePermissions.toString(perms)
                        + "); choose a cluster directory outside it with --dir, or chmod o+x " + p);
            }
        }
    }

    private void createDatabaseIfMissing(int port) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"))) {
            try (var st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                st.setString(1, DATABASE);
                if (st.executeQuery().next()) {
                    return;
                }
            }
            try (var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new ManagedPostgresException("cannot create database " + DATABASE + " on port " + port
                    + ": " + e.getMessage());
        }
    }

    private void run(List<String> command, String what) {
        ProcessResult result = exec(command);
        if (result.exitCode() != 0) {
            throw new ManagedPostgresException(what + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip()
                    + (Files.exists(logFile()) ? "\nserver log: " + logFile() : ""));
        }
    }

    /** Runs a server binary, as the server account when we are root. */
    private ProcessResult exec(List<String> command) {
        List<String> full = new ArrayList<>();
        runAs.ifPresent(account -> full.addAll(List.of("runuser", "-u", account, "--")));
        full.addAll(command);
        return execAsInvoker(full);
    }

    private static ProcessResult execAsInvoker(List<String> full) {
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ManagedPostgresException(String.join(" ", full) + " did not finish within 180 s");
            }
            return new ProcessResult(p.exitValue(), out);
        } catch (IOException e) {
            throw new ManagedPostgresException("cannot run " + full.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagedPostgresException("interrupted while running " + String.join(" ", full));
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private record ProcessResult(int exitCode, String output) {
    }
}
