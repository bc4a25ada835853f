package io.bastion.node.mesh;

import io.bastion.catalogue.oscal.ImportOptions;
import io.bastion.catalogue.oscal.OscalCatalogueImporter;
import io.bastion.catalogue.oscal.OscalImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code catalogue import FILE --id ID --version V}: writes a Bastion catalogue from an OSCAL catalog laid out like
 * NIST's CSF 2.0 (io.bastion.catalogue.oscal). Says in one line what it wrote (exit 0) or what is wrong (exit 2); an
 * existing file is replaced only with {@code --force}, since catalogues already in use must keep their content.
 */
@Command(name = "import", sortOptions = false,
    description = "Writes a catalogue file from an OSCAL catalog JSON: one maturity question (0 to 4) per current "
        + "subcategory, in its category and function; withdrawn items are skipped. The file is checked by the "
        + "catalogue loader before it is written.")
final class CatalogueImportCommand implements Callable<Integer> {

  static final int REFUSED = 2;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Parameters(index = "0", paramLabel = "FILE", description = "the OSCAL catalog (JSON)")
  Path file;

  @Option(names = "--id", required = true, paramLabel = "ID",
      description = "the catalogue's id: lower-case letters, digits, dots and dashes (csf-2.0)")
  String id;

  @Option(names = "--version", required = true, paramLabel = "V",
      description = "the catalogue's version (2.0); a changed catalogue needs a new one")
  String version;

  @Option(names = "--title", paramLabel = "TEXT", description = "the title users pick it by [the catalog's title]")
  String title;

  @Option(names = "--out", paramLabel = "PATH", description = "where to write it [conf/catalogues/<ID>.yaml]")
  Path out;

  @Option(names = "--force", description = "replace the output file if it exists")
  boolean force;

  @Override
  public Integer call() {
    Path target = out != null ? out : Path.of("conf", "catalogues", id + ".yaml");
    try {
      OscalCatalogueImporter.Imported imported =
          OscalCatalogueImporter.read(file, new ImportOptions(id, version, title));
      write(target, imported.yaml());
      spec.commandLine().getOut().printf("wrote %s: catalogue %s version %s, %d questions in %d categories and %d "
              + "functions (%d withdrawn subcategories skipped)%n", target, id, version, imported.questions(),
          imported.categories(), imported.functions(), imported.withdrawnSkipped());
      return 0;
    } catch (OscalImportException e) {
      return refuse(e.getMessage());
    } catch (FileAlreadyExistsException e) {
      return refuse(target + " exists: give --force to replace it");
    } catch (NoSuchFileException e) {
      return refuse(e.getFile() + ": no such file");
    } catch (IOException e) {
      return refuse(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void write(Path target, String yaml) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (force) {
      Files.writeString(target, yaml, StandardCharsets.UTF_8);
    } else {
      Files.writeString(target, yaml, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    }
  }

  private int refuse(String message) {
    spec.commandLine().getErr().println("[bastion] catalogue import: " + message.replaceAll("\\s+", " ").trim());
    return REFUSED;
  }
}
