package io.bastion.node.mesh;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The mesh starter's command line, in {@code node/target/node-<version>-cli.jar}: {@code ./bastion up} builds the
 * jars when they are missing, then runs {@code java -jar node-<version>-cli.jar up ...}.
 */
@Command(name = "bastion", usageHelpAutoWidth = true,
    subcommands = {UpCommand.class, StatusCommand.class, ReplayCommand.class, CatalogueCommand.class,
        CommandLine.HelpCommand.class},
    description = "Runs a Bastion mesh on this machine, each part a process of its own.")
public final class BastionCli implements Runnable {

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  public static void main(String[] args) {
    // The name in the log lines of what runs in this process (development certificates, for one).
    System.setProperty("bastion.node.name", System.getProperty("bastion.node.name", "bastion"));
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new BastionCli());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "which command? (up, status, replay, catalogue)");
  }
}
