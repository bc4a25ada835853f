package io.bastion.user.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * One report version as an Excel workbook: Summary, Answers (with comments and who answered), Findings and Score
 * history. CPU work: run it off the event loop. Text cells are always string cells, never formulas; text that a
 * spreadsheet would take for a formula when typed or pasted (starting with = + - @, or a tab or carriage return) is
 * also marked quote-prefixed, so that editing the cell does not turn it into one either.
 */
public final class ExportWorkbook {

  public static final String SUMMARY = "Summary";
  public static final String ANSWERS = "Answers";
  public static final String FINDINGS = "Findings";
  public static final String HISTORY = "Score history";
  /** Excel's limit for the text of one cell. */
  static final int MAX_CELL_TEXT = 32_767;

  private final XSSFWorkbook book = new XSSFWorkbook();
  private final CellStyle header;
  private final CellStyle time;
  private final CellStyle quoted;
  private final CellStyle wrapped;

  private ExportWorkbook() {
    Font bold = book.createFont();
    bold.setBold(true);
    header = book.createCellStyle();
    header.setFont(bold);
    time = book.createCellStyle();
    time.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
    quoted = book.createCellStyle();
    quoted.setQuotePrefixed(true);
    wrapped = book.createCellStyle();
    wrapped.setWrapText(true);
  }

  /** The workbook's bytes (xlsx). */
  public static byte[] of(ExportData data) {
    ExportWorkbook w = new ExportWorkbook();
    try (XSSFWorkbook book = w.book) {
      ExportWords words = new ExportWords(data.catalogue());
      w.summary(data);
      w.answers(data, words);
      w.findings(data, words);
      w.history(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void summary(ExportData data) {
    Sheet s = sheet(SUMMARY, "Item", "Value");
    JsonObject r = data.report();
    Object[][] rows = {
        {"Assessment", data.title()},
        {"Assessment id", data.assessmentId().toString()},
        {"Catalogue", data.catalogueId() + " " + data.catalogueVersion()},
        {"Version exported", data.version()},
        {"Report time (UTC)", data.reportedAt()},
        {"Overall score", r.getValue("score")},
        {"Tier", r.getValue("tier")},
        {"Tier name", r.getString("tierName")},
        {"Answered", r.getValue("answered")},
        {"Applicable", r.getValue("applicable")},
    };
    for (Object[] values : rows) {
      row(s, values);
    }
    s.setColumnWidth(0, 20 * 256);
    s.setColumnWidth(1, 60 * 256);
  }

  private void answers(ExportData data, ExportWords words) {
    Sheet s = sheet(ANSWERS, "Question id", "Function", "Question", "Answer", "Comment", "Answered by",
        "Answered at (UTC)", "Version");
    for (ExportData.Answer a : words.inCatalogueOrder(data.answers())) {
      row(s, a.questionId(), ExportWords.function(words.functionOf(a.questionId())), words.text(a.questionId()),
          words.answerLabel(a.questionId(), a.value()), a.comment(),
          a.answeredByEmail() == null ? "a deleted account" : a.answeredByEmail(), a.at(), a.version());
    }
    widths(s, 14, 12, 60, 30, 40, 28, 20, 9);
  }

  private void findings(ExportData data, ExportWords words) {
    Sheet s = sheet(FINDINGS, "Rank", "Question id", "Function", "Question", "Answer", "Weight", "Priority",
        "Recommendation", "Effort", "Impact", "NIST CSF 2.0");
    JsonArray findings = data.report().getJsonArray("findings", new JsonArray());
    for (int i = 0; i < findings.size(); i++) {
      JsonObject f = findings.getJsonObject(i);
      String q = f.getString("questionId");
      String answer = f.getString("answer");
      row(s, f.getValue("rank"), q, ExportWords.function(f.getString("function")), words.text(q),
          answer == null ? "Not answered" : words.answerLabel(q, answer), f.getValue("weight"),
          f.getValue("priority"), words.recommendation(q), f.getString("effort"), f.getString("impact"),
          String.join(", ", words.nistIds(q)));
    }
    widths(s, 7, 14, 12, 60, 30, 8, 9, 60, 10, 8, 24);
  }

  private void history(ExportData data) {
    Set<String> functions = new LinkedHashSet<>();
    data.history().forEach(p -> functions.addAll(p.functions().keySet()));
    List<String> headers = new ArrayList<>(List.of("Version", "Time (UTC)", "Overall score", "Tier"));
    functions.forEach(f -> headers.add(ExportWords.function(f)));
    Sheet s = sheet(HISTORY, headers.toArray(String[]::new));
    for (ExportData.ScorePoint p : data.history()) {
      List<Object> values = new ArrayList<>(List.of(p.version(), p.at(), p.score(), p.tier()));
      functions.forEach(f -> values.add(p.functions().get(f)));
      row(s, values.toArray());
    }
    s.setColumnWidth(1, 20 * 256);
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
