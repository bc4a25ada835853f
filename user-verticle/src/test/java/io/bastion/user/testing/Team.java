package io.bastion.user.testing;

import static io.bastion.user.testing.Fixtures.await;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.testing.GraphQLClient.Session;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An organisation for API tests, made with SQL: an OWNER, an EDITOR and a VIEWER signed up through the API, and an
 * outsider who is no member; its assessments of the baseline catalogue, each with what its live feed carries.
 */
public final class Team {

  /** An assessment of the team, with the bodies of its feed ({@code assessments.<id>}) since it was made. */
  public record Assessment(String id, List<JsonObject> feed, MessageConsumer<Object> consumer) {

    public void stopListening() {
      await(consumer.unregister());
    }
  }

  public final Session owner;
  public final Session editor;
  public final Session viewer;
  public final Session outsider;
  private final UUID organisation;
  private final Vertx vertx;
  private final Pool db;

  private Team(Vertx vertx, Pool db, GraphQLClient api, String prefix) {
    this.vertx = vertx;
    this.db = db;
    owner = api.signUp(UserNode.email(prefix + "-owner"), UserNode.PASSWORD);
    editor = api.signUp(UserNode.email(prefix + "-editor"), UserNode.PASSWORD);
    viewer = api.signUp(UserNode.email(prefix + "-viewer"), UserNode.PASSWORD);
    outsider = api.signUp(UserNode.email(prefix + "-outsider"), UserNode.PASSWORD);
    organisation = UUID.randomUUID();
    await(db.preparedQuery("INSERT INTO organisations (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(organisation, prefix + " Ltd")));
    member(owner, "OWNER");
    member(editor, "EDITOR");
    member(viewer, "VIEWER");
  }

  public static Team create(Vertx vertx, Pool db, GraphQLClient api, String prefix) {
    return new Team(vertx, db, api, prefix);
  }

  /** A new assessment of the organisation, started by its OWNER, listened to from now on. */
  public Assessment newAssessment(String title) {
    UUID id = UUID.randomUUID();
    await(db.preparedQuery("INSERT INTO assessments (id, account_id, catalogue_id, catalogue_version, title, "
        + "organisation_id) VALUES ($1, $2, 'baseline', $3, $4, $5)").execute(Tuple.of(id,
        UUID.fromString(owner.accountId()), Fixtures.baseline().version(), title, organisation)));
    List<JsonObject> feed = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.assessment(id),
        m -> feed.add(JsonText.read(m.body())));
    await(consumer.completion());
    return new Assessment(id.toString(), feed, consumer);
  }

  /** The feed's bodies of one type. */
  public static List<JsonObject> ofType(List<JsonObject> feed, String type) {
    return feed.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  private void member(Session who, String role) {
    await(db.preparedQuery("INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, $3)")
        .execute(Tuple.of(organisation, UUID.fromString(who.accountId()), role)));
  }
}
