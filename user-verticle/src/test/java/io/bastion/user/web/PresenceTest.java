package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence on the feed {@code assessments.<id>}, as the other nodes hear it: a bridge registration makes its account
 * a viewer at once, the list is repeated every second while anyone views, each account appears once however many
 * sockets it has, an unregister or a close removes it at once, and the last one leaving is published once, empty.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Presence")
class PresenceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private UserNode node;
  private TeamRows teams;
  private GraphQLClient api;
  private UUID organisation;
  private Session alice;
  private Session bob;
  private String shared;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    io.bastion.user.testing.Fixtures.codecs(vertx);
    node = UserNode.start(vertx);
    api = node.graphql();
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, bob.accountId(), "VIEWER");
    shared = api.startAssessment(alice.token(), "baseline", "the team's");
    teams.assessmentOf(organisation, shared);
  }

  @AfterAll
  void stop() {
    teams.close();
  }

  @Test
  void viewersAppearRepeatAndLeave() throws Exception {
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> other = vertx.eventBus().consumer(Addresses.assessment(UUID.fromString(shared)),
        m -> {
          JsonObject event = JsonText.read(m.body());
          if (Presence.TYPE.equals(event.getString("type"))) {
            heard.add(event);
          }
        });
    other.completion().await(10, TimeUnit.SECONDS);
    try {
      BridgeSocket alices = connect();
      BridgeSocket bobs = connect();
      BridgeSocket bobsSecondTab = connect();
      alices.register(feed(), alice.token());
      await("Presence: Alice appears").atMost(Duration.ofSeconds(2)).until(() -> last(heard).equals(List.of(alice.email())));
      JsonObject event = heard.get(heard.size() - 1);
      assertThat(event.getString("assessmentId")).isEqualTo(shared);
      assertThat(event.getString("node")).as("Presence: the node that publishes").startsWith("user-inproc-");
      assertThat(event.getLong("ttlMs")).isEqualTo(3000L);

      // Repeated while she views: three more lists in a little over three seconds.
      int before = heard.size();
      await("Presence: repeated every second").atMost(Duration.ofMillis(3500)).until(() -> heard.size() >= before + 3);

      bobs.register(feed(), bob.token());
      bobsSecondTab.register(feed(), bob.token());
      List<String> both = List.of(alice.email(), bob.email()).stream().sorted().toList();
      await("Presence: Bob joins, once for two tabs").atMost(Duration.ofSeconds(2)).until(() -> last(heard).equals(both));
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> last(heard).equals(both));

      // An unregister removes the socket at once; Bob's other tab keeps him there until it closes.
      bobs.send(new JsonObject().put("type", "unregister").put("address", feed()));
      bobsSecondTab.close();
      await("Presence: Bob leaves").atMost(Duration.ofSeconds(2)).until(() -> last(heard).equals(List.of(alice.email())));
      alices.close();
      await("Presence: the last one leaves").atMost(Duration.ofSeconds(2)).until(() -> last(heard).isEmpty());
      // Then nothing more (one empty list, no repeats); Bob's unregistered socket is still open but not viewing.
      int after = heard.size();
      await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> heard.size() == after);
      bobs.close();
    } finally {
      other.unregister();
    }
  }

  @Test
  void twoVerticleInstancesOfOneNodePublishListsThatDoNotOverwriteEachOther() throws Exception {
    // Two instances of one node (as -instances 2 deploys them): the same node name, one Presence each.
    JsonObject twin = new JsonObject().put("node.name", "user-twin-" + UUID.randomUUID().toString().substring(0, 8));
    UserNode first = UserNode.start(vertx, twin);
    UserNode second = UserNode.start(vertx, twin);
    String assessment = api.startAssessment(alice.token(), "baseline", "viewed through two instances");
    teams.assessmentOf(organisation, assessment);
    String feed = Addresses.ASSESSMENTS_PREFIX + assessment;
    // What a page does with the lists: the latest per "node", merged.
    Map<String, List<String>> perNode = new ConcurrentHashMap<>();
    MessageConsumer<Object> page = vertx.eventBus().consumer(feed, m -> {
      JsonObject event = JsonText.read(m.body());
      if (Presence.TYPE.equals(event.getString("type"))) {
        perNode.put(event.getString("node"), emails(event));
      }
    });
    page.completion().await(10, TimeUnit.SECONDS);
    try (BridgeSocket alices = BridgeSocket.connect(vertx, first.port(), MultiMap.caseInsensitiveMultiMap());
        BridgeSocket bobs = BridgeSocket.connect(vertx, second.port(), MultiMap.caseInsensitiveMultiMap())) {
      // Each in-process node has signing keys of its own: a session of each instance.
      alices.register(feed, first.graphql().session(alice.email(), UserNode.PASSWORD).token());
      bobs.register(feed, second.graphql().session(bob.email(), UserNode.PASSWORD).token());
      Set<String> both = Set.of(alice.email(), bob.email());
      try {
        await("Presence: both instances' viewers, merged per node key").atMost(WAIT)
            .until(() -> merged(perNode).equals(both));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("lists heard per node: " + perNode + "; errors " + alices.errors() + bobs.errors(), e);
      }
      // And they stay: each instance repeats its own list every second without overwriting the other's.
      await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> merged(perNode).equals(both));
      assertThat(perNode.keySet()).as("Presence: one key per instance, each under the node's name").hasSize(2)
          .allMatch(key -> key.startsWith(twin.getString("node.name") + "/"));
    } finally {
      page.unregister();
    }
  }

  private static List<String> emails(JsonObject presence) {
    return presence.getJsonArray("viewers").stream().map(v -> ((JsonObject) v).getString("email")).toList();
  }

  private static Set<String> merged(Map<String, List<String>> perNode) {
    return perNode.values().stream().flatMap(List::stream).collect(Collectors.toSet());
  }

  private BridgeSocket connect() {
    return BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap());
  }

  private String feed() {
    return Addresses.ASSESSMENTS_PREFIX + shared;
  }

  private static List<String> last(List<JsonObject> heard) {
    if (heard.isEmpty()) {
      return List.of("(nothing yet)");
    }
    return heard.get(heard.size() - 1).getJsonArray("viewers").stream()
        .map(v -> ((JsonObject) v).getString("email")).toList();
  }
}
