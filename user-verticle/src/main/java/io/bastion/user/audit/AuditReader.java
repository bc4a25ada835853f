package io.bastion.user.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads chains of the audit log, oldest first, and verifies them. Whole chains are only ever walked a page at a
 * time (by id, never all rows in memory). Whoever calls has checked that the caller may read the chain.
 */
public final class AuditReader {

  /** Entries per page when walking a whole chain. Hashing a page takes well under a millisecond. */
  static final int PAGE = 500;

  private final Pool pool;

  public AuditReader(Pool pool) {
    this.pool = pool;
  }

  public Future<List<AuditEntry>> entries(String chain, AuditFilter f) {
    Tuple params = Tuple.tuple()
        .addString(chain)
        .addLong(f.after())
        .addUUID(f.actorId())
        .addString(f.kind() == null ? null : f.kind().name())
        .addOffsetDateTime(f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC))
        .addOffsetDateTime(f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC))
        .addInteger(f.limit());
    return pool.preparedQuery(AuditSql.PAGE).execute(params).map(AuditReader::toEntries);
  }

  /** One page of the whole chain after the entry {@code after}. */
  public Future<List<AuditEntry>> page(String chain, long after) {
    return page(pool, chain, after);
  }

  private static Future<List<AuditEntry>> page(SqlClient client, String chain, long after) {
    return client.preparedQuery(AuditSql.CHAIN).execute(Tuple.of(chain, after, PAGE)).map(AuditReader::toEntries);
  }

  /**
   * Recomputes every hash of the chain in id order: each entry's prev_hash must be the hash of the entry before it
   * ('' for the first) and its hash must follow from its fields. At the end, the chain's head must name the last
   * entry, so that removing the newest entries shows too (brokenAt is then the id the head names).
   *
   * <p>The pages and the head are read in one REPEATABLE READ, READ ONLY transaction: one snapshot, in which an
   * append (its entry and the head it moves commit together) is either wholly there or not at all. Read one by one,
   * an entry appended between the last page and the head would look like a head naming a removed entry.
   */
  public Future<AuditVerification> verify(String chain) {
    return pool.withTransaction(tx -> tx.query(AuditSql.SNAPSHOT).execute()
        .compose(v -> verifyFrom(tx, chain, new Walk(0, "", 0))));
  }

  /** Where a verification stands: the last entry checked, its hash, how many so far. */
  private record Walk(long lastId, String hash, int checked) {
  }

  private static Future<AuditVerification> verifyFrom(SqlClient tx, String chain, Walk walk) {
    return page(tx, chain, walk.lastId()).compose(entries -> {
      Walk w = walk;
      for (AuditEntry e : entries) {
        int checked = w.checked() + 1;
        if (!e.prevHash().equals(w.hash()) || !AuditHash.of(w.hash(), e).equals(e.hash())) {
          return Future.succeededFuture(AuditVerification.brokenAt(e.id(), checked));
        }
        w = new Walk(e.id(), e.hash(), checked);
      }
      if (entries.size() == PAGE) {
        return verifyFrom(tx, chain, w);
      }
      return checkHead(tx, chain, w);
    });
  }

  private static Future<AuditVerification> checkHead(SqlClient tx, String chain, Walk w) {
    return tx.preparedQuery(AuditSql.HEAD).execute(Tuple.of(chain)).map(rows -> {
      Row head = rows.size() == 0 ? null : rows.iterator().next();
      if (head == null) {
        return w.checked() == 0 ? AuditVerification.intact(0) : AuditVerification.brokenAt(w.lastId(), w.checked());
      }
      long lastId = head.getLong("last_id");
      if (lastId != w.lastId() || !head.getString("hash").equals(w.hash())) {
        return AuditVerification.brokenAt(Math.max(lastId, w.lastId()), w.checked());
      }
      return AuditVerification.intact(w.checked());
    });
  }

  /** Walks the whole chain a page at a time, handing each page on before the next is read. */
  public Future<Void> each(String chain, Function<List<AuditEntry>, Future<Void>> pageHandler) {
    return eachFrom(chain, 0, pageHandler);
  }

  private Future<Void> eachFrom(String chain, long after, Function<List<AuditEntry>, Future<Void>> handler) {
    return page(chain, after).compose(entries -> {
      if (entries.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<Void> handled = handler.apply(entries);
      return entries.size() < PAGE ? handled
          : handled.compose(v -> eachFrom(chain, entries.get(entries.size() - 1).id(), handler));
    });
  }

  private static List<AuditEntry> toEntries(io.vertx.sqlclient.RowSet<Row> rows) {
    List<AuditEntry> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(AuditEntry.from(r)));
    return list;
  }
}
