package io.bastion.user.evidence;

import io.bastion.user.error.HttpRefusal;
import io.bastion.user.assessment.Actor;
import io.bastion.user.assessment.Assessment;
import io.bastion.user.auth.Caller;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.web.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /evidence/{assessmentId}/{questionId}, multipart/form-data with one {@code file}, {@code effectiveDate}
 * (YYYY-MM-DD, required) and {@code expiresOn} (optional, after it). The web server has authenticated the caller
 * (as for GraphQL: the session cookie only from a trusted origin) and the body handler has put the file in the
 * node's upload folder (deleted when the request ends; a body over the limit is 413 before this). Order of checks:
 * 401, 400 (form, dates), 404 (outsider, unknown question), 403 (VIEWER), 413 (file over the limit), 415 (type by
 * content), 409 (the assessment is full); 201 with the item as JSON.
 */
public final class EvidenceUpload implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(EvidenceUpload.class);

  private final Evidences evidences;
  private final long maxFileBytes;

  public EvidenceUpload(Evidences evidences, long maxFileBytes) {
    this.evidences = evidences;
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * The upload route's body handler: files go to {@code <data dir>/evidence-uploads} and are deleted when the request
   * ends; a body larger than the file limit and room for the form's other parts is 413 before this handler.
   */
  public static BodyHandler bodyHandler(Path dataDir, long maxFileBytes) {
    return BodyHandler.create(dataDir.resolve("evidence-uploads").toAbsolutePath().toString())
        .setBodyLimit(maxFileBytes + 64 * 1024)
        .setHandleFileUploads(true)
        .setDeleteUploadedFilesOnEnd(true);
  }

  /**
   * Deletes what a stopped node left in the upload folder (a request that never ended); at start, before uploads.
   * Never fails the start: a file that cannot be deleted is left, and logged.
   */
  public static Future<Void> cleanLeftovers(Vertx vertx, Path dataDir) {
    String dir = dataDir.resolve("evidence-uploads").toAbsolutePath().toString();
    FileSystem fs = vertx.fileSystem();
    return fs.exists(dir)
        .compose(exists -> exists ? fs.readDir(dir) : Future.succeededFuture(List.<String>of()))
        .compose(files -> Future.join(files.stream().map(f -> fs.delete(f)).toList()).<Void>mapEmpty())
        .otherwise(e -> {
          LOG.warn("evidence uploads left in {} not all deleted: {}", dir, e.toString());
          return null;
        });
  }

  @Override
  public void handle(RoutingContext rc) {
    Actor actor;
    FileUpload file;
    LocalDate effective;
    LocalDate expires;
    try {
      Caller c = rc.get(Caller.ROUTING_CONTEXT_KEY);
      Caller.Authenticated caller = (c == null ? Caller.ANONYMOUS : c).require();
      actor = new Actor(caller.accountId(), caller.account().email(), RequestFacts.clientAddress(rc));
      file = file(rc.fileUploads());
      effective = Evidences.date(rc.request().getFormAttribute("effectiveDate"), "effectiveDate", true);
      expires = Evidences.expiry(effective, rc.request().getFormAttribute("expiresOn"));
    } catch (RuntimeException e) {
      HttpRefusal.send(rc, e);
      return;
    }
    String questionId = rc.pathParam("questionId");
    evidences.writable(actor, rc.pathParam("assessmentId"), questionId)
        .compose(a -> checked(rc, file).compose(upload -> evidences.addFile(actor, a, questionId, upload, effective,
            expires)))
        .onSuccess(item -> rc.response().setStatusCode(201)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(item.toJson().encode()))
        .onFailure(e -> HttpRefusal.send(rc, e));
  }

  private static FileUpload file(List<FileUpload> uploads) {
    List<FileUpload> files = uploads.stream().filter(f -> f.name().equals("file")).toList();
    if (files.size() != 1 || uploads.size() != 1) {
      throw ApiException.invalid(Reason.UPLOAD_FORM, "send multipart/form-data with one part named file, and effectiveDate "
          + "(YYYY-MM-DD) and optionally expiresOn");
    }
    return files.get(0);
  }

  /** The file read, its size, type and hash checked on a worker thread: the type from its content only. */
  private Future<Evidences.Upload> checked(RoutingContext rc, FileUpload file) {
    if (file.size() > maxFileBytes) {
      return Future.failedFuture(tooLarge());
    }
    String name;
    try {
      name = Evidences.name(file.fileName());
    } catch (ApiException e) {
      name = "evidence";
    }
    String cleanName = name;
    return rc.vertx().executeBlocking(() -> {
      Path path = Path.of(file.uploadedFileName());
      byte[] bytes = Files.readAllBytes(path);
      if (bytes.length > maxFileBytes) {
        throw tooLarge();
      }
      String type = EvidenceType.detect(bytes, path).orElseThrow(() -> new HttpRefusal(415,
          "UNSUPPORTED_MEDIA_TYPE", "this kind of file is not accepted as evidence: PDF, PNG, JPEG, GIF, WebP, "
          + "plain text (UTF-8), Word, Excel or PowerPoint (OOXML) and OpenDocument files are (checked by content)"));
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return new Evidences.Upload(cleanName, type, Buffer.buffer(bytes), sha256);
    }, false);
  }

  private HttpRefusal tooLarge() {
    return new HttpRefusal(413, "TOO_LARGE", "a file of evidence is at most " + maxFileBytes + " bytes");
  }
}
