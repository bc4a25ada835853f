package io.bastion.node.mesh;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code catalogue}: work on catalogue files: {@code import} from an OSCAL catalog, {@code check} a directory. */
@Command(name = "catalogue", subcommands = {CatalogueImportCommand.class, CatalogueCheckCommand.class},
    description = "Catalogue files: import writes one from an OSCAL catalog (such as NIST's CSF 2.0); check "
        + "loads a directory and lists the texts its translations lack.")
final class CatalogueCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "which catalogue command? (import, check)");
  }
}
