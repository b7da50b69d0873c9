package org.rucio.ivoa.server.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The rucio-ivoa command line: one entry point for operators, the demo and the tests. */
@Command(name = "rucio-ivoa", mixinStandardHelpOptions = true, version = "rucio-ivoa 0.1.0",
        description = "Publishes Rucio DID metadata as an IVOA ObsCore table over TAP.",
        subcommands = {PgCommand.class, DbCommand.class, DemoDataCommand.class, AdqlCommand.class, BenchCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status (for tests and {@link #main}). */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** As {@link #run(String...)} with the given environment (tests). */
    static int run(Map<String, String> environment, String... args) {
        CommandLine cli = new CommandLine(new Main());
        try {
            Settings settings = Settings.load(args, environment, cli.getSubcommands().get("serve").getCommandSpec());
            cli.getSubcommands().get("serve").setDefaultValueProvider(settings);
            cli.getSubcommands().get("demo-data").setDefaultValueProvider(settings);
            cli.getSubcommands().get("db").setDefaultValueProvider(settings);
        } catch (IllegalArgumentException e) {
            cli.getErr().println("rucio-ivoa: " + e.getMessage());
            return 2;
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // a failure is a message for a person, not a stack trace
            commandLine.getErr().println("rucio-ivoa: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
