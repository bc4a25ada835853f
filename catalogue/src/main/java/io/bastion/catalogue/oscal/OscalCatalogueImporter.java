package io.bastion.catalogue.oscal;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueException;
import io.bastion.catalogue.CatalogueLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns an OSCAL catalog laid out like NIST's CSF 2.0 (see {@link OscalCatalog}) into a Bastion catalogue file.
 * The result is parsed back with {@link CatalogueLoader} before it is returned, so what is written always loads.
 */
public final class OscalCatalogueImporter {

  /** The written catalogue, its YAML text and what was skipped. */
  public record Imported(Catalogue catalogue, String yaml, int functions, int categories, int questions,
      int withdrawnSkipped) {
  }

  private OscalCatalogueImporter() {
  }

  public static Imported read(Path file, ImportOptions options) throws IOException {
    return convert(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), options);
  }

  /**
   * @param source names the input in messages
   * @throws OscalImportException for a catalog that cannot be imported, or options the loader refuses (one line)
   */
  public static Imported convert(String source, String json, ImportOptions options) {
    OscalCatalog catalog = OscalCatalog.read(source, json);
    if (options.title() == null && catalog.metadata().title() == null) {
      throw new OscalImportException(source, "no title: the catalog's metadata has none; give one");
    }
    String yaml = CsfCatalogueYaml.write(catalog, options);
    Catalogue catalogue;
    try {
      catalogue = CatalogueLoader.parse(options.id() + ".yaml", yaml);
    } catch (CatalogueException e) {
      // Only the options can make the written file invalid (an id with capitals, say): name them, on one line.
      throw new OscalImportException(source, "the catalogue would not load: " + String.join("; ", e.problems()));
    }
    return new Imported(catalogue, yaml, catalog.functions().size(), catalog.categories().size(),
        catalog.subcategories().size(), catalog.withdrawnSubcategories());
  }
}
