package io.bastion.node;

import io.bastion.codecs.Codecs;
import io.bastion.node.metrics.NodeMetrics;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x 5's {@link VertxApplication} (so {@code -cluster}, {@code -conf}, {@code -instances} work as usual) with what
 * every Bastion node shares: its settings read once before Vert.x starts (see {@link Settings}; verticles read them
 * again with {@code -conf}), the Hazelcast configuration from {@code conf/cluster.xml} when present (else the copy
 * inside the jar) with its {@code bastion.cluster.*} properties set from the settings (security nodes are lite
 * members), the event bus on the cluster interface, mutual TLS between nodes (see {@link NodeTls}), logging through
 * SLF4J, the bus contract's codecs, registered once when Vert.x has started, and metrics: Vert.x's own reported to
 * the node's Prometheus registry (see {@link NodeMetrics}), which the management port serves.
 */
public final class BastionLauncher extends VertxApplication {

  private BastionLauncher(String[] args, ClusterSettings cluster) {
    // The subclass matters: VertxApplication finds Main-Verticle in the manifest whose Main-Class is this class.
    super(args, new Hooks(cluster));
  }

  public static void main(String[] args) {
    Settings settings;
    ClusterSettings cluster;
    try {
      settings = Settings.bootstrap();
      cluster = ClusterSettings.from(settings, liteMemberOfThisJar());
    } catch (IllegalArgumentException e) {
      System.err.println("Bastion cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // Before the first log line: cluster.xml and logback.xml read these properties.
    cluster.systemProperties().forEach(System::setProperty);
    cluster.hazelcastProperties().forEach(BastionLauncher::defaultProperty);
    settings.optionalString("node.name").ifPresent(name -> System.setProperty("bastion.node.name", name));
    defaultProperty("hazelcast.logging.type", "slf4j");
    defaultProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    if (Files.isRegularFile(Path.of("conf/cluster.xml"))) {
      defaultProperty("vertx.hazelcast.config", "conf/cluster.xml");
    }
    Logger log = LoggerFactory.getLogger(BastionLauncher.class);
    SettingsSources.strayProperties(System.getProperties()).forEach(name ->
        log.warn("-D{} is not a setting (the keys are those of conf/bastion.json): ignored", name));
    // Cold paths run while Hazelcast joins, on the other core.
    WarmUps.start(settings);
    // VertxApplication exits with a non-zero status when the main verticle fails to deploy.
    new BastionLauncher(args, cluster).launch();
  }

  private static final class Hooks implements VertxApplicationHooks {
    private final ClusterSettings cluster;

    Hooks(ClusterSettings cluster) {
      this.cluster = cluster;
    }

    @Override
    public void beforeStartingVertx(HookContext context) {
      VertxOptions options = context.vertxOptions();
      if (options.getEventBusOptions().getHost() == null) {
        // The bus binds the cluster interface, never every interface, and advertises it (or its public address).
        cluster.addresses().applyTo(options.getEventBusOptions(),
            InterfacePattern.resolve(cluster.networkInterface()));
      }
      try {
        NodeTls.configure(options.getEventBusOptions(), cluster.tls());
      } catch (Exception e) {
        throw new IllegalStateException("cannot set up TLS for the event bus: " + e.getMessage(), e);
      }
    }

    /**
     * Vert.x reports its meters to this JVM's registry, the one Bastion's meters and {@code /metrics} use; a clustered
     * node keeps a node that merged back after a pause (see {@link MergeSafeClusterManager}).
     */
    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
      return NodeMetrics.builder(options).withClusterManager(new MergeSafeClusterManager());
    }

    @Override
    public void afterVertxStarted(HookContext context) {
      Codecs.register(context.vertx());
    }
  }

  /** The jar says which role its nodes take in Hazelcast (see the Bastion-Lite-Member entry in the parent pom). */
  static boolean liteMemberOfThisJar() {
    try {
      java.security.CodeSource source = BastionLauncher.class.getProtectionDomain().getCodeSource();
      Path jar = source == null ? null : Path.of(source.getLocation().toURI());
      if (jar == null || !Files.isRegularFile(jar)) {
        return false;
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        Manifest manifest = file.getManifest();
        String lite = manifest == null ? null : manifest.getMainAttributes().getValue("Bastion-Lite-Member");
        return Boolean.parseBoolean(lite);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read this jar's manifest: " + e.getMessage(), e);
    }
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
