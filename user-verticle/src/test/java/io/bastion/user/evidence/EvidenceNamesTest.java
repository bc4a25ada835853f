package io.bastion.user.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.user.error.ApiException;
import org.junit.jupiter.api.Test;

/** Names as shown and sent in Content-Disposition, and the links accepted. */
class EvidenceNamesTest {

  @Test
  void aNameLosesItsPathControlCharactersAndQuotes() {
    assertThat(Evidences.name("../../etc/passwd")).isEqualTo("passwd");
    assertThat(Evidences.name("C:\\Users\\a\\Policy \"final\".pdf")).isEqualTo("Policy final.pdf");
    assertThat(Evidences.name("a\r\nSet-Cookie: x=1.txt")).isEqualTo("aSet-Cookie: x=1.txt");
    assertThat(Evidences.name("report\u202Efdp.exe")).as("no bidi override").isEqualTo("reportfdp.exe");
    assertThat(Evidences.name("x".repeat(300))).hasSize(Evidences.MAX_NAME);
    assertThatThrownBy(() -> Evidences.name("dir/..")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> Evidences.name("\u0000")).isInstanceOf(ApiException.class);
  }

  @Test
  void theDownloadNameIsPercentEncodedUtf8() {
    assertThat(EvidenceDownload.encoded("Prüfung 2026;x=\"1\".pdf"))
        .isEqualTo("Pr%C3%BCfung%202026%3Bx%3D%221%22.pdf");
  }

  @Test
  void onlyHttpAndHttpsLinks() {
    assertThat(Evidences.url(" https://example.org/a?b=c ")).isEqualTo("https://example.org/a?b=c");
    assertThat(Evidences.url("HTTP://example.org")).isEqualTo("HTTP://example.org");
    for (String bad : new String[] {"javascript:alert(1)", "data:text/html,x", "ftp://example.org", "https://",
        "example.org", "", "http://exa mple.org"}) {
      assertThatThrownBy(() -> Evidences.url(bad)).as(bad).isInstanceOf(ApiException.class);
    }
  }
}
