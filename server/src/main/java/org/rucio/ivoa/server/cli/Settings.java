package org.rucio.ivoa.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where settings come from, in this order: a command-line flag ({@code --port 8080}); else an environment
 * variable named after the flag ({@code RUCIO_IVOA_PORT}); else a properties file ({@code port=8080}) given
 * by {@code --config FILE} or {@code RUCIO_IVOA_CONFIG}; else the built-in default. The settings are the
 * options of {@code serve}; {@code db} and {@code demo-data} read the database ones the same way ({@code pg}
 * has flags only: its {@code --port} is PostgreSQL's, not the service's).
 *
 * <p>An unknown key in the file stops start-up with the list of known keys: a misspelt setting must not be
 * silently ignored.
 */
final class Settings implements CommandLine.IDefaultValueProvider {
    static final String ENV_PREFIX = "RUCIO_IVOA_";
    static final String CONFIG_ENV = "RUCIO_IVOA_CONFIG";

    private final Map<String, String> environment;
    private final Properties file;
    private final Set<String> known;

    private Settings(Map<String, String> environment, Properties file, Set<String> known) {
        this.environment = environment;
        this.file = file;
        this.known = known;
    }

    /** The environment variable of an option: {@code --maxrec-limit} is {@code RUCIO_IVOA_MAXREC_LIMIT}. */
    static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The key of an option in the file and the environment: its long name without dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /**
     * Reads the settings file named by {@code --config} in {@code args} (or {@code RUCIO_IVOA_CONFIG}) and
     * checks its keys against the options of {@code service} (the serve command: the settings of the service
     * and its database). Commands given these settings take only those options from the environment and the
     * file; their other options (a count, a batch size) are flags only.
     */
    static Settings load(String[] args, Map<String, String> environment, CommandSpec service) {
        Path path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) path = Path.of(args[i + 1]);
            if (args[i].startsWith("--config=")) path = Path.of(args[i].substring("--config=".length()));
        }
        if (path == null && environment.get(CONFIG_ENV) != null && !environment.get(CONFIG_ENV).isBlank()) {
            path = Path.of(environment.get(CONFIG_ENV));
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : service.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !key(o).equals("config")) known.add(key(o));
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the settings file " + path + ": " + e.getMessage(), e);
            }
            for (String name : properties.stringPropertyNames()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown setting '" + name + "' in " + path + "; the settings are: "
                            + String.join(", ", known));
                }
            }
        }
        return new Settings(environment, properties, known);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
        String key = key(option);
        if (!known.contains(key)) return option.defaultValue();
        String env = environment.get(environmentName(key));
        if (env != null) return env;
        String value = file.getProperty(key);
        if (value != null) return value.strip();
        return option.defaultValue(); // the built-in default of the annotation
    }

    /** Every setting's key (the long option name without dashes). */
    Set<String> keys() {
        return known;
    }
}
