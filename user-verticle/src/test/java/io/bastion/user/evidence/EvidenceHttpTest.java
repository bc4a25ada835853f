package io.bastion.user.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.TcpProxy;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Evidence through a real user node, real HTTP (multipart uploads from Vert.x WebClient) and the test PostgreSQL.
 * Alice OWNS an organisation's assessment, Bob is its EDITOR, Carol its VIEWER, Dave an outsider. The file limit is
 * set to 100 000 bytes. Each accepted type is a tiny real sample built here; the type is checked by content, never by
 * the name or the Content-Type the client sends.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceHttpTest {

  private static final long LIMIT = 100_000;
  private static final String EVIDENCE = "query($id: ID!, $q: ID) { assessment(id: $id) { evidence(questionId: $q) "
      + "{ id questionId kind name mediaType size sha256 url downloadPath effectiveDate expiresOn expired "
      + "addedBy { email } addedAt } expiredEvidence { evidenceId questionId questionText name expiredSince } } }";
  private static final String ADD_LINK = "mutation($a: ID!, $q: ID!, $u: String!, $t: String, $d: String!, "
      + "$x: String) { addEvidenceLink(assessmentId: $a, questionId: $q, url: $u, title: $t, effectiveDate: $d, "
      + "expiresOn: $x) { id kind name url expired } }";
  private static final String REMOVE = "mutation($id: ID!) { removeEvidence(id: $id) }";
  private static final String AUDIT = "query($o: ID, $k: String) { auditLog(organisationId: $o, kind: $k) "
      + "{ kind target detail actor { email } } }";

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private HttpProbe http;
  private WebClient web;
  private TeamRows teams;
  private Session alice;
  private Session bob;
  private Session carol;
  private Session dave;
  private String assessment;
  private UUID organisation;
  private Path dataDir;
  private Path leftover;
  private final List<JsonObject> feed = new CopyOnWriteArrayList<>();
  private MessageConsumer<Object> consumer;

  @BeforeAll
  void start(Vertx vertx) throws IOException {
    this.vertx = vertx;
    // What a stopped node left in its upload folder is deleted when the next one starts.
    dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "in-process")), "evidence-");
    leftover = Files.createDirectories(dataDir.resolve("evidence-uploads")).resolve("left-by-a-crash");
    Files.write(leftover, new byte[] {1, 2, 3});
    node = UserNode.start(vertx, new JsonObject().put("evidence.max-file-bytes", LIMIT)
        .put("data.dir", dataDir.toString()));
    api = node.graphql();
    http = new HttpProbe(vertx, node.port());
    web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false).setUserAgentEnabled(false));
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    assessment = api.startAssessment(alice.token(), "baseline", "with evidence");
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, bob.accountId(), "EDITOR");
    teams.member(organisation, carol.accountId(), "VIEWER");
    teams.assessmentOf(organisation, assessment);
    consumer = vertx.eventBus().consumer(Addresses.assessment(UUID.fromString(assessment)),
        m -> feed.add(JsonText.read(m.body())));
    consumer.completion().await();
  }

  @AfterAll
  void stop() throws Exception {
    consumer.unregister().await();
    teams.close();
  }

  // ------------------------------------------------------------------ upload and download

  @Test
  void leftoversOfAStoppedNodeAreDeletedAtStart() {
    assertThat(leftover).doesNotExist();
  }

  @Test
  void everyAcceptedTypeIsStoredWithTheTypeItsContentHasAndDownloadsAsAnAttachment() throws Exception {
    Map<String, byte[]> samples = new java.util.LinkedHashMap<>();
    samples.put("application/pdf", pdf());
    samples.put("image/png", image("png"));
    samples.put("image/jpeg", image("jpg"));
    samples.put("image/gif", image("gif"));
    samples.put("image/webp", Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="));
    samples.put("text/plain", "Policy reviewed by the board, März 2026.\n".getBytes(StandardCharsets.UTF_8));
    samples.put(EvidenceType.DOCX, ooxml("word/document.xml"));
    samples.put(EvidenceType.XLSX, ooxml("xl/workbook.xml"));
    samples.put(EvidenceType.PPTX, ooxml("ppt/presentation.xml"));
    samples.put("application/vnd.oasis.opendocument.text", odf("application/vnd.oasis.opendocument.text"));
    for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
      // The client's name and Content-Type say nothing true: only the content counts.
      HttpResponse<Buffer> r = upload(bob, "gv-policy", "scan.bin", "application/x-whatever", sample.getValue(),
          "2026-01-01", "");
      assertThat(r.statusCode()).as(sample.getKey() + ": " + r.bodyAsString()).isEqualTo(201);
      JsonObject item = r.bodyAsJsonObject();
      assertThat(item.getString("mediaType")).isEqualTo(sample.getKey());
      assertThat(item.getString("kind")).isEqualTo("FILE");
      assertThat(item.getLong("size")).isEqualTo(sample.getValue().length);
      assertThat(item.getString("sha256")).isEqualTo(sha256(sample.getValue()));
      assertThat(item.getJsonObject("addedBy").getString("email")).isEqualTo(bob.email());

      HttpResponse<Buffer> d = get(item.getString("downloadPath"), carol); // a VIEWER may download
      assertThat(d.statusCode()).isEqualTo(200);
      assertThat(d.bodyAsBuffer().getBytes()).isEqualTo(sample.getValue());
      assertThat(d.getHeader("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(d.getHeader("Content-Disposition")).isEqualTo("attachment; filename*=UTF-8''scan.bin");
      assertThat(d.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(d.getHeader("Content-Security-Policy")).isEqualTo("sandbox");
      assertThat(d.getHeader("Cache-Control")).isEqualTo("no-store");
    }
    JsonArray listed = evidence(carol, "gv-policy").getJsonArray("evidence");
    assertThat(listed.stream().map(e -> ((JsonObject) e).getString("mediaType")))
        .containsExactlyElementsOf(samples.keySet());
    for (Object o : listed) {
      JsonObject e = (JsonObject) o;
      assertThat(e.getString("downloadPath")).isEqualTo("/evidence/file/" + e.getString("id"));
      assertThat(e.getString("effectiveDate")).isEqualTo("2026-01-01");
      assertThat(e.getString("expiresOn")).isNull();
      assertThat(e.getBoolean("expired")).isFalse();
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(uploadsLeft())
        .as("uploads are deleted when the request ends").isEmpty());
  }

  @Test
  void aNameIsSanitisedAndEncodedInTheDownload() {
    HttpResponse<Buffer> r = upload(alice, "gv-owner", "C:\\Users\\alice\\Richtlinie ü 2026.pdf", "application/pdf",
        pdf(), "2026-02-01", "2027-02-01");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("name")).isEqualTo("Richtlinie ü 2026.pdf");
    HttpResponse<Buffer> d = get(r.bodyAsJsonObject().getString("downloadPath"), alice);
    assertThat(d.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename*=UTF-8''Richtlinie%20%C3%BC%202026.pdf");
  }

  @Test
  void otherContentIsRefused415WhateverItsNameOrType() {
    byte[] exe = new byte[512];
    exe[0] = 'M';
    exe[1] = 'Z';
    exe[2] = (byte) 0x90;
    byte[] html = "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
        .getBytes(StandardCharsets.UTF_8);
    byte[] textWithScript = "notes\n<script>alert(1)</script>\n".getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = "Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1);
    byte[] zip = zip(Map.of("readme.txt", "not an office document"));
    for (Map.Entry<String, byte[]> bad : Map.of("report.pdf", exe, "notes.txt", html, "more.txt", textWithScript,
        "latin1.txt", latin1, "archive.docx", zip).entrySet()) {
      HttpResponse<Buffer> r = upload(alice, "gv-owner", bad.getKey(), "application/pdf", bad.getValue(),
          "2026-01-01", null);
      assertRefused(r, 415, "UNSUPPORTED_MEDIA_TYPE");
      assertThat(r.bodyAsJsonObject().getString("error")).contains("not accepted").contains("PDF");
    }
  }

  @Test
  void aFileOverTheLimitIs413() {
    byte[] justOver = pdf((int) LIMIT + 1);
    assertRefused(upload(alice, "gv-owner", "big.pdf", "application/pdf", justOver, "2026-01-01", null), 413,
        "TOO_LARGE");
    // Far over: the body handler stops reading at its own limit.
    HttpResponse<Buffer> far = upload(alice, "gv-owner", "huge.pdf", "application/pdf", pdf((int) LIMIT * 3),
        "2026-01-01", null);
    assertThat(far.statusCode()).isEqualTo(413);
    assertThat(far.bodyAsJsonObject().getInteger("status")).isEqualTo(413);
    assertThat(upload(alice, "gv-owner", "fits.pdf", "application/pdf", pdf((int) LIMIT), "2026-01-01", null)
        .statusCode()).isEqualTo(201);
  }

  @Test
  void whoMayUploadAndDownload() {
    assertRefused(upload(carol, "gv-owner", "v.pdf", "application/pdf", pdf(), "2026-01-01", null), 403,
        "FORBIDDEN");
    assertRefused(upload(dave, "gv-owner", "o.pdf", "application/pdf", pdf(), "2026-01-01", null), 404,
        "NOT_FOUND");
    HttpResponse<Buffer> r = upload(bob, "gv-owner", "e.pdf", "application/pdf", pdf(), "2026-01-01", null);
    assertThat(r.statusCode()).isEqualTo(201);
    String path = r.bodyAsJsonObject().getString("downloadPath");
    assertThat(get(path, carol).statusCode()).isEqualTo(200);
    assertRefused(get(path, dave), 404, "NOT_FOUND");
    assertRefused(get("/evidence/file/" + UUID.randomUUID(), alice), 404, "NOT_FOUND");
    assertRefused(get("/evidence/file/not-an-id", alice), 404, "NOT_FOUND");
    assertRefused(http.get(path, HttpProbe.headers()), 401, "UNAUTHENTICATED");
    // The page's link: the cookie counts for a same-origin navigation, not from another site.
    assertThat(http.get(path, HttpProbe.headers("Cookie", "bastion_token=" + carol.token(), "Sec-Fetch-Site",
        "same-origin")).statusCode()).isEqualTo(200);
    assertRefused(http.get(path, HttpProbe.headers("Cookie", "bastion_token=" + carol.token(), "Sec-Fetch-Site",
        "cross-site")), 403, "FORBIDDEN");
  }

  @Test
  void badRequestsAre400Or404AndTheCookieNeedsATrustedOrigin() {
    assertRefused(upload(alice, "no-such-question", "a.pdf", "application/pdf", pdf(), "2026-01-01", null), 404,
        "NOT_FOUND");
    assertRefused(upload(alice, "gv-owner", "a.pdf", "application/pdf", pdf(), "01/02/2026", null), 400,
        "INVALID_INPUT");
    assertRefused(upload(alice, "gv-owner", "a.pdf", "application/pdf", pdf(), null, null), 400, "INVALID_INPUT");
    assertRefused(upload(alice, "gv-owner", "a.pdf", "application/pdf", pdf(), "2026-01-01", "2025-12-31"), 400,
        "INVALID_INPUT");
    assertRefused(upload(alice, "gv-owner", "a.pdf", "application/pdf", pdf(), "2026-01-01", "soon"), 400,
        "INVALID_INPUT");
    assertRefused(sendTo(MultiMap.caseInsensitiveMultiMap(), "gv-owner", form("a.pdf", "application/pdf",
        pdf(), "2026-01-01", null)), 401, "UNAUTHENTICATED");
    MultiMap foreign = HttpProbe.headers("Cookie", "bastion_token=" + alice.token(), "Origin", "https://evil.example");
    assertRefused(sendTo(foreign, "gv-owner", form("a.pdf", "application/pdf", pdf(), "2026-01-01", null)), 403,
        "FORBIDDEN");
    MultiMap page = HttpProbe.headers("Cookie", "bastion_token=" + alice.token(), "Origin", node.origin());
    assertThat(sendTo(page, "gv-owner", form("a.pdf", "application/pdf", pdf(), "2026-01-01", null))
        .statusCode()).isEqualTo(201);
  }

  // ------------------------------------------------------------------ links, expiry, removal, audit, live

  @Test
  void linksAreHttpOnlyAndExpiredEvidenceIsListedAsAFinding() {
    for (String bad : List.of("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
        "file:///etc/passwd", "//evil.example/x", "https://")) {
      Response r = link(alice, "pr-mfa-email", bad, "bad", "2026-01-01", null);
      assertThat(r.errorCode()).as(bad).isEqualTo("INVALID_INPUT");
    }
    assertThat(link(carol, "pr-mfa-email", "https://example.org", null, "2026-01-01", null).errorCode())
        .isEqualTo("FORBIDDEN");
    assertThat(link(dave, "pr-mfa-email", "https://example.org", null, "2026-01-01", null).errorCode())
        .isEqualTo("NOT_FOUND");
    JsonObject fresh = link(alice, "pr-mfa-email", "https://example.org/mfa", "MFA rollout", "2026-01-01", null)
        .data().getJsonObject("addEvidenceLink");
    assertThat(fresh.getString("kind")).isEqualTo("LINK");
    assertThat(fresh.getBoolean("expired")).isFalse();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonObject old = link(alice, "pr-mfa-email", "https://example.org/2019", "MFA policy 2019", "2019-01-01",
        today.minusDays(1).toString()).data().getJsonObject("addEvidenceLink");
    assertThat(old.getBoolean("expired")).isTrue();
    JsonObject lastDay = link(alice, "pr-mfa-email", "https://example.org/today", "Valid through today",
        "2019-01-01", today.toString()).data().getJsonObject("addEvidenceLink");
    assertThat(lastDay.getBoolean("expired")).as("valid through its expiry date").isFalse();

    JsonObject a = evidence(carol, "pr-mfa-email");
    assertThat(a.getJsonArray("evidence").stream().map(e -> ((JsonObject) e).getString("name")))
        .containsExactly("MFA rollout", "MFA policy 2019", "Valid through today");
    assertThat(a.getJsonArray("expiredEvidence")).singleElement().satisfies(e -> {
      JsonObject x = (JsonObject) e;
      assertThat(x.getString("evidenceId")).isEqualTo(old.getString("id"));
      assertThat(x.getString("questionId")).isEqualTo("pr-mfa-email");
      assertThat(x.getString("questionText")).isEqualTo(io.bastion.user.testing.Fixtures.baseline()
          .question("pr-mfa-email").orElseThrow().text());
      assertThat(x.getString("name")).isEqualTo("MFA policy 2019");
      assertThat(x.getString("expiredSince")).isEqualTo(today.minusDays(1).toString());
    });
  }

  @Test
  void addingAndRemovingIsAuditedAndLive() {
    HttpResponse<Buffer> r = upload(bob, "gv-risk", "register.txt", "text/plain",
        "risk register\n".getBytes(StandardCharsets.UTF_8), "2026-03-01", "2027-03-01");
    assertThat(r.statusCode()).isEqualTo(201);
    String id = r.bodyAsJsonObject().getString("id");
    await().atMost(Duration.ofSeconds(10)).until(() -> lastEvidenceEvent("gv-risk") != null
        && lastEvidenceEvent("gv-risk").getJsonArray("evidence").size() == 1);
    JsonObject added = lastEvidenceEvent("gv-risk").getJsonArray("evidence").getJsonObject(0);
    assertThat(added.getString("id")).isEqualTo(id);
    assertThat(added.getString("expiresOn")).isEqualTo("2027-03-01");

    assertThat(api.call(carol.token(), REMOVE, new JsonObject().put("id", id)).errorCode()).isEqualTo("FORBIDDEN");
    assertThat(api.call(dave.token(), REMOVE, new JsonObject().put("id", id)).errorCode()).isEqualTo("NOT_FOUND");
    Response removed = api.call(alice.token(), REMOVE, new JsonObject().put("id", id));
    assertThat(removed.data().getString("removeEvidence")).isEqualTo(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> lastEvidenceEvent("gv-risk").getJsonArray("evidence")
        .isEmpty());
    assertRefused(get("/evidence/file/" + id, alice), 404, "NOT_FOUND");
    assertThat(evidence(alice, "gv-risk").getJsonArray("evidence")).isEmpty();

    JsonArray adds = api.call(alice.token(), AUDIT, new JsonObject().put("o", organisation.toString())
        .put("k", "evidence-added")).data().getJsonArray("auditLog");
    JsonObject entry = adds.stream().map(e -> (JsonObject) e)
        .filter(e -> new JsonObject(e.getString("detail")).getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(entry.getString("target")).isEqualTo(assessment);
    assertThat(entry.getJsonObject("actor").getString("email")).isEqualTo(bob.email());
    JsonObject detail = new JsonObject(entry.getString("detail"));
    assertThat(detail.getString("name")).isEqualTo("register.txt");
    assertThat(detail.getString("mediaType")).isEqualTo("text/plain");
    assertThat(detail.getString("sha256")).isEqualTo(sha256("risk register\n".getBytes(StandardCharsets.UTF_8)));
    JsonArray removals = api.call(alice.token(), AUDIT, new JsonObject().put("o", organisation.toString())
        .put("k", "evidence-removed")).data().getJsonArray("auditLog");
    assertThat(removals.stream().map(e -> new JsonObject(((JsonObject) e).getString("detail")).getString("id")))
        .contains(id);
  }

  @Test
  void deletingTheAssessmentDeletesItsEvidence() {
    String other = api.startAssessment(alice.token(), "baseline", "to be deleted");
    HttpResponse<Buffer> r = upload(alice, other, "gv-owner", "x.pdf", "application/pdf", pdf(), "2026-01-01",
        null);
    assertThat(r.statusCode()).isEqualTo(201);
    String path = r.bodyAsJsonObject().getString("downloadPath");
    teams.deleteAssessment(other);
    assertRefused(get(path, alice), 404, "NOT_FOUND");
  }

  @Test
  void aDatabaseOutageIs503WithRetryAfter() {
    try (TcpProxy proxy = TcpProxy.start(vertx, "127.0.0.1", TestDatabase.port())) {
      UserNode cut = UserNode.start(vertx, new JsonObject().put("db.port", proxy.port()));
      Session erin = cut.graphql().signUp(UserNode.email("erin"), UserNode.PASSWORD);
      String id = cut.graphql().startAssessment(erin.token(), "baseline", "during an outage");
      proxy.cut();
      HttpResponse<Buffer> r = send(cut.port(), HttpProbe.headers("Authorization", "Bearer " + erin.token()),
          "/evidence/" + id + "/gv-owner", form("a.pdf", "application/pdf", pdf(), "2026-01-01", null));
      assertRefused(r, 503, "UNAVAILABLE");
      assertThat(r.getHeader("Retry-After")).isEqualTo("5");
      HttpResponse<Buffer> d = new HttpProbe(vertx, cut.port()).get("/evidence/file/" + UUID.randomUUID(),
          HttpProbe.headers("Authorization", "Bearer " + erin.token()));
      assertThat(d.statusCode()).isEqualTo(503);
    }
  }

  // ------------------------------------------------------------------ helpers

  private JsonObject lastEvidenceEvent(String questionId) {
    JsonObject last = null;
    for (JsonObject e : feed) {
      if ("evidence".equals(e.getString("type")) && questionId.equals(e.getString("questionId"))) {
        last = e;
      }
    }
    return last;
  }

  private Response link(Session who, String questionId, String url, String title, String from, String until) {
    return api.call(who.token(), ADD_LINK, new JsonObject().put("a", assessment).put("q", questionId).put("u", url)
        .put("t", title).put("d", from).put("x", until));
  }

  private JsonObject evidence(Session who, String questionId) {
    return api.call(who.token(), EVIDENCE, new JsonObject().put("id", assessment).put("q", questionId)).data()
        .getJsonObject("assessment");
  }

  private HttpResponse<Buffer> upload(Session who, String questionId, String name, String type, byte[] content,
      String from, String until) {
    return upload(who, assessment, questionId, name, type, content, from, until);
  }

  private HttpResponse<Buffer> upload(Session who, String assessmentId, String questionId, String name, String type,
      byte[] content, String from, String until) {
    return send(node.port(), HttpProbe.headers("Authorization", "Bearer " + who.token()),
        "/evidence/" + assessmentId + "/" + questionId, form(name, type, content, from, until));
  }

  private HttpResponse<Buffer> sendTo(MultiMap headers, String questionId, MultipartForm form) {
    return send(node.port(), headers, "/evidence/" + assessment + "/" + questionId, form);
  }

  private HttpResponse<Buffer> send(int port, MultiMap headers, String path, MultipartForm form) {
    try {
      return web.post(port, "127.0.0.1", path).putHeaders(headers).sendMultipartForm(form)
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("POST " + path + " failed: " + e, e);
    }
  }

  private static MultipartForm form(String name, String type, byte[] content, String from, String until) {
    MultipartForm form = MultipartForm.create();
    if (from != null) {
      form.attribute("effectiveDate", from);
    }
    if (until != null) {
      form.attribute("expiresOn", until);
    }
    return form.binaryFileUpload("file", name, Buffer.buffer(content), type);
  }

  private HttpResponse<Buffer> get(String path, Session who) {
    return http.get(path, HttpProbe.headers("Authorization", "Bearer " + who.token()));
  }

  private List<Path> uploadsLeft() throws IOException {
    Path dir = dataDir.resolve("evidence-uploads");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    String text = String.valueOf(r.bodyAsString());
    assertThat(r.statusCode()).as(text.substring(0, Math.min(300, text.length()))).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "status", "code");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] pdf() {
    return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A PDF of exactly {@code size} bytes (a comment pads it). */
  private static byte[] pdf(int size) {
    byte[] head = pdf();
    byte[] out = new byte[size];
    System.arraycopy(head, 0, out, 0, head.length);
    java.util.Arrays.fill(out, head.length, size, (byte) ' ');
    return out;
  }

  private static byte[] image(String format) throws IOException {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).as("ImageIO writes " + format).isTrue();
    return out.toByteArray();
  }

  /** An OOXML package: [Content_Types].xml and the main part. */
  private static byte[] ooxml(String mainPart) {
    return zip(Map.of("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>", mainPart,
        "<?xml version=\"1.0\"?><x/>"));
  }

  private static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** An OpenDocument package: "mimetype" first and stored, as the standard asks. */
  private static byte[] odf(String type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      byte[] mime = type.getBytes(StandardCharsets.US_ASCII);
      ZipEntry first = new ZipEntry("mimetype");
      first.setMethod(ZipEntry.STORED);
      first.setSize(mime.length);
      first.setCompressedSize(mime.length);
      CRC32 crc = new CRC32();
      crc.update(mime);
      first.setCrc(crc.getValue());
      zip.putNextEntry(first);
      zip.write(mime);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("content.xml"));
      zip.write("<?xml version=\"1.0\"?><office:document-content/>".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
