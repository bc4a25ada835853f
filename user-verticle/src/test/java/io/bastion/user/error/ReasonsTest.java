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
 * and a German text in the page's core bundles (webroot/i18n/LANG/core.json, key error.CODE.REASON), with
 * placeholders only for the
 * parameters it carries; and an ApiException carries its reason and parameters in its extensions.
 */
class ReasonsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  @Test
  void everyReasonHasItsTextsInEnglishAndGermanAndNoneIsLeftOver() throws IOException {
    JsonObject en = bundle("en");
    JsonObject de = bundle("de");
    Set<String> keys = new TreeSet<>();
    for (Reason reason : Reason.values()) {
      String key = "error." + reason.key();
      keys.add(key);
      assertThat(en.getString(key)).as("%s in en/core.json", key).isNotBlank();
      assertThat(de.getString(key)).as("%s in de/core.json", key).isNotBlank();
      assertThat(placeholders(de.getString(key))).as("placeholders of %s de", key)
          .isEqualTo(placeholders(en.getString(key)));
      assertThat(reason.parameters()).as("placeholders of %s: only its parameters", key)
          .containsAll(placeholders(en.getString(key)));
    }
    Set<String> reasonKeys = new TreeSet<>();
    for (String key : en.fieldNames()) {
      if (key.matches("error\\.[A-Z_]+\\.[A-Z_]+")) {
        reasonKeys.add(key);
      }
    }
    assertThat(reasonKeys).as("reason keys of en/core.json").isEqualTo(keys);
  }

  private static JsonObject bundle(String language) throws IOException {
    Path file = docs().resolveSibling("webroot").resolve("i18n").resolve(language).resolve("core.json");
    return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
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
