package io.bastion.user.export;

import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Target;
import io.bastion.user.evidence.Evidence;
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

  /** The workbook's bytes (xlsx). */
  public static byte[] of(ExportData data) {
    ExportWorkbook w = new ExportWorkbook();
    try (XSSFWorkbook book = w.book) {
      ExportWords words = new ExportWords(data.catalogue());
      w.summary(data);
      w.answers(data, words);
      w.findings(data, words);
      w.history(data);
      w.plan(data, words);
      w.targets(data);
      w.evidence(data, words);
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

  private void plan(ExportData data, ExportWords words) {
    Sheet s = sheet(PLAN, "Question id", "Question", "Title", "Owner", "Due date", "Status", "Closed by answer",
        "Overdue", "Reason");
    for (ActionItem item : data.actions()) {
      row(s, item.questionId(), words.text(item.questionId()), item.title(),
          item.owner() == null ? null : item.owner().email(),
          item.dueDate() == null ? null : LocalDate.parse(item.dueDate()), status(item.status()),
          item.closedByAnswer() ? "Yes" : "No", item.overdue() ? "Yes" : "No", item.reason());
    }
    widths(s, 14, 60, 40, 28, 11, 14, 10, 8, 40);
  }

  /** Each function with a target: the target, the exported version's score and how far below the target it is. */
  private void targets(ExportData data) {
    Sheet s = sheet(TARGETS, "Function", "Target", "Current score", "Gap");
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
      row(s, t.name(), t.score(), score, score == null ? null : Math.max(0, Math.round((t.score() - score) * 10) / 10.0));
    }
    widths(s, 12, 8, 14, 8);
  }

  /** The evidence of the answers as it stands now: files (with their download path) and links, expired marked. */
  private void evidence(ExportData data, ExportWords words) {
    Sheet s = sheet(EVIDENCE, "Question id", "Question", "Kind", "Name", "Media type", "Size (bytes)", "Link or download",
        "Effective", "Expires", "Expired", "Added by", "Added at", "SHA-256");
    for (Evidence e : data.evidence()) {
      boolean file = Evidence.FILE.equals(e.kind());
      row(s, e.questionId(), words.text(e.questionId()), file ? "File" : "Link", e.name(), e.mediaType(),
          file ? (Object) e.size() : null, file ? e.downloadPath() : e.url(), e.effectiveDate(), e.expiresOn(),
          e.expired() ? "Yes" : "No", e.addedBy() == null ? null : e.addedBy().email(), e.addedAt(), e.sha256());
    }
    widths(s, 14, 60, 6, 40, 22, 10, 50, 11, 11, 8, 28, 20, 66);
  }

  private static String status(String status) {
    return switch (status) {
      case ActionItem.OPEN -> "Open";
      case ActionItem.IN_PROGRESS -> "In progress";
      case ActionItem.DONE -> "Done";
      case ActionItem.RISK_ACCEPTED -> "Risk accepted";
      default -> status;
    };
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
