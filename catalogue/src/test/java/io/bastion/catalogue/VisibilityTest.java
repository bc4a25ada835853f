package io.bastion.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VisibilityTest {

  /** q-two depends on q-one, q-three on q-two: a chain, to check that a hidden parent hides its children. */
  private static final Catalogue CHAIN = CatalogueLoader.parse("chain.yaml", """
      id: chain
      version: "1"
      title: Chain
      description: Conditions depending on conditions.
      questions:
        - id: q-one
          function: GV
          text: First.
          type: yesno
          weight: 3
          references: {nist: [GV.RR-01]}
          recommendation: {text: Do it., effort: quick-win, impact: high}
        - id: q-two
          function: PR
          text: Second.
          type: yesno
          weight: 2
          showIf: {question: q-one, in: ["yes", "partial"]}
          references: {nist: [PR.AA-01]}
          recommendation: {text: Do that., effort: project, impact: low}
        - id: q-three
          function: PR
          text: Third.
          type: yesno
          weight: 2
          showIf: {question: q-two, in: ["yes"]}
          references: {nist: [PR.AA-02]}
          recommendation: {text: And that., effort: project, impact: low}
      """);

  @Test
  void aQuestionWithoutConditionIsAlwaysShown() {
    assertThat(CHAIN.visibleQuestionIds(Map.of())).as("no answers: only the unconditional question")
        .containsExactly("q-one");
  }

  @Test
  void aConditionalQuestionIsShownWhileItsQuestionHasAListedAnswer() {
    assertThat(CHAIN.visibleQuestionIds(Map.of("q-one", "partial"))).containsExactly("q-one", "q-two");
    assertThat(CHAIN.visibleQuestionIds(Map.of("q-one", "no"))).as("an unlisted value hides it")
        .containsExactly("q-one");
    assertThat(CHAIN.visibleQuestionIds(Map.of("q-one", "yes", "q-two", "yes")))
        .containsExactly("q-one", "q-two", "q-three");
  }

  @Test
  void aHiddenQuestionHidesTheQuestionsThatDependOnItEvenWhenAnswered() {
    // q-two keeps its stored "yes", but q-one no longer shows it: q-three goes too.
    assertThat(CHAIN.visibleQuestionIds(Map.of("q-one", "no", "q-two", "yes", "q-three", "yes")))
        .containsExactly("q-one");
    Visibility v = new Visibility(CHAIN, Map.of("q-one", "no", "q-two", "yes"));
    assertThat(v.shows(CHAIN.question("q-three").orElseThrow())).isFalse();
  }
}
