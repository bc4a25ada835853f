package io.bastion.catalogue.oscal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.catalogue.AnswerType;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Category;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The importer on NIST's own CSF 2.0 OSCAL catalog, as the project ships it, and on broken copies of it. */
class OscalCatalogueImporterTest {

  private static final Path SOURCE = Path.of("../conf/catalogues/sources/NIST_CSF_v2.0_catalog-min.json");
  private static final Path SHIPPED = Path.of("../conf/catalogues/csf-2.0.yaml");
  private static final ImportOptions CSF = new ImportOptions("csf-2.0", "2.0", "NIST CSF 2.0");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneQuestionPerCurrentSubcategoryInItsCategoryAndFunction() throws IOException {
    OscalCatalogueImporter.Imported imported = OscalCatalogueImporter.read(SOURCE, CSF);
    assertThat(imported.questions()).isEqualTo(106);
    assertThat(imported.categories()).isEqualTo(22);
    assertThat(imported.functions()).isEqualTo(6);
    assertThat(imported.withdrawnSkipped()).isEqualTo(79);

    Catalogue c = imported.catalogue();
    assertThat(c.key()).isEqualTo("csf-2.0@2.0");
    assertThat(c.title()).isEqualTo("NIST CSF 2.0");
    assertThat(c.questions()).hasSize(106);
    assertThat(c.categories()).hasSize(22);
    Map<CsfFunction, Long> perFunction = c.questions().stream()
        .collect(Collectors.groupingBy(Question::function, Collectors.counting()));
    assertThat(perFunction).containsExactlyInAnyOrderEntriesOf(Map.of(CsfFunction.GV, 31L, CsfFunction.ID, 21L,
        CsfFunction.PR, 22L, CsfFunction.DE, 11L, CsfFunction.RS, 13L, CsfFunction.RC, 8L));
    // In the framework's order (the sort-id props), not the file's (GV.PO before GV.RM, RC.CO before RC.RP).
    assertThat(c.categories().stream().map(Category::id)).startsWith("GV.OC", "GV.RM", "GV.RR", "GV.PO")
        .endsWith("RC.RP", "RC.CO").doesNotContain("ID.BE", "PR.AC", "PR.IP");
    assertThat(c.category("PR.AA").orElseThrow())
        .isEqualTo(new Category("PR.AA", CsfFunction.PR, "Identity Management, Authentication, and Access Control"));
    assertThat(c.questions()).allSatisfy(q -> {
      assertThat(q.id()).matches("(gv|id|pr|de|rs|rc)-[a-z]{2}-\\d{2}");
      assertThat(c.category(q.category()).orElseThrow().function()).isEqualTo(q.function());
      assertThat(q.type()).isEqualTo(AnswerType.MATURITY);
      assertThat(q.allowedValues()).containsExactly("0", "1", "2", "3", "4", "na");
      assertThat(q.weight()).isEqualTo(1.0);
      assertThat(q.recommendation().text()).isNotBlank();
    });
    assertThat(c.questions().get(0).id()).isEqualTo("gv-oc-01");
    assertThat(c.questions().get(105).id()).isEqualTo("rc-co-04");
  }

  @Test
  void theStatementIsTheTextTheExamplesTheHelpTheIdTheReference() throws IOException {
    Catalogue c = OscalCatalogueImporter.read(SOURCE, CSF).catalogue();
    Question q = c.question("gv-oc-02").orElseThrow();
    assertThat(q.category()).isEqualTo("GV.OC");
    assertThat(q.text()).isEqualTo("Internal and external stakeholders are understood, and their needs and "
        + "expectations regarding cybersecurity risk management are understood and considered.");
    assertThat(q.help()).startsWith("Implementation examples (NIST):\n1. Identify relevant internal stakeholders")
        .contains("\n2. Identify relevant external stakeholders");
    assertThat(q.references()).containsExactly(new Reference(Reference.NIST_CSF, "GV.OC-02"));
    assertThat(q.recommendation().text()).startsWith("GV.OC-02 (Organizational Context): Internal and external");
    assertThat(q.options().get(0).label()).isEqualTo("Not in place");
    assertThat(q.options().get(4).score()).isEqualTo(1.0);
  }

