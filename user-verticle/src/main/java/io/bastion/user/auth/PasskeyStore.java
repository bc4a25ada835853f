package io.bastion.user.auth;

import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.webauthn4j.Authenticator;
import io.vertx.ext.auth.webauthn4j.CredentialStorage;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The passkeys table as vertx-auth-webauthn4j sees it. The library's user name is the account's email: the
 * registration ceremony sets it from the signed-in caller (never from the request), and a login finds the
 * credential by id alone and gets the email of the account that owns it.
 */
final class PasskeyStore implements CredentialStorage {

  private final Pool pool;

  PasskeyStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<Authenticator>> find(String email, String credId) {
    return pool.preparedQuery(Sql.FIND_PASSKEYS).execute(Tuple.of(email, credId))
        .map(rows -> {
          List<Authenticator> found = new ArrayList<>();
          rows.forEach(row -> found.add(new Authenticator((JsonObject) row.getJson("authenticator"))
              .setUsername(row.getString("email"))));
          return found;
        });
  }

  /** A credential id already stored (on this or any account) is refused, as the library's contract asks. */
  @Override
  public Future<Void> storeCredential(Authenticator authenticator) {
    return pool.preparedQuery(Sql.INSERT_PASSKEY)
        .execute(Tuple.of(authenticator.getCredID(), authenticator.toJson(), authenticator.getUsername()))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture("credential already registered, or no such account"));
  }

  @Override
  public Future<Void> updateCounter(Authenticator authenticator) {
    return pool.preparedQuery(Sql.PASSKEY_USED).execute(Tuple.of(authenticator.getCredID(), authenticator.toJson()))
        .mapEmpty();
  }
}
