package io.bastion.user.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The error reasons are a contract (issue 16): every {@link Reason} is documented in docs/api.md and has an English
 * and a German text in docs/error-reasons.json (which the page's bundles take), with placeholders only for the
 * parameters it carries; and an ApiException carries its reason and parameters in its extensions.
 */
class ReasonsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  @Test
  void everyReasonHasItsTextsInEnglishAndGermanAndNoneIsLeftOver() throws IOException {
    JsonObject texts = new JsonObject(Files.readString(docs().resolve("error-reasons.json"), StandardCharsets.UTF_8));
    Set<String> keys = new TreeSet<>();
    for (Reason reason : Reason.values()) {
      keys.add(reason.key());
      JsonObject text = texts.getJsonObject(reason.key());
      assertThat(text).as("%s in error-reasons.json", reason.key()).isNotNull();
      String en = text.getString("en");
      String de = text.getString("de");
      assertThat(en).as("%s en", reason.key()).isNotBlank();
      assertThat(de).as("%s de", reason.key()).isNotBlank();
      assertThat(placeholders(de)).as("placeholders of %s de", reason.key()).isEqualTo(placeholders(en));
      assertThat(reason.parameters()).as("placeholders of %s: only its parameters", reason.key())
          .containsAll(placeholders(en));
    }
    assertThat(new TreeSet<>(texts.fieldNames())).as("keys of error-reasons.json").isEqualTo(keys);
  }

  @Test
  void everyReasonIsDocumented() throws IOException {
    String api = Files.readString(docs().resolve("api.md"), StandardCharsets.UTF_8);
    for (Reason reason : Reason.values()) {
      assertThat(api).as("docs/api.md").contains("## " + reason.code() + " reasons")
          .contains("| `" + reason.name() + "` |");
    }
  }

  @Test
  void theReasonAndItsParametersAreExtensions() {
    ApiException e = ApiException.invalid(Reason.TOO_LONG, "title too long", Map.of("field", "title", "max", 200));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(e.getMessage()).isEqualTo("title too long");
    assertThat(e.reason()).isEqualTo("TOO_LONG");
    assertThat(e.extensions()).containsEntry("code", "INVALID_INPUT").containsEntry("reason", "TOO_LONG")
        .containsEntry("field", "title").containsEntry("max", 200);
    assertThat(ApiException.of(Reason.LAST_OWNER, "m").code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void aReasonGoesWithItsOwnCodeOnly() {
    assertThatThrownBy(() -> ApiException.invalid(Reason.ROLE_NOT_ALLOWED, "m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiException.forbidden(Reason.TOO_LONG, "m"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** docs/ of the repository, from the module's folder (where surefire runs) or the root. */
  private static Path docs() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a docs/ folder above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve("docs");
  }
}
