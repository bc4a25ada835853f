package io.bastion.user.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Organisations through the GraphQL API of a real user node over a real PostgreSQL: creating one, inviting by mail
 * (the mail file's words and link), accepting, the roles matrix, the last-OWNER rule (also under two concurrent
 * demotions), removal ending access at once, ACCESS_CHANGED on the bus, and what deleting an account does.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganisationsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern LINK = Pattern.compile("(http://\\S+)/#/join/([A-Za-z0-9_-]{43})");

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private Pool sql;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    api = node.graphql();
    sql = TestDatabase.pool(vertx);
  }

  // ------------------------------------------------------------------ create, invite, accept

  @Test
  void anOwnerInvitesByMailAndTheInviteeJoinsWithTheLink() {
    Session owner = signUp("owner");
    Session invitee = signUp("invitee");
    String org = createOrganisation(owner, "Acme Security");
    JsonArray mine = api.call(owner.token(), "{ organisations { id name myRole members { account { id email } role "
        + "joinedAt } } }", null).data().getJsonArray("organisations");
    assertThat(mine).hasSize(1);
    assertThat(mine.getJsonObject(0).getString("myRole")).isEqualTo("OWNER");
    assertThat(mine.getJsonObject(0).getJsonArray("members").getJsonObject(0).getJsonObject("account")
        .getString("email")).isEqualTo(owner.email());

    JsonObject invitation = invite(owner, org, invitee.email().toUpperCase(), "EDITOR").data()
        .getJsonObject("invite");
    assertThat(invitation.getString("role")).isEqualTo("EDITOR");
    String mail = awaitMailTo(invitee.email().toUpperCase());
    assertThat(mail).contains("Subject: Join Acme Security on Bastion").contains(owner.email()).contains("EDITOR")
        .contains("168 hours");
    Matcher link = LINK.matcher(mail);
    assertThat(link.find()).as("a #/join/<token> link in %s", mail).isTrue();
    assertThat(link.group(1)).isEqualTo(node.origin());
    String token = link.group(2);
    // The owner sees it pending; nobody stores the token itself.
    assertThat(organisation(owner, org).getJsonArray("invitations")).hasSize(1);
    assertThat(one("SELECT count(*) FROM invitations WHERE token_hash = $1", Tuple.of(
        io.vertx.core.buffer.Buffer.buffer(token)))).isZero();

    Response wrongAccount = accept(signUp("stranger"), token);
    assertThat(wrongAccount.errorCode()).as("another account takes the link").isEqualTo("FORBIDDEN");

    JsonObject joined = accept(invitee, token).data().getJsonObject("acceptInvitation");
    assertThat(joined.getString("id")).isEqualTo(org);
    assertThat(joined.getString("myRole")).isEqualTo("EDITOR");
    assertThat(organisation(owner, org).getJsonArray("members")).hasSize(2);
    assertThat(organisation(owner, org).getJsonArray("invitations")).as("accepted: no longer pending").isEmpty();
    assertThat(organisation(invitee, org).getJsonArray("invitations")).as("an EDITOR sees no invitations").isEmpty();

    Response again = accept(invitee, token);
    assertThat(again.errorCode()).as("a used link").isEqualTo("NOT_FOUND");
    assertThat(again.firstError().getString("message")).isEqualTo("invitation not found or expired");
    assertThat(accept(invitee, "x".repeat(43)).errorCode()).as("an unknown link").isEqualTo("NOT_FOUND");
  }

  @Test
  void expiredRevokedAndReplacedInvitationsAreNotFound() {
    Session owner = signUp("owner");
    Session invitee = signUp("invitee");
    String org = createOrganisation(owner, "Expiring");
    invite(owner, org, invitee.email(), "VIEWER").data();
    String first = tokenIn(awaitMailTo(invitee.email()));
    clearMail();
    invite(owner, org, invitee.email(), "EDITOR").data();
    String second = tokenIn(awaitMailTo(invitee.email()));
    assertThat(organisation(owner, org).getJsonArray("invitations")).as("the second replaced the first").hasSize(1);
    assertThat(accept(invitee, first).errorCode()).as("a replaced invitation").isEqualTo("NOT_FOUND");

    sqlRun("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE organisation_id = $1",
        Tuple.of(java.util.UUID.fromString(org)));
    assertThat(accept(invitee, second).errorCode()).as("an expired invitation").isEqualTo("NOT_FOUND");

    clearMail();
    String id = invite(owner, org, invitee.email(), "EDITOR").data().getJsonObject("invite").getString("id");
    String third = tokenIn(awaitMailTo(invitee.email()));
    assertThat(api.call(owner.token(), "mutation($o: ID!, $i: ID!) { revokeInvitation(organisationId: $o, "
        + "invitationId: $i) }", new JsonObject().put("o", org).put("i", id)).field("revokeInvitation"))
        .isEqualTo(true);
    assertThat(accept(invitee, third).errorCode()).as("a revoked invitation").isEqualTo("NOT_FOUND");
  }

  @Test
  void invitingAMemberIsAConflictAndBadInputIsRefused() {
    Session owner = signUp("owner");
    String org = createOrganisation(owner, "Conflicts");
    assertThat(invite(owner, org, owner.email(), "EDITOR").errorCode()).isEqualTo("CONFLICT");
    assertThat(invite(owner, org, "not an email", "EDITOR").errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(api.call(owner.token(), "mutation($n: String!) { createOrganisation(name: $n) { id } }",
        new JsonObject().put("n", " ")).errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(api.call(owner.token(), "mutation($n: String!) { createOrganisation(name: $n) { id } }",
        new JsonObject().put("n", "x".repeat(201))).errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(api.call(owner.token(), "mutation($n: String!) { createOrganisation(name: $n) { id } }",
        new JsonObject().put("n", "a\u0000b")).errorCode()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void invitationsAreRateLimitedPerAccount() {
    Session owner = signUp("owner");
    String org = createOrganisation(owner, "Busy");
    for (int i = 0; i < Invitations.PER_ACCOUNT.max(); i++) {
      assertThat(invite(owner, org, UserNode.email("many"), "VIEWER").errorCode()).as("invitation %d", i).isNull();
    }
    Response limited = invite(owner, org, UserNode.email("one-more"), "VIEWER");
    assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(limited.firstError().getJsonObject("extensions").getLong("retryAfterSeconds")).isPositive();
  }

  // ------------------------------------------------------------------ roles

  @Test
  void rolesDecideWhatEachMemberMayDo() {
    Team t = team("Roles");
    Session outsider = signUp("outsider");
    String assessment = startAssessment(t.owner, t.org).data().getJsonObject("startAssessment").getString("id");

    // An outsider: the organisation and its assessment do not exist.
    assertThat(api.call(outsider.token(), "{ organisations { id } }", null).data()
        .getJsonArray("organisations")).isEmpty();
    assertThat(invite(outsider, t.org, UserNode.email("x"), "VIEWER").errorCode()).isEqualTo("NOT_FOUND");
    assertThat(startAssessment(outsider, t.org).errorCode()).isEqualTo("NOT_FOUND");
    Response outsiderReads = api.call(outsider.token(), "query($a: ID!) { assessment(id: $a) { id } }",
        new JsonObject().put("a", assessment));
    Response missing = api.call(outsider.token(), "query($a: ID!) { assessment(id: $a) { id } }",
        new JsonObject().put("a", java.util.UUID.randomUUID().toString()));
    assertThat(outsiderReads.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(outsiderReads.firstError().getString("message").replace(assessment, "ID"))
        .isEqualTo(missing.firstError().getString("message").replaceAll("[0-9a-f-]{36}", "ID"));
    assertThat(deleteAssessment(outsider, assessment).errorCode()).isEqualTo("NOT_FOUND");
    assertThat(changeRole(outsider, t.org, t.viewer.accountId(), "OWNER").errorCode()).isEqualTo("NOT_FOUND");

    // A VIEWER reads everything and changes nothing.
    JsonObject seen = api.call(t.viewer.token(), "query($a: ID!) { assessment(id: $a) { id myRole "
        + "organisation { id name myRole } reports { version } latestReport { version } } }",
        new JsonObject().put("a", assessment)).data().getJsonObject("assessment");
    assertThat(seen.getString("myRole")).isEqualTo("VIEWER");
    assertThat(seen.getJsonObject("organisation").getString("id")).isEqualTo(t.org);
    assertThat(startAssessment(t.viewer, t.org).errorCode()).isEqualTo("FORBIDDEN");
    assertThat(invite(t.viewer, t.org, UserNode.email("x"), "VIEWER").errorCode()).isEqualTo("FORBIDDEN");
    assertThat(changeRole(t.viewer, t.org, t.viewer.accountId(), "OWNER").errorCode()).isEqualTo("FORBIDDEN");
    assertThat(deleteAssessment(t.viewer, assessment).errorCode()).isEqualTo("FORBIDDEN");
    assertThat(deleteAssessment(t.editor, assessment).errorCode()).isEqualTo("FORBIDDEN");
    assertThat(removeMember(t.editor, t.org, t.viewer.accountId()).errorCode()).isEqualTo("FORBIDDEN");

    // An EDITOR starts assessments; every member lists them with the organisation.
    String editors = startAssessment(t.editor, t.org).data().getJsonObject("startAssessment").getString("id");
    JsonArray listed = api.call(t.viewer.token(), "{ assessments { id myRole organisation { id name } } }", null)
        .data().getJsonArray("assessments");
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("id")).toList())
        .as("newest first").containsExactly(editors, assessment);
    assertThat(listed.getJsonObject(0).getJsonObject("organisation").getString("name")).isEqualTo("Roles");
    assertThat(api.call(outsider.token(), "{ assessments { id } }", null).data().getJsonArray("assessments"))
        .isEmpty();

    // The OWNER deletes it; nobody finds it afterwards.
    assertThat(deleteAssessment(t.owner, assessment).field("deleteAssessment")).isEqualTo(true);
    assertThat(api.call(t.owner.token(), "query($a: ID!) { assessment(id: $a) { id } }",
        new JsonObject().put("a", assessment)).errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void personalAssessmentsStayPersonal() {
    Session alice = signUp("alice");
    Session bob = signUp("bob");
    String personal = startAssessment(alice, null).data().getJsonObject("startAssessment").getString("id");
    JsonObject seen = api.call(alice.token(), "query($a: ID!) { assessment(id: $a) { myRole organisation { id } } }",
        new JsonObject().put("a", personal)).data().getJsonObject("assessment");
    assertThat(seen.getString("myRole")).isEqualTo("OWNER");
    assertThat(seen.getValue("organisation")).isNull();
    assertThat(deleteAssessment(bob, personal).errorCode()).isEqualTo("NOT_FOUND");
    assertThat(deleteAssessment(alice, personal).field("deleteAssessment")).isEqualTo(true);
  }

  // ------------------------------------------------------------------ the last OWNER

  @Test
  void anOrganisationAlwaysKeepsAnOwner() {
    Team t = team("Owners");
    assertThat(changeRole(t.owner, t.org, t.owner.accountId(), "EDITOR").errorCode()).isEqualTo("CONFLICT");
    assertThat(removeMember(t.owner, t.org, t.owner.accountId()).errorCode()).isEqualTo("CONFLICT");
    assertThat(leave(t.owner, t.org).errorCode()).isEqualTo("CONFLICT");
    assertThat(changeRole(t.owner, t.org, t.editor.accountId(), "OWNER").data().getJsonObject("changeRole")
        .getString("role")).isEqualTo("OWNER");
    assertThat(leave(t.owner, t.org).field("leaveOrganisation")).isEqualTo(true);
    assertThat(leave(t.editor, t.org).errorCode()).as("now the editor is the last owner").isEqualTo("CONFLICT");
  }

  @Test
  void twoConcurrentDemotionsOfTheLastTwoOwnersCannotBothPass() throws Exception {
    for (int round = 0; round < 5; round++) {
      Team t = team("Race " + round);
      changeRole(t.owner, t.org, t.editor.accountId(), "OWNER").data();
      // Each owner demotes the other at the same moment: one of them must fail.
      CompletableFuture<Response> a = CompletableFuture.supplyAsync(() ->
          changeRole(t.owner, t.org, t.editor.accountId(), "VIEWER"));
      CompletableFuture<Response> b = CompletableFuture.supplyAsync(() ->
          changeRole(t.editor, t.org, t.owner.accountId(), "VIEWER"));
      List<String> codes = Stream.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS))
          .map(Response::errorCode).toList();
      assertThat(codes).as("round %d", round).containsOnlyOnce((String) null);
      assertThat(one("SELECT count(*) FROM memberships WHERE organisation_id = $1 AND role = 'OWNER'",
          Tuple.of(java.util.UUID.fromString(t.org)))).isEqualTo(1L);
      // And an owner demoting themselves while demoting the other.
      Team u = team("Self race " + round);
      changeRole(u.owner, u.org, u.editor.accountId(), "OWNER").data();
      CompletableFuture<Response> c = CompletableFuture.supplyAsync(() ->
          changeRole(u.owner, u.org, u.owner.accountId(), "EDITOR"));
      CompletableFuture<Response> d = CompletableFuture.supplyAsync(() ->
          leave(u.editor, u.org));
      Stream.of(c.get(30, TimeUnit.SECONDS), d.get(30, TimeUnit.SECONDS)).forEach(r -> { });
      assertThat(one("SELECT count(*) FROM memberships WHERE organisation_id = $1 AND role = 'OWNER'",
          Tuple.of(java.util.UUID.fromString(u.org)))).isEqualTo(1L);
    }
  }

  // ------------------------------------------------------------------ removal, access changes

  @Test
  void aRemovedMemberLosesTheAssessmentAtOnceAndTheBusHearsOfIt() {
    Team t = team("Removal");
    String assessment = startAssessment(t.owner, t.org).data().getJsonObject("startAssessment").getString("id");
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.ACCESS_CHANGED,
        m -> heard.add(m.body()));
    try {
      consumer.completion().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    try {
      assertThat(api.call(t.editor.token(), "query($a: ID!) { assessment(id: $a) { id } }",
          new JsonObject().put("a", assessment)).errorCode()).isNull();
      assertThat(removeMember(t.owner, t.org, t.editor.accountId()).field("removeMember")).isEqualTo(true);
      assertThat(api.call(t.editor.token(), "query($a: ID!) { assessment(id: $a) { id } }",
          new JsonObject().put("a", assessment)).errorCode()).as("at once").isEqualTo("NOT_FOUND");
      assertThat(api.call(t.editor.token(), "{ organisations { id } }", null).data()
          .getJsonArray("organisations")).isEmpty();
      await("ACCESS_CHANGED of the removal").atMost(WAIT).until(() -> heard.contains(new JsonObject()
          .put("organisationId", t.org).put("accountId", t.editor.accountId())));

      changeRole(t.owner, t.org, t.viewer.accountId(), "EDITOR").data();
      await("ACCESS_CHANGED of the role change").atMost(WAIT).until(() -> heard.contains(new JsonObject()
          .put("organisationId", t.org).put("accountId", t.viewer.accountId())));
      leave(t.viewer, t.org).data();
      await("ACCESS_CHANGED of leaving").atMost(WAIT).until(() -> heard.stream().filter(h -> h.equals(new JsonObject()
          .put("organisationId", t.org).put("accountId", t.viewer.accountId()))).count() == 2);

      deleteAssessment(t.owner, assessment).data();
      await("ACCESS_CHANGED of the deletion").atMost(WAIT).until(() -> heard.contains(new JsonObject()
          .put("assessmentId", assessment)));
    } finally {
      consumer.unregister();
    }
  }

  // ------------------------------------------------------------------ deleting an account

  @Test
  void theLastOwnerOfATeamCannotDeleteTheAccountAndASoleMembersOrganisationGoesWithIt() {
    Team t = team("Keep me");
    Response refused = deleteAccount(t.owner);
    assertThat(refused.errorCode()).isEqualTo("CONFLICT");
    assertThat(refused.firstError().getString("message")).contains("Keep me");
    assertThat(api.call(t.owner.token(), "{ me { id } }", null).errorCode()).as("still there").isNull();

    Session solo = signUp("solo");
    String alone = createOrganisation(solo, "Alone");
    String assessment = startAssessment(solo, alone).data().getJsonObject("startAssessment").getString("id");
    // A member of someone else's team, not its last owner: no obstacle.
    invite(t.owner, t.org, solo.email(), "VIEWER").data();
    accept(solo, tokenIn(awaitMailTo(solo.email()))).data();
    assertThat(deleteAccount(solo).field("deleteAccount")).isEqualTo(true);
    assertThat(one("SELECT count(*) FROM organisations WHERE id = $1", Tuple.of(java.util.UUID.fromString(alone))))
        .isZero();
    assertThat(one("SELECT count(*) FROM assessments WHERE id = $1", Tuple.of(java.util.UUID.fromString(assessment))))
        .isZero();
    assertThat(one("SELECT count(*) FROM organisations WHERE id = $1", Tuple.of(java.util.UUID.fromString(t.org))))
        .isEqualTo(1L);
    assertThat(organisation(t.owner, t.org).getJsonArray("members")).hasSize(3);
  }

  // ------------------------------------------------------------------ helpers

  /** An organisation with an OWNER, an EDITOR and a VIEWER, joined through real invitations. */
  private record Team(String org, Session owner, Session editor, Session viewer) {
  }

  private Team team(String name) {
    Session owner = signUp("owner");
    Session editor = signUp("editor");
    Session viewer = signUp("viewer");
    String org = createOrganisation(owner, name);
    invite(owner, org, editor.email(), "EDITOR").data();
    accept(editor, tokenIn(awaitMailTo(editor.email()))).data();
    invite(owner, org, viewer.email(), "VIEWER").data();
    accept(viewer, tokenIn(awaitMailTo(viewer.email()))).data();
    return new Team(org, owner, editor, viewer);
  }

  private Session signUp(String who) {
    return api.signUp(UserNode.email(who), UserNode.PASSWORD);
  }

  private String createOrganisation(Session s, String name) {
    return api.call(s.token(), "mutation($n: String!) { createOrganisation(name: $n) { id myRole } }",
        new JsonObject().put("n", name)).data().getJsonObject("createOrganisation").getString("id");
  }

  private JsonObject organisation(Session s, String org) {
    JsonArray all = api.call(s.token(), "{ organisations { id name myRole members { account { id email } role } "
        + "invitations { id email role expiresAt } } }", null).data().getJsonArray("organisations");
    return all.stream().map(JsonObject.class::cast).filter(o -> o.getString("id").equals(org)).findFirst()
        .orElseThrow();
  }

  private Response invite(Session s, String org, String email, String role) {
    return api.call(s.token(), "mutation($o: ID!, $e: String!, $r: Role!) { invite(organisationId: $o, email: $e, "
        + "role: $r) { id email role expiresAt } }", new JsonObject().put("o", org).put("e", email).put("r", role));
  }

  private Response accept(Session s, String token) {
    return api.call(s.token(), "mutation($t: String!) { acceptInvitation(token: $t) { id name myRole } }",
        new JsonObject().put("t", token));
  }

  private Response startAssessment(Session s, String org) {
    return api.call(s.token(), "mutation($o: ID) { startAssessment(catalogueId: \"baseline\", organisationId: $o) "
        + "{ id myRole organisation { id } } }", new JsonObject().put("o", org));
  }

  private Response deleteAssessment(Session s, String id) {
    return api.call(s.token(), "mutation($a: ID!) { deleteAssessment(id: $a) }", new JsonObject().put("a", id));
  }

  private Response changeRole(Session s, String org, String account, String role) {
    return api.call(s.token(), "mutation($o: ID!, $a: ID!, $r: Role!) { changeRole(organisationId: $o, "
        + "accountId: $a, role: $r) { account { id email } role joinedAt } }",
        new JsonObject().put("o", org).put("a", account).put("r", role));
  }

  private Response removeMember(Session s, String org, String account) {
    return api.call(s.token(), "mutation($o: ID!, $a: ID!) { removeMember(organisationId: $o, accountId: $a) }",
        new JsonObject().put("o", org).put("a", account));
  }

  private Response leave(Session s, String org) {
    return api.call(s.token(), "mutation($o: ID!) { leaveOrganisation(organisationId: $o) }",
        new JsonObject().put("o", org));
  }

  private Response deleteAccount(Session s) {
    return api.call(s.token(), "mutation($p: String!) { deleteAccount(password: $p) }",
        new JsonObject().put("p", UserNode.PASSWORD));
  }

  private long one(String query, Tuple args) {
    try {
      return sql.preparedQuery(query).execute(args).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void sqlRun(String query, Tuple args) {
    try {
      sql.preparedQuery(query).execute(args).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ the mail files

  private Path mailDir() {
    return node.dataDir().resolve("mail");
  }

  private String awaitMailTo(String to) {
    return await("the invitation mail to " + to).atMost(WAIT).until(() -> mailTo(to), Optional::isPresent)
        .orElseThrow();
  }

  private static String tokenIn(String mail) {
    Matcher m = LINK.matcher(mail);
    assertThat(m.find()).as("a join link in %s", mail).isTrue();
    return m.group(2);
  }

  /** The newest mail to this address (tests use fresh addresses; a re-invitation clears the folder first). */
  private Optional<String> mailTo(String to) {
    if (!Files.isDirectory(mailDir())) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(mailDir())) {
      return files.sorted().map(OrganisationsTest::read).filter(m -> m.contains("\r\nTo: " + to + "\r\n"))
          .reduce((first, second) -> second);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void clearMail() {
    try (Stream<Path> files = Files.list(mailDir())) {
      files.forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
