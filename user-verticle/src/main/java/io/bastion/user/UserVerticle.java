package io.bastion.user;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.codecs.Codecs;
import io.bastion.node.ClusterSigner;
import io.bastion.node.ClusterVerifier;
import io.bastion.node.NodeTls;
import io.bastion.node.TlsSettings;
import io.bastion.node.health.ManagementServer;
import io.bastion.node.health.Readiness;
import io.bastion.user.api.AccountFetchers;
import io.bastion.user.api.AuditFetchers;
import io.bastion.user.api.FactorFetchers;
import io.bastion.user.api.GraphQLApi;
import io.bastion.user.assessment.AnswerBroadcast;
import io.bastion.user.assessment.Actions;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.assessment.SignOffs;
import io.bastion.user.assessment.Targets;
import io.bastion.user.audit.AuditChains;
import io.bastion.user.audit.AuditExport;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.audit.AuditReader;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.AccessEvents;
import io.bastion.user.organisation.Invitations;
import io.bastion.user.organisation.Memberships;
import io.bastion.user.organisation.Organisations;
import io.bastion.user.api.OrganisationFetchers;
import io.bastion.user.api.TeamAssessmentFetchers;
import io.bastion.user.auth.InvitationMail;
import io.bastion.node.OwnerOnly;
import io.bastion.user.auth.Accounts;
import io.bastion.user.auth.AuthLimits;
import io.bastion.user.auth.DeviceCookies;
import io.bastion.user.auth.JwtKeys;
import io.bastion.user.auth.AccessWatch;
import io.bastion.user.auth.LiveSockets;
import io.bastion.user.auth.LoginLockout;
import io.bastion.user.auth.Mailer;
import io.bastion.user.auth.PasskeySite;
import io.bastion.user.auth.Passkeys;
import io.bastion.user.auth.PasswordHasher;
import io.bastion.user.auth.PasswordPolicy;
import io.bastion.user.auth.PasswordResets;
import io.bastion.user.auth.Passwords;
import io.bastion.user.auth.RateLimiter;
import io.bastion.user.auth.ResetMail;
import io.bastion.user.auth.LogInGuards;
import io.bastion.user.auth.SecurityMails;
import io.bastion.user.auth.Sessions;
import io.bastion.user.auth.TwoStep;
import io.bastion.user.db.Database;
import io.bastion.user.db.Sql;
import io.bastion.user.evidence.EvidenceDownload;
import io.bastion.user.evidence.EvidenceUpload;
import io.bastion.user.evidence.Evidences;
import io.bastion.user.export.ExportHandler;
import io.bastion.user.export.ExportReader;
import io.bastion.user.metrics.UserMeters;
import io.bastion.user.outbox.DeadLetterMeters;
import io.bastion.user.outbox.OutboxGauges;
import io.bastion.user.outbox.OutboxRelay;
import io.bastion.user.outbox.RelayMetrics;
import io.bastion.user.report.ReportBroadcast;
import io.bastion.user.report.ReportSink;
import io.bastion.user.report.ReportStore;
import io.bastion.user.report.ReportText;
import io.bastion.user.web.BridgeGuard;
import io.bastion.user.web.GraphQLHandlers;
import io.bastion.user.web.Presence;
import io.bastion.user.web.TrustedOrigins;
import io.bastion.user.web.UserNodes;
import io.bastion.user.web.UserReadiness;
import io.bastion.user.web.WebServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user service: wires the store, accounts, GraphQL API, outbox relay, report sink and web server of one node.
 * Start-up work that blocks (database, migrations, key and catalogue files, the password hasher) runs on worker
 * threads; any failure fails the deployment and the process exits.
 */
