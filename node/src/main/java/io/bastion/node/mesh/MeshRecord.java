package io.bastion.node.mesh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The running mesh as the starter knows it, in {@code <data-dir>/mesh.json}, for {@code ./bastion status} and
 * {@code ./bastion replay}: each node (name, role, pid, HTTP URL of a user node, management URL, started-at) and
 * the database (port, pid), or the external database of {@code up --db-url} (its URL without password). Written (atomically) whenever a node is ready or the database started; deleted when the
 * starter stops the mesh. A starter that was killed leaves it behind: readers check the processes and endpoints.
 *
 * <pre>{"startedAt": "...", "nodes": [{"name": "user-1", "role": "user", "pid": 123, "http": "http://127.0.0.1:8080",
 *   "management": "http://127.0.0.1:12345", "startedAt": "..."}], "database": {"host": "127.0.0.1", "port": 15432, "pid": 122}}</pre>
 */
public record MeshRecord(Instant startedAt, List<Node> nodes, Optional<Database> database,
    Optional<External> external) {

  public static final String FILE = "mesh.json";
  private static final String URL_PROPERTY = "bastion.db.url=";
  private static final String PASSWORD_FILE_PROPERTY = "bastion.db.password-file=";

  /** One node; {@code http} is empty for a security node. */
  public record Node(String name, String role, long pid, String http, String management, Instant startedAt) {
  }

  public record Database(String host, int port, long pid) {
  }

  /**
   * The external PostgreSQL of {@code up --db-url}, so that {@code replay} finds it without being told again:
   * its URL with any password taken out (mesh.json is no place for one), and the password file given, if any.
   */
  public record External(String url, Optional<String> passwordFile) {

    /** From the user nodes' properties ({@code bastion.db.url=...}), when they name an external database. */
    static Optional<External> of(List<String> nodeProperties) {
      Optional<String> url = nodeProperties.stream().filter(p -> p.startsWith(URL_PROPERTY))
          .map(p -> p.substring(URL_PROPERTY.length())).reduce((first, last) -> last);
      Optional<String> passwordFile = nodeProperties.stream().filter(p -> p.startsWith(PASSWORD_FILE_PROPERTY))
          .map(p -> p.substring(PASSWORD_FILE_PROPERTY.length())).reduce((first, last) -> last);
      return url.map(u -> new External(withoutPassword(u), passwordFile));
    }

    /** {@code scheme://user:secret@host/...} as {@code scheme://user@host/...}; a {@code password=} parameter too. */
    static String withoutPassword(String url) {
      return url.replaceFirst("^([a-z]+://[^:/@?]*):[^@/?]*@", "$1@")
          .replaceAll("([?&])password=[^&]*&?", "$1")
          .replaceFirst("[?&]$", "");
    }
  }

  public MeshRecord {
    nodes = List.copyOf(nodes);
  }

  public MeshRecord(Instant startedAt, List<Node> nodes, Optional<Database> database) {
    this(startedAt, nodes, database, Optional.empty());
  }

  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  /** The record of what {@code processes} (the live user and security nodes) and {@code db} are now. */
  static MeshRecord of(Instant startedAt, List<NodeProcess> processes, Optional<DatabaseProcess> db,
      Optional<External> external) {
    List<Node> nodes = new ArrayList<>();
    for (NodeProcess p : processes) {
      if (p.alive() && p.management() != null) {
        String role = p.kind() == NodeProcess.Kind.USER ? "user" : "security";
        String http = p.kind() == NodeProcess.Kind.USER ? "http://" + p.host() + ":" + p.httpPort() : "";
        nodes.add(new Node(p.name(), role, p.pid(), http, p.management().toString(), p.startedAt()));
      }
    }
    return new MeshRecord(startedAt, nodes, db.map(d -> new Database(d.host(), d.port(), d.process().pid())),
        external);
  }

  /** Replaces the file in one step, so that a reader never sees half of it. */
  void write(Path dataDir) throws IOException {
    Path target = file(dataDir);
    Path tmp = target.resolveSibling(FILE + ".tmp");
    Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  String toJson() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("startedAt", startedAt.toString());
      g.writeArrayFieldStart("nodes");
      for (Node n : nodes) {
        g.writeStartObject();
        g.writeStringField("name", n.name());
        g.writeStringField("role", n.role());
        g.writeNumberField("pid", n.pid());
        g.writeStringField("http", n.http());
        g.writeStringField("management", n.management());
        g.writeStringField("startedAt", n.startedAt().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (database.isPresent()) {
        g.writeObjectFieldStart("database");
        g.writeStringField("host", database.get().host());
        g.writeNumberField("port", database.get().port());
        g.writeNumberField("pid", database.get().pid());
        g.writeEndObject();
      }
      if (external.isPresent()) {
        g.writeObjectFieldStart("externalDatabase");
        g.writeStringField("url", external.get().url());
        if (external.get().passwordFile().isPresent()) {
          g.writeStringField("passwordFile", external.get().passwordFile().get());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toString();
  }

  /** The record in {@code dataDir}, empty when there is none (no mesh was started there, or it was stopped). */
  public static Optional<MeshRecord> read(Path dataDir) throws IOException {
    Path f = file(dataDir);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(parse(Files.readString(f, StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  static MeshRecord parse(String json) throws IOException {
    try {
      Map<String, Object> root = JsonTree.object(json);
      List<Node> nodes = new ArrayList<>();
      for (Object o : (List<Object>) root.getOrDefault("nodes", List.of())) {
        Map<String, Object> n = (Map<String, Object>) o;
        nodes.add(new Node((String) n.get("name"), (String) n.get("role"), ((Number) n.get("pid")).longValue(),
            (String) n.getOrDefault("http", ""), (String) n.get("management"),
            Instant.parse((String) n.get("startedAt"))));
      }
      Map<String, Object> db = (Map<String, Object>) root.get("database");
      return new MeshRecord(Instant.parse((String) root.get("startedAt")), nodes, Optional.ofNullable(db)
          .map(d -> new Database((String) d.getOrDefault("host", "127.0.0.1"), ((Number) d.get("port")).intValue(),
              ((Number) d.get("pid")).longValue())),
          Optional.ofNullable((Map<String, Object>) root.get("externalDatabase"))
              .map(e -> new External((String) Objects.requireNonNull(e.get("url")),
                  Optional.ofNullable((String) e.get("passwordFile")))));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IOException("mesh.json is not as the starter writes it: " + e, e);
    }
  }
}
