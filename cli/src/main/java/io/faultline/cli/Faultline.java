package io.faultline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code faultline} command: checks histories, benchmarks the checker, runs the proxy, renders reports, runs Clojure scripts. */
@Command(name = "faultline",
        description = "Chaos-testing harness for distributed Java services.",
        subcommands = {CheckCommand.class, BenchCommand.class, ProxyCommand.class, ReportCommand.class, ClojureCommand.class},
        // Subcommands inherit the help option and the exit codes of usage and internal errors.
        scope = ScopeType.INHERIT,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeOnExecutionException = ExitCodes.SOFTWARE)
public final class Faultline {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Faultline());
        cli.setParameterExceptionHandler(Faultline::usageError);
        // Everything after the script's name is the script's, options included.
        cli.getSubcommands().get("clojure").setStopAtPositional(true);
        return cli;
    }

    /**
     * The problem and where to read the options, rather than picocli's default of the whole usage
     * text, which pushes the one line that matters off the screen.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }
}