public class UserVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UserVerticle.class);
  /** How often the outbox gauges are refreshed. */
  private static final long OUTBOX_GAUGES_MS = 5_000;

  private Pool pool;
  private OutboxRelay relay;
  private OutboxGauges outboxGauges;
  private UserNodes nodes;
  private volatile int httpPort;

  @Override
  public Future<?> start() {
    return Codecs.verifyContract(vertx)
        .compose(v -> UserNodeSettings.load(vertx, config()))
        .compose(this::boot);
  }

  private Future<?> boot(UserNodeSettings settings) {
    String nodeName = settings.node().name();
    Path dataDir = settings.node().dataDir();
    Path catalogueDir = settings.node().cataloguesDir();
    Future<PgConnectOptions> db = Database.prepare(vertx, settings.db());
    Future<Catalogues> catalogues = vertx.executeBlocking(() -> CatalogueLoader.loadDirectory(catalogueDir), false);
    Future<JwtKeys> keys = vertx.executeBlocking(() -> JwtKeys.load(settings.auth().jwtPrivateKey().orElse(null),
        settings.auth().jwtPublicKey().orElse(null), dataDir.resolve("keys")), false);
    // After the JWT keys: they may be written (through a temporary folder) while the tree is walked.
    Future<DeviceCookies> devices = keys.compose(k -> vertx.executeBlocking(() -> {
      // Secrets under data/ are the owner's only; this also fixes files earlier versions left readable.
      for (String secret : List.of("keys", "mail", "certs")) {
        OwnerOnly.tighten(dataDir.resolve(secret));
      }
      return DeviceCookies.load(dataDir.resolve("keys"));
    }, false));
    Future<PasswordPolicy> policy = vertx.executeBlocking(PasswordPolicy::load, false);
    Future<PasswordHasher> hasher = vertx.executeBlocking(() -> new PasswordHasher(
        settings.auth().pbkdf2Iterations()), false);
    Future<Optional<UserNodes.Keys>> nodeKeys = vertx.executeBlocking(() -> nodeKeys(settings), false);

    return Future.all(List.of(db, catalogues, keys, devices, policy, hasher, nodeKeys)).compose(ready -> {
      pool = Database.pool(vertx, db.result(), settings.db().poolSize());
      return registerCatalogues(catalogues.result()).compose(v -> {
        JWTAuth jwt = jwt(keys.result());
        int port = settings.http().port();
        String publicUrl = settings.http().publicUrl();
        Sessions sessions = new Sessions(vertx, pool, jwt, settings.auth().session(), settings.auth().sessionIdle());
        Passwords passwords = new Passwords(vertx, hasher.result(), policy.result());
        RateLimiter limiter = new RateLimiter(pool);
        AuthLimits limits = settings.auth().limits();
        Mailer mailer = Mailer.from(vertx, settings.auth().mail());
        SecurityMails mails = new SecurityMails(mailer, publicUrl);
        LiveSockets live = new LiveSockets(vertx, sessions);
        // Teams: who may do what with an assessment (asked every time), and the hash-chained audit log.
        AssessmentAccess access = new AssessmentAccess(pool);
        AuditLog audit = new AuditLog(pool);
        // Teams: organisations, their members and invitations; access changes are told to every user node.
        AccessEvents accessEvents = new AccessEvents(vertx.eventBus());
        Organisations organisations = new Organisations(pool, audit);
        Memberships memberships = new Memberships(pool, audit, accessEvents);
        Invitations invitations = new Invitations(pool, access, limiter, new InvitationMail(mailer, publicUrl), audit,
            settings.organisations());
        SignOffs signOffs = new SignOffs(pool, access, audit);
        // The live feeds: re-checked when access changes; bridge registrations count as presence.
        AccessWatch accessWatch = new AccessWatch(vertx, access);
        BridgeGuard bridgeGuard = new BridgeGuard(live, access, accessWatch, new Presence(vertx, nodeName + "/" + deploymentID()));
        // The account services record failed log-ins, resets and deletions in the audit log (built after it).
        TwoStep twoStep = new TwoStep(pool, sessions, limiter, limits, mails, audit);
        // Passkeys and the second factor; the owner hears of changes to them by mail.
        Passkeys passkeys = new Passkeys(vertx, pool, sessions, limiter, limits, PasskeySite.of(publicUrl), mails,
            audit);
        Accounts accounts = new Accounts(pool, passwords, sessions, limiter, limits,
            new LogInGuards(new LoginLockout(pool, settings.auth().lockout()), devices.result(), mails), twoStep,
            audit);
        PasswordResets resets = new PasswordResets(pool, passwords, sessions, limiter, limits,
            new ResetMail(mailer, publicUrl), mails, audit);
        AuditReader auditReader = new AuditReader(pool);
        AuditChains auditChains = new AuditChains(access);
        // The report path: relay (answer out, report back) -> sink (stored) -> broadcast (published, facts only).
        ReportText text = new ReportText(catalogues.result());
        ReportSink sink = new ReportSink(vertx, pool, new ReportBroadcast(vertx.eventBus()),
            settings.sink().lingerMs(), settings.sink().batch());
        relay = new OutboxRelay(vertx, pool, db.result(), sink::store, settings.relay());
        AssessmentService assessments = new AssessmentService(pool, catalogues.result(), relay, access, audit,
            new AnswerBroadcast(vertx.eventBus()));
        Evidences evidences = new Evidences(pool, assessments, access, audit, vertx.eventBus(), Clock.systemUTC());
        AccountFetchers accountFetchers = new AccountFetchers(accounts, sessions, resets, devices.result(), audit);
        GraphQLApi api = new GraphQLApi(vertx, accountFetchers,
            new FactorFetchers(passkeys, twoStep, accountFetchers, audit),
            assessments, new ReportStore(pool, text), catalogues.result(), live, settings.api(),
            settings.developerTools().introspection(),
            new OrganisationFetchers(organisations, memberships, invitations, accountFetchers),
            new TeamAssessmentFetchers(assessments, organisations, accessEvents),
            signOffs, new Targets(pool, access, audit, vertx.eventBus()),
            new Actions(pool, assessments, audit, vertx.eventBus(), Clock.systemUTC()),
            access, accessWatch,
            new AuditFetchers(auditReader, auditChains), evidences);
        nodes = new UserNodes(vertx, nodeName, settings.cluster().name(), nodeKeys.result(), Clock.systemUTC());
        TrustedOrigins trusted = new TrustedOrigins(settings.http().trustedOrigins(), nodes);
        Readiness readiness = UserReadiness.create(vertx, nodeName, pool);
        WebServer web = new WebServer(vertx, sessions, new GraphQLHandlers(api.httpHandler(), api.webSocketHandler()),
            bridgeGuard, nodes, trusted, readiness, nodeName, settings.http().webroot().toString(), settings.http(),
            settings.developerTools());
        web.auditExport(new AuditExport(audit, auditReader, auditChains));
        web.exports(new ExportHandler(new ExportReader(pool, access, catalogues.result(), Clock.systemUTC(),
            evidences)));
        long maxFile = settings.evidence().maxFileBytes();
        web.evidence(new EvidenceUpload(evidences, maxFile),
            EvidenceUpload.bodyHandler(settings.node().dataDir(), maxFile), new EvidenceDownload(evidences));
        vertx.setPeriodic(600_000, id -> {
          pool.query(Sql.RATE_CLEANUP).execute();
          pool.query(Sql.LOGIN_FAILURES_CLEANUP).execute();
          pool.query(Sql.FACTOR_CLEANUP).execute();
        });
        // The node announces (and trusts) its public URL once it knows the port it took.
        Future<Void> listed = EvidenceUpload.cleanLeftovers(vertx, settings.node().dataDir())
            .compose(cleaned -> web.listen(settings.http().host(), port))
            .onSuccess(s -> httpPort = s.actualPort())
            .compose(s -> nodes.start(settings.http().publicUrl(s.actualPort())));
        // Metrics: every meter is on /metrics from the start (zero until used); the outbox is measured by a
        // periodic query, never per scrape.
        UserMeters.register();
        RelayMetrics.register();
        DeadLetterMeters.register();
        outboxGauges = new OutboxGauges(vertx, pool);
        outboxGauges.start(OUTBOX_GAUGES_MS);
        Future<?> management = ManagementServer.start(vertx, settings.management(), readiness, nodeName);
        DataMemberRejoin.watch(vertx); // a paused node, dropped by the others, comes back in seconds
        return Future.join(relay.start(), live.start(), accessWatch.start(), listed, management)
            .onSuccess(started -> readiness.started());
      });
    });
  }

  /**
   * The event bus certificate, key and CA, to sign this node's announcements and verify the others'; none when
   * the bus has no TLS (or there is no cluster, in tests), and then announcements are ignored. Blocking.
   */
  private Optional<UserNodes.Keys> nodeKeys(UserNodeSettings settings) throws Exception {
    TlsSettings tls = settings.cluster().tls();
    if (!vertx.isClustered() || tls.mode() == TlsSettings.Mode.OFF) {
      return Optional.empty();
    }
    return Optional.of(new UserNodes.Keys(ClusterSigner.from(vertx, NodeTls.keyCert(tls).orElseThrow()),
        ClusterVerifier.from(vertx, NodeTls.trust(tls).orElseThrow())));
  }

  /** The port the web server listens on, the one picked when {@code http.port} is 0; 0 before it listens. */
  public int httpPort() {
    return httpPort;
  }

  @Override
  public Future<?> stop() {
    if (outboxGauges != null) {
      outboxGauges.stop();
    }
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    Future<Void> listed = nodes == null ? Future.succeededFuture() : nodes.stop();
    return Future.join(relayStopped, listed)
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  private JWTAuth jwt(JwtKeys keys) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.publicPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.privatePem()))
        .setJWTOptions(new JWTOptions().setAlgorithm("ES256").setIssuer("bastion").setLeeway(5)));
  }

  /**
   * Records each loaded catalogue version in the database. A file that changed without a new version is refused:
   * reports already computed with that version would no longer be explainable.
   */
  private Future<Void> registerCatalogues(Catalogues catalogues) {
    List<Future<Void>> checks = new ArrayList<>();
    for (Catalogue c : catalogues.all()) {
      checks.add(pool.preparedQuery(Sql.REGISTER_CATALOGUE)
          .execute(Tuple.of(c.id(), c.version(), c.sha256(), c.title()))
          .compose(v -> pool.preparedQuery(Sql.CATALOGUE_HASH).execute(Tuple.of(c.id(), c.version())))
          .compose(rows -> {
            String known = rows.iterator().next().getString("sha256");
            if (!known.equals(c.sha256())) {
              return Future.failedFuture(new IllegalStateException("catalogue '" + c.id() + "' version "
                  + c.version() + " differs from the one already in use: give the changed file a new version "
                  + "(and keep the old file while assessments use it)"));
            }
            return Future.<Void>succeededFuture();
          }));
    }
    return Future.all(checks).<Void>mapEmpty()
        .onSuccess(v -> LOG.info("catalogues: {}", catalogues.all().stream().map(Catalogue::key).toList()))
        // A text a translation lacks is shown in English: worth one line per catalogue and language, not a refusal.
        .onSuccess(v -> catalogues.missingTexts().forEach(m -> LOG.warn("translation incomplete, English shown "
            + "instead: {}", m.describe(5))));
  }
}