  @Test
  void withdrawnSubcategoriesAreSkipped() throws IOException {
    Catalogue c = OscalCatalogueImporter.read(SOURCE, CSF).catalogue();
    // ID.BE-01 (withdrawn with its category), ID.AM-06 (withdrawn in a current category), PR.DS-03.
    for (String withdrawn : new String[] {"id-be-01", "id-am-06", "pr-ds-03", "rs-an-01"}) {
      assertThat(c.question(withdrawn)).as(withdrawn).isEmpty();
    }
    assertThat(c.question("id-am-05")).isPresent();
    assertThat(c.question("id-am-07")).isPresent();
  }

  @Test
  void theYamlIsALoaderCatalogueAndTextIsEscaped() throws IOException {
    String json = Files.readString(SOURCE, StandardCharsets.UTF_8);
    // Text a YAML writer must escape: a colon and hash, quotes, a line that looks like a key, a document marker.
    String nasty = "Assets: \"all\" # of them\n---\nkey: value, 'quoted' & *alias";
    String edited = edit(json, root -> firstSubcategory(root).withArray("parts").insertObject(1)
        .put("name", "example").put("prose", nasty));
    OscalCatalogueImporter.Imported imported = OscalCatalogueImporter.convert("edited.json", edited, CSF);
    Catalogue back = CatalogueLoader.parse("csf-2.0.yaml", imported.yaml());
    assertThat(back.questions()).isEqualTo(imported.catalogue().questions());
    assertThat(back.categories()).isEqualTo(imported.catalogue().categories());
    // Whitespace runs become one space (the examples are plain text, one a line).
    assertThat(back.question("gv-oc-01").orElseThrow().help())
        .contains("\n1. Assets: \"all\" # of them --- key: value, 'quoted' & *alias.\n2. Share the organization's");
  }

  @Test
  void theShippedCatalogueIsWhatTheImporterMakesOfTheShippedSource() throws IOException {
    String made = OscalCatalogueImporter.read(SOURCE, CSF).yaml();
    assertThat(Files.readString(SHIPPED, StandardCharsets.UTF_8))
        .as("conf/catalogues/csf-2.0.yaml is generated: run the command in conf/catalogues/sources/SOURCES.md")
        .isEqualTo(made);
  }

