package io.bastion.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BasisTest {

  @Test
  void oneLinePerAnswerAFractionOfTheJson() {
    List<AnswerEntry> answers = List.of(new AnswerEntry("gv-owner", "yes"), new AnswerEntry("pr-mfa", "partial"));

    String basis = Basis.encode(answers);

    assertThat(basis).isEqualTo("gv-owner=yes\npr-mfa=partial");
    assertThat(Basis.decode(basis)).isEqualTo(answers);
    assertThat(basis.length()).isLessThan(Json.toString(answers).length() / 2);
  }

  @Test
  void noAnswersIsTheEmptyText() {
    assertThat(Basis.encode(List.of())).isEmpty();
    assertThat(Basis.decode("")).isEmpty();
  }

  @Test
  void anyAnswerSetSurvivesTheRoundTrip() {
    // Separators, escapes and empty values included: the text is kept forever as the next delta's baseline.
    String alphabet = "ab=\\\n\r n=\\n";
    Random random = new Random(15);
    for (int run = 0; run < 5_000; run++) {
      Map<String, String> answers = new LinkedHashMap<>();
      int size = random.nextInt(6);
      for (int i = 0; i < size; i++) {
        answers.put(text(random, alphabet, 1 + random.nextInt(6)), text(random, alphabet, random.nextInt(6)));
      }
      List<AnswerEntry> entries = new ArrayList<>();
      answers.forEach((q, v) -> entries.add(new AnswerEntry(q, v)));

      assertThat(Basis.decode(Basis.encode(entries))).as("round trip of %s", answers).isEqualTo(entries);
    }
  }

  @Test
  void unicodeValuesAreKept() {
    List<AnswerEntry> answers = List.of(new AnswerEntry("q\u00e9", "\u2713 oui"));
    String basis = Basis.encode(answers);
    assertThat(Basis.decode(new String(basis.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)))
        .isEqualTo(answers);
  }

  private static String text(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
