package io.bastion.node;

import io.bastion.codecs.Codecs;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Vert.x 5's {@link VertxApplication} (so {@code -cluster}, {@code -conf}, {@code -instances} work as usual) with the
 * settings every Bastion node shares: the Hazelcast configuration from {@code conf/cluster.xml} when present (else
 * the copy inside the jar), defaults for its {@code bastion.cluster.*} properties (security nodes are lite
 * members), a loopback event bus unless told otherwise, mutual TLS between nodes (see {@link NodeTls}), logging
 * through SLF4J, and the bus contract's codecs, registered once when Vert.x has started.
 */
public final class BastionLauncher extends VertxApplication {

  private BastionLauncher(String[] args) {
    // The subclass matters: VertxApplication finds Main-Verticle in the manifest whose Main-Class is this class.
    super(args, new Hooks());
  }

  public static void main(String[] args) {
    defaultProperty("bastion.cluster.name", "bastion");
    defaultProperty("bastion.cluster.port", "5701");
    defaultProperty("bastion.cluster.members", "127.0.0.1");
    defaultProperty("bastion.cluster.interface", "127.0.0.1");
    defaultProperty("bastion.cluster.lite", liteMemberOfThisJar());
    defaultProperty("hazelcast.logging.type", "slf4j");
    defaultProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    if (Files.isRegularFile(Path.of("conf/cluster.xml"))) {
      defaultProperty("vertx.hazelcast.config", "conf/cluster.xml");
    }
    // Cold paths run while Hazelcast joins, on the other core.
    WarmUps.start(Settings.bootstrap());
    // VertxApplication exits with a non-zero status when the main verticle fails to deploy.
    new BastionLauncher(args).launch();
  }

  private static final class Hooks implements VertxApplicationHooks {
    @Override
    public void beforeStartingVertx(HookContext context) {
      VertxOptions options = context.vertxOptions();
      if (options.getEventBusOptions().getHost() == null) {
        options.getEventBusOptions().setHost(System.getProperty("bastion.cluster.interface"));
      }
      try {
        NodeTls.configure(options.getEventBusOptions(), Settings.bootstrap());
      } catch (Exception e) {
        throw new IllegalStateException("cannot set up TLS for the event bus: " + e.getMessage(), e);
      }
    }

    @Override
    public void afterVertxStarted(HookContext context) {
      Codecs.register(context.vertx());
    }
  }

  /** The jar says which role its nodes take in Hazelcast (see the Bastion-Lite-Member entry in the parent pom). */
  static String liteMemberOfThisJar() {
    try {
      java.security.CodeSource source = BastionLauncher.class.getProtectionDomain().getCodeSource();
      Path jar = source == null ? null : Path.of(source.getLocation().toURI());
      if (jar == null || !Files.isRegularFile(jar)) {
        return "false";
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        Manifest manifest = file.getManifest();
        String lite = manifest == null ? null : manifest.getMainAttributes().getValue("Bastion-Lite-Member");
        return Boolean.toString(Boolean.parseBoolean(lite));
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
