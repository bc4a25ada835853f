package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AccessWatch} on its own, against the real database (grants asked through {@link AssessmentAccess}) and the
 * real bus: a grant read before an ACCESS_CHANGED is checked again as soon as it is watched, and a re-check that
 * fails is retried, then gives up after about two seconds. A test double wraps the real check only to count the
 * checks or to fail some of them (a database blip at the worst moment).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("AccessWatch")
class AccessWatchTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private Vertx vertx;
  private GraphQLClient api;
  private TeamRows teams;
  private Pool pool;
  private AssessmentAccess access;
  private UUID organisation;
  private UUID shared;
  private Session dave;
  /** The checks asked (accounts), and how many of the next ones fail as an outage would. */
  private final List<UUID> checks = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private AccessWatch watch;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    UserNode node = UserNode.start(vertx);
    api = node.graphql();
    teams = new TeamRows(vertx);
    pool = TestDatabase.pool(vertx);
    access = new AssessmentAccess(pool);
    Session alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    shared = UUID.fromString(api.startAssessment(alice.token(), "baseline", "the team's"));
    teams.assessmentOf(organisation, shared.toString());
  }

  @BeforeEach
  void freshWatchAndMember() {
    if (watch != null) {
      // The previous test's consumer: unregistered so that it does not count this test's announcements.
      Fixtures.await(watch.stop());
    }
    checks.clear();
    failNext.set(0);
    BiFunction<UUID, UUID, Future<AssessmentAccess.Grant>> check = (account, assessment) -> {
      checks.add(account);
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return Future.failedFuture(new ConnectException("Connection refused (the test's blip)"));
      }
      return access.of(account, assessment);
    };
    watch = new AccessWatch(vertx, check);
    Fixtures.await(watch.start());
    dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    teams.member(organisation, dave.accountId(), "EDITOR");
  }

  @AfterAll
  void stop() {
    teams.close();
    pool.close();
  }

  @Test
  void aGrantReadBeforeARemovalIsCheckedAgainWhenWatched() {
    long seen = watch.changes();
    AssessmentAccess.Grant grant = Fixtures.await(access.of(daveId(), shared));
    assertThat(grant).as("Dave's grant while a member").isNotNull();
    // The removal and its announcement land between the grant query and the watch (the race of the review).
    teams.remove(organisation, dave.accountId());
    teams.announce(organisation, dave.accountId());
    await().atMost(WAIT).until(() -> watch.changes() > seen);

    List<AccessWatch.End> ended = new CopyOnWriteArrayList<>();
    watch.watch(daveId(), grant, seen, ended::add);
    await("AccessWatch: a stale grant watched after the change ends").atMost(WAIT).until(() -> !ended.isEmpty());
    assertThat(ended).containsExactly(AccessWatch.End.LOST);
    assertThat(watch.size()).isZero();
  }

  @Test
  void aChangeOfSomeoneElseSinceTheGrantAsksNothingAgain() {
    long seen = watch.changes();
    AssessmentAccess.Grant grant = Fixtures.await(access.of(daveId(), shared));
    teams.announce(organisation, UUID.randomUUID().toString()); // another member of the same organisation
    teams.announce(UUID.randomUUID(), dave.accountId()); // Dave in another organisation
    await().atMost(WAIT).until(() -> watch.changes() == seen + 2);
    List<AccessWatch.End> ended = new CopyOnWriteArrayList<>();
    watch.watch(daveId(), grant, seen, ended::add);
    assertThat(checks).as("AccessWatch: checks for changes that do not match the feed").isEmpty();
    // A matching one still does: the watch is live.
    teams.announce(organisation, dave.accountId());
    await().atMost(WAIT).until(() -> checks.size() == 1);
    assertThat(ended).isEmpty();
  }

  @Test
  void aRemovalWhoseFirstCheckFailsEndsTheFeedOnARetry() {
    AssessmentAccess.Grant grant = Fixtures.await(access.of(daveId(), shared));
    List<AccessWatch.End> ended = new CopyOnWriteArrayList<>();
    watch.watch(daveId(), grant, watch.changes(), ended::add);
    failNext.set(1);
    teams.remove(organisation, dave.accountId());
    long removed = System.nanoTime();
    teams.announce(organisation, dave.accountId());
    await("AccessWatch: the feed ends after the failed check").atMost(Duration.ofSeconds(3))
        .until(() -> !ended.isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - removed)).isLessThan(Duration.ofSeconds(3));
    assertThat(ended).containsExactly(AccessWatch.End.LOST);
    assertThat(checks).as("the failed check and its retry").hasSize(2);
  }

  @Test
  void aMemberWhoseCheckFailsOnceKeepsTheFeed() {
    AssessmentAccess.Grant grant = Fixtures.await(access.of(daveId(), shared));
    List<AccessWatch.End> ended = new CopyOnWriteArrayList<>();
    watch.watch(daveId(), grant, watch.changes(), ended::add);
    failNext.set(1);
    teams.announce(organisation, dave.accountId());
    await().atMost(WAIT).until(() -> checks.size() == 2); // the failure, then a check that grants
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> checks.size() == 2);
    assertThat(ended).isEmpty();
    assertThat(watch.size()).isOne();
  }

  @Test
  void aCheckThatKeepsFailingEndsTheFeedAsUncheckedAfterAboutTwoSeconds() {
    AssessmentAccess.Grant grant = Fixtures.await(access.of(daveId(), shared));
    List<AccessWatch.End> ended = new CopyOnWriteArrayList<>();
    watch.watch(daveId(), grant, watch.changes(), ended::add);
    failNext.set(Integer.MAX_VALUE);
    long announced = System.nanoTime();
    teams.announce(organisation, dave.accountId());
    await("AccessWatch: the feed ends when access cannot be checked").atMost(Duration.ofSeconds(3))
        .until(() -> !ended.isEmpty());
    Duration took = Duration.ofNanos(System.nanoTime() - announced);
    assertThat(ended).containsExactly(AccessWatch.End.UNCHECKED);
    assertThat(took).as("retried for about %s ms first", AccessWatch.GIVE_UP_MS)
        .isGreaterThan(Duration.ofMillis(AccessWatch.GIVE_UP_MS - 200));
    assertThat(checks.size()).as("retries with backoff, not a busy loop").isBetween(3, 8);
  }

  private UUID daveId() {
    return UUID.fromString(dave.accountId());
  }
}
