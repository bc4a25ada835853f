package io.bastion.user.export;

import io.bastion.catalogue.Language;
import io.bastion.user.auth.Caller;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.error.HttpRefusal;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.web.RequestLanguage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /export/{assessmentId}/{file}: a report version of an assessment as a download, for anyone who may read the
 * assessment (the web server has authenticated the caller as for the audit log's download). The latest report, or
 * {@code ?version=N}. 401 without a valid session, 400 for a malformed id or version, 404 for an unknown file, an
 * assessment the caller may not read or that does not exist (the same answer), or a version without a report; 503
 * with Retry-After while the database is unreachable. Errors are JSON, never a stack trace. The POA&M is the action
 * plan as it stands (with the latest report's answers) whatever the version asked for, and 404 while the plan is
 * empty (OSCAL's POA&M needs at least one item). The documents speak the request's language ({@code ?lang=}, then
 * Accept-Language, then English: {@link RequestLanguage}).
 */
public final class ExportHandler implements Handler<RoutingContext> {

  /** The files, by the name in the URL. */
  enum Format {
    OSCAL_RESULTS("oscal-assessment-results.json", "application/json", "-oscal-assessment-results.json"),
    /** The plan as it stands (not versioned): {@code ?version=} is checked like the others' and otherwise ignored. */
    OSCAL_POAM("oscal-poam.json", "application/json", "-oscal-poam.json"),
    WORKBOOK("bastion.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    private final String file;
    private final String contentType;
    private final String suffix;

    Format(String file, String contentType, String suffix) {
      this.file = file;
      this.contentType = contentType;
      this.suffix = suffix;
    }

    static Format of(String file) {
      for (Format f : values()) {
        if (f.file.equals(file)) {
          return f;
        }
      }
      return null;
    }
  }

  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);

  private final ExportReader reader;

  public ExportHandler(ExportReader reader) {
    this.reader = reader;
  }

  @Override
  public void handle(RoutingContext rc) {
    Format format = Format.of(rc.pathParam("file"));
    if (format == null) {
      refuse(rc, ApiException.notFound("export", rc.pathParam("file")));
      return;
    }
    Caller.Authenticated caller;
    UUID assessmentId;
    Long version;
    try {
      Caller c = rc.get(Caller.ROUTING_CONTEXT_KEY);
      caller = (c == null ? Caller.ANONYMOUS : c).require();
      assessmentId = assessmentId(rc.pathParam("assessmentId"));
      version = version(rc.queryParam("version"));
    } catch (ApiException e) {
      refuse(rc, e);
      return;
    }
    Language language = RequestLanguage.of(rc);
    reader.read(caller.accountId(), assessmentId, format == Format.OSCAL_POAM ? null : version, language)
        .compose(data -> render(rc, format, data, language).map(body -> new Rendered(data, body)))
        .onSuccess(r -> send(rc, format, r.data(), r.body()))
        .onFailure(e -> refuse(rc, e));
  }

  private record Rendered(ExportData data, Buffer body) {
  }

  /** The OSCAL JSON is small work (on the event loop); the workbook is CPU work for a worker thread. */
  private static Future<Buffer> render(RoutingContext rc, Format format, ExportData data, Language language) {
    return switch (format) {
      case OSCAL_RESULTS -> Future.succeededFuture(OscalResults.of(data, language).toBuffer());
      case OSCAL_POAM -> data.actions().isEmpty()
          ? Future.failedFuture(new ApiException(ErrorCode.NOT_FOUND, "assessment " + data.assessmentId()
              + " has no action plan yet"))
          : Future.succeededFuture(OscalPoam.of(data, language).toBuffer());
      case WORKBOOK -> rc.vertx().executeBlocking(() -> Buffer.buffer(ExportWorkbook.of(data, language)), false);
    };
  }

  private static void send(RoutingContext rc, Format format, ExportData data, Buffer body) {
    String name = "bastion-" + data.assessmentId() + (format == Format.OSCAL_POAM ? "" : "-v" + data.version())
        + format.suffix;
    rc.response().setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType)
        .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }

  private static UUID assessmentId(String text) {
    UUID id = AssessmentAccess.parse(text);
    if (id == null) {
      throw ApiException.invalid(Reason.MALFORMED_ID, "malformed assessment id: expected a UUID",
          java.util.Map.of("field", "assessmentId"));
    }
    return id;
  }

  /** The version asked for, null for the latest; INVALID_INPUT unless one positive whole number. */
  private static Long version(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1 || !VERSION.matcher(values.get(0)).matches()) {
      throw ApiException.invalid(Reason.VERSION_FORMAT, "version must be one positive whole number");
    }
    return Long.parseLong(values.get(0));
  }

  private static void refuse(RoutingContext rc, Throwable e) {
    HttpRefusal.send(rc, e, LOG);
  }

}
