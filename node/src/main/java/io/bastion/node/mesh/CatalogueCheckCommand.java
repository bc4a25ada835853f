package io.bastion.node.mesh;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueException;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.MissingTexts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code catalogue check [DIR] [--strict]}: loads a catalogue directory as a node does and prints each catalogue
 * version, its languages and the texts each translation lacks. Exit 0 when it loads (missing texts fall back to
 * English), 1 with {@code --strict} when a translation lacks texts, 2 when the directory does not load, with every
 * problem of the first broken file.
 */
@Command(name = "check", sortOptions = false,
    description = "Loads a catalogue directory as the nodes do and lists each catalogue version, its languages and "
        + "the texts each translation lacks (shown in English). Exit 0 when it loads, 1 with --strict when a text "
        + "is missing, 2 when it does not load.")
final class CatalogueCheckCommand implements Callable<Integer> {

  static final int INCOMPLETE = 1;
  static final int REFUSED = 2;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "the catalogue directory "
      + "[conf/catalogues]")
  Path dir = Path.of("conf", "catalogues");

  @Option(names = "--strict", description = "exit 1 when any translation lacks a text")
  boolean strict;

  @Override
  public Integer call() {
    Catalogues catalogues;
    try {
      catalogues = CatalogueLoader.loadDirectory(dir);
    } catch (CatalogueException e) {
      return refuse(e.getMessage());
    } catch (IOException e) {
      return refuse(dir + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Catalogue> all = catalogues.all().stream()
        .sorted(Comparator.comparing(Catalogue::id).thenComparing(Catalogue::version)).toList();
    for (Catalogue c : all) {
      out.printf("%s (%d questions): %s%n", c.key(), c.questions().size(),
          catalogues.languages(c.id(), c.version()).stream().map(Language::code).collect(Collectors.joining(", ")));
      for (MissingTexts m : catalogues.translations()) {
        if (m.catalogueKey().equals(c.key())) {
          out.println("  " + m.describe());
        }
      }
    }
    List<MissingTexts> missing = catalogues.missingTexts();
    out.printf("%s: %d catalogue version%s, %d translation%s, %s%n", dir, all.size(), all.size() == 1 ? "" : "s",
        catalogues.translations().size(), catalogues.translations().size() == 1 ? "" : "s",
        missing.isEmpty() ? "no text missing" : missing.size() + " with missing texts (shown in English)");
    return strict && !missing.isEmpty() ? INCOMPLETE : 0;
  }

  private int refuse(String message) {
    spec.commandLine().getErr().println("[bastion] catalogue check: " + message);
    return REFUSED;
  }
}
