package io.bastion.codecs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codecs of the contract records, registered once per Vert.x instance by the node's launcher (its hook after
 * Vert.x starts), and the check that every node of a cluster speaks the same contract: a node built from other
 * record definitions fails to start with a message saying so, instead of losing messages it cannot decode.
 */
public final class Codecs {

  /** Bump when a record changes shape; the fingerprint below also catches a change made without a bump. */
  public static final int CONTRACT_VERSION = 3; // 2: binary bodies (MessageFormats) instead of JSON; 3: category scores

  static final List<Class<?>> MESSAGE_TYPES = List.of(AnswerEvent.class, ReportEvent.class);

  private static final String CONTRACT_MAP = "bastion.contract";
  private static final Logger LOG = LoggerFactory.getLogger(Codecs.class);
  private static final String FINGERPRINT = computeFingerprint();

  private Codecs() {
  }

  /** Registers the codecs on this Vert.x instance; call once, right after it starts (a second call throws). */
  public static void register(Vertx vertx) {
    vertx.eventBus().registerDefaultCodec(AnswerEvent.class, new RecordCodec<>(AnswerEvent.class));
    vertx.eventBus().registerDefaultCodec(ReportEvent.class, new RecordCodec<>(ReportEvent.class));
    vertx.eventBus().registerDefaultCodec(JsonText.class, new JsonText.Codec());
  }

  /**
   * When clustered, checks that the cluster speaks this node's contract (the first node sets it); a verticle that
   * talks on the bus completes its start with this, so a mismatched node fails to deploy.
   */
  public static Future<Void> verifyContract(Vertx vertx) {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    return vertx.sharedData().<String, String>getClusterWideMap(CONTRACT_MAP)
        .compose(Codecs::checkContract);
  }

  /** The wire codec of a contract record (for benchmarks and tools; nodes get theirs from {@link #register}). */
  public static <T> io.vertx.core.eventbus.MessageCodec<T, T> codec(Class<T> type) {
    if (!MESSAGE_TYPES.contains(type)) {
      throw new IllegalArgumentException(type + " is not a message of the contract");
    }
    return new RecordCodec<>(type);
  }

  public static String fingerprint() {
    return FINGERPRINT;
  }

  static Future<Void> checkContract(AsyncMap<String, String> map) {
    return map.putIfAbsent("fingerprint", FINGERPRINT).compose(existing -> {
      if (existing == null || existing.equals(FINGERPRINT)) {
        LOG.info("bus contract v{} ({}) agreed with the cluster", CONTRACT_VERSION, FINGERPRINT.substring(0, 12));
        return Future.succeededFuture();
      }
      return Future.failedFuture(new CodecMismatchException("this node speaks bus contract v" + CONTRACT_VERSION
          + " (" + FINGERPRINT.substring(0, 12) + ") but the cluster speaks " + existing.substring(0, 12)
          + ": deploy the same codecs module on every node"));
    });
  }

  /** A hash of the version and of the shape of every record reachable from the message types. */
  private static String computeFingerprint() {
    StringBuilder shape = new StringBuilder("v").append(CONTRACT_VERSION);
    Map<Class<?>, Boolean> seen = new java.util.LinkedHashMap<>();
    for (Class<?> type : MESSAGE_TYPES) {
      describe(type, shape, seen);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void describe(Class<?> type, StringBuilder shape, Map<Class<?>, Boolean> seen) {
    if (seen.putIfAbsent(type, Boolean.TRUE) != null) {
      return;
    }
    if (type.isEnum()) {
      shape.append(';').append(type.getSimpleName()).append(List.of(type.getEnumConstants()));
      return;
    }
    if (!type.isRecord()) {
      return;
    }
    shape.append(';').append(type.getSimpleName()).append('(');
    for (RecordComponent c : type.getRecordComponents()) {
      shape.append(c.getName()).append(':').append(c.getGenericType().getTypeName()).append(',');
    }
    shape.append(')');
    for (RecordComponent c : type.getRecordComponents()) {
      describe(c.getType(), shape, seen);
      Type generic = c.getGenericType();
      if (generic instanceof ParameterizedType p) {
        for (Type arg : p.getActualTypeArguments()) {
          if (arg instanceof Class<?> k) {
            describe(k, shape, seen);
          }
        }
      }
    }
  }
}
