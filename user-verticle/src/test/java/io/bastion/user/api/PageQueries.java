package io.bastion.user.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The GraphQL documents the page sends, read from webroot/js: every {@code gql(...)} call's first argument, with
 * the {@code ${NAME}} of a template literal replaced by the module constant of that name (a number, or a string of
 * fields such as REPORT_FIELDS). So the tests follow the page when it changes.
 */
final class PageQueries {

  private static final Pattern CALL = Pattern.compile("gql\\(\\s*(?:`([^`]*)`|'([^']*)')");
  private static final Pattern CONSTANT =
      Pattern.compile("const\\s+([A-Z_][A-Z0-9_]*)\\s*=\\s*(?:`([^`]*)`|'([^']*)'|(\\d+))\\s*;");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

  private PageQueries() {
  }

  /** Each document by where it was found (file:line). */
  static Map<String, String> read(Path webroot) {
    Map<String, String> sources = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(webroot.resolve("js"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
        sources.put(f.getFileName().toString(), Files.readString(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> constants = new HashMap<>();
    sources.values().forEach(text -> {
      Matcher m = CONSTANT.matcher(text);
      while (m.find()) {
        String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
        constants.put(m.group(1), value);
      }
    });
    Map<String, String> documents = new LinkedHashMap<>();
    sources.forEach((file, text) -> {
      Matcher m = CALL.matcher(text);
      while (m.find()) {
        String raw = m.group(1) != null ? m.group(1) : m.group(2);
        int line = text.substring(0, m.start()).split("\n", -1).length;
        documents.put(file + ":" + line, substitute(raw, constants, file + ":" + line));
      }
    });
    return documents;
  }

  private static String substitute(String raw, Map<String, String> constants, String where) {
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = constants.get(m.group(1));
      if (value == null) {
        throw new AssertionError(where + ": no constant " + m.group(1) + " in webroot/js");
      }
      // a constant may itself name one (SESSION_FIELDS holds ${ACCOUNT_FIELDS})
      m.appendReplacement(out, Matcher.quoteReplacement(substitute(value, constants, where)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The variables a document declares: name to type (ID!, Int, String...). */
  static Map<String, String> variables(String document) {
    Map<String, String> vars = new LinkedHashMap<>();
    int open = document.indexOf('(');
    int brace = document.indexOf('{');
    if (open < 0 || open > brace) {
      return vars;
    }
    Matcher m = Pattern.compile("\\$(\\w+)\\s*:\\s*([\\w!\\[\\]]+)").matcher(document.substring(open,
        document.indexOf(')', open)));
    while (m.find()) {
      vars.put(m.group(1), m.group(2));
    }
    return vars;
  }

  static List<String> mutationsFirstLast(Map<String, String> documents) {
    List<String> list = new ArrayList<>(documents.keySet());
    list.sort((a, b) -> Boolean.compare(isMutation(documents.get(a)), isMutation(documents.get(b))));
    return list;
  }

  static boolean isMutation(String document) {
    return document.strip().startsWith("mutation");
  }
}