  @Test
  void theShippedSourceIsNistsFileByteForByte() throws Exception {
    byte[] bytes = Files.readAllBytes(SOURCE);
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(sha).isEqualTo("87d31e856ab2d2b5fb78d66233cc257a2e1a6c3c51b367ab73c10124b25adc3b");
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void notJsonOrNotACatalogIsRefused() {
    assertRefused("<catalog/>", "bad.json: not JSON (");
    assertRefused("{\"profile\": {}}", "bad.json: no 'catalog' object at the top: not an OSCAL catalog");
    assertRefused("[1, 2]", "no 'catalog' object at the top");
  }

  @Test
  void aGroupOrControlWithoutIdOrTitleIsNamed() throws IOException {
    assertRefused(edited(root -> group(root, 1).remove("id")), "group #2 has no id");
    assertRefused(edited(root -> group(root, 1).remove("title")), "group 'ID' has no title");
    assertRefused(edited(root -> ((ObjectNode) group(root, 0).get("controls").get(2)).remove("id")),
        "control #3 of group 'GV' has no id");
    assertRefused(edited(root -> ((ObjectNode) group(root, 0).get("controls").get(2)).remove("title")),
        "category 'GV.PO' has no title");
    assertRefused(edited(root -> firstSubcategory(root).remove("id")),
        "control #1 of category 'GV.OC' has no id");
    assertRefused(edited(root -> firstSubcategory(root).remove("title")), "subcategory 'GV.OC-01' has no title");
  }

  @Test
  void noFunctionGroupsOrNoCurrentSubcategoriesIsRefused() throws IOException {
    assertRefused(edited(root -> catalog(root).putArray("groups")),
        "no function groups (catalog.groups with ids GV, ID, PR, DE, RS, RC)");
    assertRefused(edited(root -> catalog(root).remove("groups")), "no function groups");
    assertRefused(edited(root -> {
      ObjectNode govern = group(root, 0).deepCopy();
      catalog(root).putObject("groups").set("GV", govern);
    }), "catalog: groups is not a list");
    assertRefused(edited(root -> group(root, 0).putObject("controls")), "group 'GV': controls is not a list");
    assertRefused(edited(root -> group(root, 2).put("id", "AC")),
        "group 'AC' is not a CSF function (GV, ID, PR, DE, RS, RC)");
    assertRefused(edited(root -> root.findParents("class").stream()
            .filter(n -> "subcategory".equals(n.path("class").asText()))
            .forEach(n -> ((ObjectNode) n).withArray("props").addObject().put("name", "status")
                .put("value", "withdrawn"))),
        "no current subcategories (none at all, or all withdrawn)");
  }

  @Test
  void aSubcategoryWithoutStatementOrOutOfPlaceIsNamed() throws IOException {
    assertRefused(edited(root -> firstSubcategory(root).withArray("parts").remove(0)),
        "subcategory 'GV.OC-01' has no statement");
    assertRefused(edited(root -> firstSubcategory(root).put("id", "PR.OC-01")),
        "subcategory 'PR.OC-01' in category 'GV.OC' is not a subcategory id of it");
    assertRefused(edited(root -> ((ObjectNode) group(root, 0).get("controls").get(1)).put("id", "GV.OC")),
        "id 'GV.OC' appears twice");
  }

  @Test
  void optionsTheLoaderRefusesAreNamedOnOneLine() throws IOException {
    String json = Files.readString(SOURCE, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OscalCatalogueImporter.convert("csf.json", json, new ImportOptions("CSF", "2.0", null)))
        .isInstanceOf(OscalImportException.class)
        .hasMessage("csf.json: the catalogue would not load: catalogue: id 'CSF' must be lower-case letters, "
            + "digits, dots and dashes");
    String untitled = edit(json, root -> ((ObjectNode) catalog(root).get("metadata")).remove("title"));
    assertThatThrownBy(() -> OscalCatalogueImporter.convert("csf.json", untitled, new ImportOptions("c", "1", null)))
        .hasMessage("csf.json: no title: the catalog's metadata has none; give one");
    assertThat(OscalCatalogueImporter.convert("csf.json", json, new ImportOptions("c", "1", null)).catalogue()
        .title()).as("the catalog's own title by default")
        .isEqualTo("Electronic Version of NIST Cybersecurity Framework 2.0");
  }

  // ------------------------------------------------------------------ helpers

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> OscalCatalogueImporter.convert("bad.json", json, CSF))
        .isInstanceOf(OscalImportException.class)
        .hasMessageStartingWith("bad.json: ")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).as("one line").doesNotContain("\n"));
  }

  private static String edited(Consumer<ObjectNode> change) throws IOException {
    return edit(Files.readString(SOURCE, StandardCharsets.UTF_8), change);
  }

  private static String edit(String json, Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(json);
    change.accept(root);
    return JSON.writeValueAsString(root);
  }

  private static ObjectNode catalog(ObjectNode root) {
    return (ObjectNode) root.get("catalog");
  }

  private static ObjectNode group(ObjectNode root, int index) {
    return (ObjectNode) ((ArrayNode) catalog(root).get("groups")).get(index);
  }

  /** GV.OC-01. */
  private static ObjectNode firstSubcategory(ObjectNode root) {
    return (ObjectNode) group(root, 0).get("controls").get(0).get("controls").get(0);
  }
}
