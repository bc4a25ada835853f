package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./bastion catalogue check [DIR] [--strict]}: languages and missing texts, and its exit codes. */
class CatalogueCheckCommandTest {

  private static final String CATALOGUE = """
      id: tiny
      version: "1"
      title: Tiny
      description: Two questions.
      questions:
        - id: q-one
          function: GV
          text: First question.
          help: Some help.
          type: yesno
          weight: 3
          references: {nist: [GV.RR-01]}
          recommendation: {text: Do it., effort: quick-win, impact: high}
        - id: q-two
          function: PR
          text: Second question.
          type: maturity
          levels: [a, b, c, d, e]
          weight: 2
          references: {nist: [PR.AA-01]}
          recommendation: {text: Do that., effort: project, impact: low}
      """;

  private static final String GERMAN = """
      translation: tiny
      version: "1"
      language: de
      title: Winzig
      description: Zwei Fragen.
      questions:
        q-one: {text: Erste Frage., help: Etwas Hilfe., recommendation: Tun Sie es.}
        q-two: {text: Zweite Frage., recommendation: Tun Sie das., levels: [A, B, C, D, E]}
      """;

  @Test
  void aCompleteDirectoryIsListedAndExitsZeroEvenWhenStrict(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN);
    Files.writeString(dir.resolve("other.yaml"), CATALOGUE.replace("id: tiny", "id: other"));
    Run run = run("catalogue", "check", dir.toString(), "--strict");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("""
        other@1 (2 questions): en
        tiny@1 (2 questions): en, de
          tiny@1 de: complete
        %s: 2 catalogue versions, 1 translation, no text missing
        """.formatted(dir));
    assertThat(run.err).isEmpty();
  }

  @Test
  void missingTextsAreListedAndFailOnlyWhenStrict(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN.replace("title: Winzig\n", "")
        .replace(", help: Etwas Hilfe.", ""));
    Run lenient = run("catalogue", "check", dir.toString());
    assertThat(lenient.exit).as(lenient.err).isZero();
    assertThat(lenient.out).isEqualTo("""
        tiny@1 (2 questions): en, de
          tiny@1 de: 2 texts missing: title, q-one.help
        %s: 1 catalogue version, 1 translation, 1 with missing texts (shown in English)
        """.formatted(dir));

    Run strict = run("catalogue", "check", dir.toString(), "--strict");
    assertThat(strict.exit).isEqualTo(1);
    assertThat(strict.out).isEqualTo(lenient.out);
    assertThat(strict.err).isEmpty();
  }

  @Test
  void aDirectoryThatDoesNotLoadExitsTwoWithEveryProblem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tiny.yaml"), CATALOGUE);
    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN.replace("q-two:", "q-three:").replace("language: de",
        "language: de\nsubtitle: x"));
    Run run = run("catalogue", "check", dir.toString());
    assertThat(run.exit).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("[bastion] catalogue check: invalid catalogue " + dir.resolve("tiny.de.yaml")
        + ":\n  - translation: unknown field 'subtitle'\n");

    Files.writeString(dir.resolve("tiny.de.yaml"), GERMAN.replace("q-two:", "q-three:")
        .replace("levels: [A, B, C, D, E]", "levels: [A]").replace("q-one: {", "q-one: {levels: [A], "));
    Run ids = run("catalogue", "check", dir.toString(), "--strict");
    assertThat(ids.exit).isEqualTo(2);
    assertThat(ids.err).isEqualTo("[bastion] catalogue check: invalid catalogue " + dir.resolve("tiny.de.yaml")
        + ":\n  - question 'q-three': not a question of tiny@1\n"
        + "  - question 'q-one': levels given, but it is a yesno question\n");

    Run missing = run("catalogue", "check", dir.resolve("nothing").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).isEqualTo("[bastion] catalogue check: invalid catalogue " + dir.resolve("nothing")
        + ":\n  - catalogue directory does not exist\n");
  }

  @Test
  void theDefaultDirectoryIsConfCatalogues() {
    CommandLine cli = BastionCli.commandLine();
    CommandLine check = cli.getSubcommands().get("catalogue").getSubcommands().get("check");
    cli.parseArgs("catalogue", "check");
    assertThat(((CatalogueCheckCommand) check.getCommand()).dir).isEqualTo(Path.of("conf", "catalogues"));
    assertThat(((CatalogueCheckCommand) check.getCommand()).strict).isFalse();
  }

  @Test
  void theShippedCataloguesLoad() {
    Run run = run("catalogue", "check", Path.of("../conf/catalogues").toString());
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("baseline@2026.1 (", "cloud-saas@2026.1 (", "csf-2.0@2.0 (106 questions): en\n");
  }

  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BastionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
