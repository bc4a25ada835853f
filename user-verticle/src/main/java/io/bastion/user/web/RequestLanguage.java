package io.bastion.user.web;

import io.bastion.catalogue.Language;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The language a request asks for: its {@code lang} query parameter when it names one we speak (a download link
 * carries the page's choice, which the browser's own Accept-Language may not), else the best of its
 * {@code Accept-Language} (the page sends its current language there), else English. A preference, never an error.
 */
public final class RequestLanguage {

  public static final String PARAM = "lang";

  private RequestLanguage() {
  }

  public static Language of(RoutingContext rc) {
    String param = rc.request().getParam(PARAM);
    return Language.parse(param).orElseGet(() -> of(rc.request().headers()));
  }

  /** From headers alone (a WebSocket's upgrade request). */
  public static Language of(MultiMap headers) {
    return Language.fromAcceptLanguage(headers == null ? null : headers.get("Accept-Language"));
  }
}
