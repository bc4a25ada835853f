package io.bastion.user.export;

import io.bastion.catalogue.Language;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Target;
import io.bastion.user.evidence.Evidence;
import io.bastion.user.report.Words;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * One report version as an Excel workbook: Summary, Answers (with comments and who answered), Findings, Score
 * history, and the action plan, the targets and the evidence as they stand now (Action plan, Targets: each
 * function's target against its score in the exported version; Evidence). CPU work: run it off the event loop. Text cells are always string cells, never formulas; text that a
 * spreadsheet would take for a formula when typed or pasted (starting with = + - @, or a tab or carriage return) is
 * also marked quote-prefixed, so that editing the cell does not turn it into one either.
 */
public final class ExportWorkbook {

  /** The sheets' English names (in other languages: {@link #sheetName}). */
  public static final String SUMMARY = "Summary";
  public static final String ANSWERS = "Answers";
  public static final String FINDINGS = "Findings";
  public static final String HISTORY = "Score history";
  public static final String PLAN = "Action plan";
  public static final String TARGETS = "Targets";
  public static final String EVIDENCE = "Evidence";
  /** Excel's limit for the text of one cell. */
  static final int MAX_CELL_TEXT = 32_767;

  private final XSSFWorkbook book = new XSSFWorkbook();
  private final CellStyle header;
  private final CellStyle time;
  private final CellStyle day;
  private final CellStyle quoted;
  private final CellStyle wrapped;

  private ExportWorkbook() {
    Font bold = book.createFont();
    bold.setBold(true);
    header = book.createCellStyle();
    header.setFont(bold);
    time = book.createCellStyle();
    time.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
    day = book.createCellStyle();
    day.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
    quoted = book.createCellStyle();
    quoted.setQuotePrefixed(true);
    wrapped = book.createCellStyle();
    wrapped.setWrapText(true);
  }

  /** The workbook's bytes (xlsx), in English. */
  public static byte[] of(ExportData data) {
    return of(data, Language.DEFAULT);
  }

  /**
   * The workbook's bytes (xlsx) in {@code language}: sheet names, headers and Bastion's words from {@link Words},
   * the catalogue's texts from {@code data.catalogue()} (read in that language); numbers and times stay typed cells.
   */
  public static byte[] of(ExportData data, Language language) {
    ExportWorkbook w = new ExportWorkbook();
    try (XSSFWorkbook book = w.book) {
      ExportWords words = new ExportWords(data.catalogue(), language);
      w.summary(data, words);
      w.answers(data, words);
      w.findings(data, words);
      w.history(data, words);
      w.plan(data, words);
      w.targets(data, words);
      w.evidence(data, words);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of a sheet ({@code summary}, {@code answers}...) in a language. */
  public static String sheetName(String sheet, Language language) {
    return Words.of(language).get("xlsx.sheet." + sheet);
  }

  private Sheet sheet(ExportWords words, String sheet) {
    Words fixed = words.fixed();
    return sheet(fixed.get("xlsx.sheet." + sheet), fixed.list("xlsx." + sheet + ".headers").toArray(String[]::new));
  }

  private void summary(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "summary");
    JsonObject r = data.report();
    Object[] values = {
        data.title(),
        data.assessmentId().toString(),
        data.catalogueId() + " " + data.catalogueVersion(),
        data.version(),
        data.reportedAt(),
        r.getValue("score"),
        r.getValue("tier"),
        words.tier(r.getValue("tier"), r.getString("tierName")),
        r.getValue("answered"),
        r.getValue("applicable"),
        words.language().code(),
    };
    List<String> labels = words.fixed().list("xlsx.summary.rows");
    for (int i = 0; i < values.length; i++) {
      row(s, labels.get(i), values[i]);
    }
    s.setColumnWidth(0, 20 * 256);
    s.setColumnWidth(1, 60 * 256);
  }

  private void answers(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "answers");
    for (ExportData.Answer a : words.inCatalogueOrder(data.answers())) {
      row(s, a.questionId(), words.function(words.functionOf(a.questionId())), words.text(a.questionId()),
          words.answerLabel(a.questionId(), a.value()), a.comment(),
          a.answeredByEmail() == null ? words.fixed().get("word.deletedAccount") : a.answeredByEmail(), a.at(),
          a.version());
    }
    widths(s, 14, 12, 60, 30, 40, 28, 20, 9);
  }

  private void findings(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "findings");
    JsonArray findings = data.report().getJsonArray("findings", new JsonArray());
    for (int i = 0; i < findings.size(); i++) {
      JsonObject f = findings.getJsonObject(i);
      String q = f.getString("questionId");
      String answer = f.getString("answer");
      row(s, f.getValue("rank"), q, words.function(f.getString("function")), words.text(q),
          answer == null ? words.fixed().get("word.notAnswered") : words.answerLabel(q, answer), f.getValue("weight"),
          f.getValue("priority"), words.recommendation(q), f.getString("effort"), f.getString("impact"),
          String.join(", ", words.nistIds(q)));
    }
    widths(s, 7, 14, 12, 60, 30, 8, 9, 60, 10, 8, 24);
  }

  private void history(ExportData data, ExportWords words) {
    Set<String> functions = new LinkedHashSet<>();
    data.history().forEach(p -> functions.addAll(p.functions().keySet()));
    List<String> headers = new ArrayList<>(words.fixed().list("xlsx.history.headers"));
    functions.forEach(f -> headers.add(words.function(f)));
    Sheet s = sheet(words.fixed().get("xlsx.sheet.history"), headers.toArray(String[]::new));
    for (ExportData.ScorePoint p : data.history()) {
      List<Object> values = new ArrayList<>(List.of(p.version(), p.at(), p.score(), p.tier()));
      functions.forEach(f -> values.add(p.functions().get(f)));
      row(s, values.toArray());
    }
    s.setColumnWidth(1, 20 * 256);
  }

  private void plan(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "plan");
    Words fixed = words.fixed();
    for (ActionItem item : data.actions()) {
      row(s, item.questionId(), words.text(item.questionId()), item.title(),
          item.owner() == null ? null : item.owner().email(),
          item.dueDate() == null ? null : LocalDate.parse(item.dueDate()), status(item.status(), fixed),
          fixed.yesNo(item.closedByAnswer()), fixed.yesNo(item.overdue()), item.reason());
    }
    widths(s, 14, 60, 40, 28, 11, 14, 10, 8, 40);
  }

  /** Each function with a target: the target, the exported version's score and how far below the target it is. */
  private void targets(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "targets");
    Map<String, Double> scores = new HashMap<>();
    JsonArray functions = data.report().getJsonArray("functions", new JsonArray());
    for (int i = 0; i < functions.size(); i++) {
      JsonObject f = functions.getJsonObject(i);
      Number score = (Number) f.getValue("score");
      if (score != null) {
        scores.put(f.getString("function"), score.doubleValue());
      }
    }
    for (Target t : data.targets()) {
      Double score = scores.get(t.function());
      // One decimal, as targets are kept: 80 - 12.3 is 67.7, not 67.69999.
      row(s, words.function(t.function()), t.score(), score,
          score == null ? null : Math.max(0, Math.round((t.score() - score) * 10) / 10.0));
    }
    widths(s, 12, 8, 14, 8);
  }

  /** The evidence of the answers as it stands now: files (with their download path) and links, expired marked. */
  private void evidence(ExportData data, ExportWords words) {
    Sheet s = sheet(words, "evidence");
    Words fixed = words.fixed();
    for (Evidence e : data.evidence()) {
      boolean file = Evidence.FILE.equals(e.kind());
      row(s, e.questionId(), words.text(e.questionId()), fixed.get("evidence." + (file ? "FILE" : "LINK")), e.name(),
          e.mediaType(), file ? (Object) e.size() : null, file ? e.downloadPath() : e.url(), e.effectiveDate(),
          e.expiresOn(), fixed.yesNo(e.expired()), e.addedBy() == null ? null : e.addedBy().email(), e.addedAt(),
          e.sha256());
    }
    widths(s, 14, 60, 6, 40, 22, 10, 50, 11, 11, 8, 28, 20, 66);
  }

  /** The status as the team reads it (Open, In progress...); an unknown one as it is. */
  private static String status(String status, Words fixed) {
    String key = "status." + status;
    String word = fixed.get(key);
    return word.equals(key) ? status : word;
  }

  private Sheet sheet(String name, String... headers) {
    Sheet s = book.createSheet(name);
    Row row = s.createRow(0);
    for (int i = 0; i < headers.length; i++) {
      Cell c = row.createCell(i);
      c.setCellValue(headers[i]);
      c.setCellStyle(header);
    }
    s.createFreezePane(0, 1);
    return s;
  }

  private void row(Sheet s, Object... values) {
    Row row = s.createRow(s.getLastRowNum() + 1);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      Cell c = row.createCell(i);
      if (v instanceof Number n) {
        c.setCellValue(n.doubleValue());
      } else if (v instanceof LocalDate d) {
        c.setCellValue(d);
        c.setCellStyle(day);
      } else if (v instanceof Instant t) {
        c.setCellValue(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        c.setCellStyle(time);
      } else {
        text(c, v.toString());
      }
    }
  }

  /** Always a string cell (setCellValue(String) never makes a formula); quote-prefixed where it looks like one. */
  private void text(Cell c, String text) {
    String value = text.length() > MAX_CELL_TEXT ? text.substring(0, MAX_CELL_TEXT) : text;
    c.setCellValue(value);
    if (looksLikeFormula(value)) {
      c.setCellStyle(quoted);
    } else if (value.indexOf('\n') >= 0) {
      c.setCellStyle(wrapped);
    }
  }

  static boolean looksLikeFormula(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
  }

  private static void widths(Sheet s, int... chars) {
    for (int i = 0; i < chars.length; i++) {
      s.setColumnWidth(i, chars[i] * 256);
    }
  }
}
