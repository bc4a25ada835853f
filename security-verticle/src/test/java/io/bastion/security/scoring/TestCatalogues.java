package io.bastion.security.scoring;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped catalogues and the docs example, read from the repository like a node reads them. */
final class TestCatalogues {

  static final Path ROOT = findRoot();
  static final Catalogues SHIPPED = load();
  static final Catalogue BASELINE = SHIPPED.latest("baseline").orElseThrow();
  static final Catalogue CLOUD = SHIPPED.latest("cloud-saas").orElseThrow();
  /** NIST CSF 2.0 as imported from NIST's OSCAL catalog: 106 maturity questions in 22 categories. */
  static final Catalogue CSF = SHIPPED.latest("csf-2.0").orElseThrow();
  static final Catalogue EXAMPLE = example();

  private TestCatalogues() {
  }

  private static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("conf/catalogues"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("conf/catalogues not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static Catalogues load() {
    try {
      return CatalogueLoader.loadDirectory(ROOT.resolve("conf/catalogues"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Catalogue example() {
    try {
      Path file = ROOT.resolve("docs/examples/example.yaml");
      return CatalogueLoader.parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
