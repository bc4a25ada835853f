package io.bastion.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueLoaderTest {

  private static final Path CONF = Path.of("../conf/catalogues");

  private static final String VALID = """
      id: tiny
      version: "1"
      title: Tiny
      description: A valid catalogue to break in each test.
      questions:
        - id: q-one
          function: GV
          text: First question.
          type: yesno
          weight: 3
          references: {nist: [GV.RR-01], cis: ["17.1"]}
          recommendation: {text: Do it., effort: quick-win, impact: high}
        - id: q-two
          function: PR
          text: Second question.
          type: maturity
          levels: [a, b, c, d, e]
          weight: 2
          showIf: {question: q-one, in: ["yes", "partial"]}
          references: {nist: [PR.AA-01]}
          recommendation: {text: Do that., effort: project, impact: low}
      """;

  @Test
  void theShippedCataloguesLoad() throws IOException {
    Catalogues all = CatalogueLoader.loadDirectory(CONF);
    Catalogue baseline = all.latest("baseline").orElseThrow();
    assertThat(baseline.questions()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(baseline.questions().stream().map(Question::function).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(CsfFunction.class));
    Catalogue cloud = all.latest("cloud-saas").orElseThrow();
    assertThat(cloud.questions().stream().map(Question::function).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(CsfFunction.class));
    assertThat(cloud.functionWeight(CsfFunction.PR)).isEqualTo(1.5);
    assertThat(baseline.categories()).isEmpty();
    assertThat(cloud.categories()).isEmpty();
    Catalogue csf = all.latest("csf-2.0").orElseThrow();
    assertThat(csf.questions()).hasSize(106);
    assertThat(csf.categories()).hasSize(22);
    assertThat(all.latestAll().stream().map(Catalogue::id)).containsExactly("baseline", "cloud-saas", "csf-2.0");
    for (Catalogue c : all.all()) {
      assertThat(c.title()).isNotBlank();
      assertThat(c.description()).isNotBlank();
      assertThat(c.questions()).allSatisfy(q -> {
        assertThat(q.recommendation().text()).isNotBlank();
        assertThat(q.references()).isNotEmpty();
        assertThat(q.options()).anyMatch(o -> o.score() == 1.0);
      });
    }
    assertThat(CatalogueLoader.parse("example", Files.readString(Path.of("../docs/examples/example.yaml"))).id())
        .isEqualTo("example");
  }

  @Test
  void aValidCatalogueParsesWithEveryField() {
    Catalogue c = CatalogueLoader.parse("tiny.yaml", VALID);
    assertThat(c.key()).isEqualTo("tiny@1");
    Question two = c.question("q-two").orElseThrow();
    assertThat(two.type()).isEqualTo(AnswerType.MATURITY);
    assertThat(two.allowedValues()).containsExactly("0", "1", "2", "3", "4", "na");
    assertThat(two.option("3").orElseThrow().score()).isEqualTo(0.75);
    assertThat(two.showIf()).isEqualTo(new Condition("q-one", java.util.List.of("yes", "partial")));
    assertThat(c.question("q-one").orElseThrow().references())
        .containsExactly(new Reference(Reference.NIST_CSF, "GV.RR-01"), new Reference(Reference.CIS, "17.1"));
  }

  @Test
  void duplicateIdIsNamed() {
    assertProblem(VALID.replace("id: q-two", "id: q-one").replace("question: q-one", "question: q-two"),
        "question 'q-one': duplicate id");
  }

  @Test
  void unknownFunctionIsNamed() {
    assertProblem(VALID.replace("function: PR", "function: XX"), "question 'q-two': unknown function 'XX'");
  }

  @Test
  void weightOutOfRangeIsNamed() {
    assertProblem(VALID.replace("weight: 3", "weight: 9"), "question 'q-one': weight 9 out of range");
    assertProblem(VALID.replace("weight: 3", "weight: 0"), "question 'q-one': weight 0 out of range");
  }

  @Test
  void missingRecommendationIsNamed() {
    assertProblem(VALID.replace("    recommendation: {text: Do it., effort: quick-win, impact: high}\n", ""),
        "question 'q-one': missing recommendation");
    assertProblem(VALID.replace("effort: quick-win", "effort: someday"),
        "question 'q-one': recommendation effort must be quick-win or project");
  }

  @Test
  void conditionNamingAnUnknownQuestionIsNamed() {
    assertProblem(VALID.replace("question: q-one", "question: q-nine"),
        "question 'q-two': condition names unknown question 'q-nine'");
    assertProblem(VALID.replace("in: [\"yes\", \"partial\"]", "in: [\"maybe\"]"),
        "question 'q-two': condition value 'maybe' is not an answer of 'q-one'");
  }

  @Test
  void otherMistakesAreNamedToo() {
    assertProblem(VALID.replace("levels: [a, b, c, d, e]", "levels: [a, b]"),
        "question 'q-two': a maturity question needs levels");
    assertProblem(VALID.replace("type: yesno", "type: slider"), "question 'q-one': unknown type 'slider'");
    assertProblem(VALID.replace("GV.RR-01", "GV.RR-1"), "'GV.RR-1' is not a NIST CSF 2.0 subcategory id");
    assertProblem(VALID.replace("text: First question.", "txet: First question."),
        "question 'q-one': unknown field 'txet'");
    assertProblem(VALID.replace("title: Tiny\n", ""), "catalogue: title missing");
    assertProblem("questions: [", "not valid YAML/JSON");
  }

  @Test
  void categoriesAreOptionalAndChecked() {
    assertThat(CatalogueLoader.parse("tiny.yaml", VALID).categories()).as("none: grouped by function only").isEmpty();
    String grouped = VALID.replace("questions:\n", """
        categories:
          - {id: GV.RR, function: GV, title: Roles}
          - {id: PR.AA, function: PR, title: Access}
        questions:
        """).replace("function: GV\n", "function: GV\n    category: GV.RR\n");
    Catalogue c = CatalogueLoader.parse("tiny.yaml", grouped);
    assertThat(c.categories()).containsExactly(new Category("GV.RR", CsfFunction.GV, "Roles"),
        new Category("PR.AA", CsfFunction.PR, "Access"));
    assertThat(c.question("q-one").orElseThrow().category()).isEqualTo("GV.RR");
    assertThat(c.question("q-two").orElseThrow().category()).as("a question may have none").isNull();

    assertProblem(grouped.replace("category: GV.RR", "category: GV.XX"), "question 'q-one': unknown category 'GV.XX'");
    assertProblem(grouped.replace("category: GV.RR", "category: PR.AA"),
        "question 'q-one': category 'PR.AA' belongs to function PR, the question to GV");
    assertProblem(VALID.replace("function: GV\n", "function: GV\n    category: GV.RR\n"),
        "question 'q-one': unknown category 'GV.RR' (the catalogue lists no categories)");
    assertProblem(grouped.replace("function: PR, title: Access", "function: XX, title: Access"),
        "category 'PR.AA': unknown function 'XX'");
    assertProblem(grouped.replace("title: Access", "titel: Access"), "category 'PR.AA': title missing");
    assertProblem(grouped.replace("id: PR.AA", "id: GV.RR"), "category 'GV.RR': duplicate id");
  }

  @Test
  void aCatalogueIdMayHoldDotsAQuestionIdNot() {
    assertThat(CatalogueLoader.parse("tiny.yaml", VALID.replace("id: tiny", "id: tiny-2.0")).id())
        .isEqualTo("tiny-2.0");
    assertProblem(VALID.replace("id: q-one", "id: q.one").replace("question: q-one", "question: q.one"),
        "question 'q.one': id must be lower-case letters, digits and dashes");
  }

  @Test
  void everyProblemIsReportedAtOnceWithTheFileName() {
    String broken = VALID.replace("function: PR", "function: XX").replace("weight: 3", "weight: 7");
    assertThatThrownBy(() -> CatalogueLoader.parse("conf/catalogues/tiny.yaml", broken))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("conf/catalogues/tiny.yaml")
        .satisfies(e -> assertThat(((CatalogueException) e).problems()).hasSize(2));
  }

  @Test
  void aDirectoryWithTwoFilesForOneVersionIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), VALID);
    Files.writeString(dir.resolve("b.yaml"), VALID);
    assertThatThrownBy(() -> CatalogueLoader.loadDirectory(dir)).isInstanceOf(CatalogueException.class)
        .hasMessageContaining("catalogue 'tiny' version 1 is defined twice");
  }

  @Test
  void newerVersionsWinForNewAssessmentsAndOldOnesStayAvailable(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("v9.yaml"), VALID.replace("version: \"1\"", "version: \"2026.9\""));
    Files.writeString(dir.resolve("v10.yaml"), VALID.replace("version: \"1\"", "version: \"2026.10\""));
    Catalogues all = CatalogueLoader.loadDirectory(dir);
    assertThat(all.latest("tiny").orElseThrow().version()).isEqualTo("2026.10");
    assertThat(all.get("tiny", "2026.9")).isPresent();
    assertThat(Set.copyOf(all.latestAll())).hasSize(1);
  }

  private static void assertProblem(String yaml, String expected) {
    assertThatThrownBy(() -> CatalogueLoader.parse("tiny.yaml", yaml))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("tiny.yaml")
        .hasMessageContaining(expected);
  }
}
