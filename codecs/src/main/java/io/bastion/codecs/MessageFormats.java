package io.bastion.codecs;

import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Impact;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary bodies of the two contract messages, field by field in record order (see {@link Wire}). A record
 * that changes shape changes these and {@link Codecs#CONTRACT_VERSION}; CodecsTest checks every field survives.
 */
final class MessageFormats {

  private static final Effort[] EFFORTS = Effort.values();
  private static final Impact[] IMPACTS = Impact.values();
  private static final AnswerState[] STATES = AnswerState.values();

  private MessageFormats() {
  }

  /** How one record type is written and read. */
  interface Format<T> {
    void write(Wire.Writer out, T value);

    T read(Wire.Reader in);
  }

  static final Format<AnswerEvent> ANSWER_EVENT = new Format<>() {
    @Override
    public void write(Wire.Writer out, AnswerEvent e) {
      out.uuid(e.eventId()).uuid(e.accountId()).uuid(e.assessmentId()).longValue(e.version()).constant(e.state())
          .string(e.questionId()).instant(e.createdAt()).instant(e.updatedAt()).string(e.catalogueId())
          .string(e.catalogueVersion());
      answers(out, e.answers());
      out.bool(e.previous() != null);
      if (e.previous() != null) {
        out.longValue(e.previous().version());
        answers(out, e.previous().answers());
      }
    }

    @Override
    public AnswerEvent read(Wire.Reader in) {
      return new AnswerEvent(in.uuid(), in.uuid(), in.uuid(), in.longValue(), in.constant(STATES), in.string(),
          in.instant(), in.instant(), in.string(), in.string(), answers(in),
          in.bool() ? new Baseline(in.longValue(), answers(in)) : null);
    }
  };

  static final Format<ReportEvent> REPORT_EVENT = new Format<>() {
    @Override
    public void write(Wire.Writer out, ReportEvent r) {
      out.uuid(r.eventId()).uuid(r.accountId()).uuid(r.assessmentId()).longValue(r.version())
          .string(r.catalogueId()).string(r.catalogueVersion()).string(r.formulaVersion()).doubleValue(r.score())
          .intValue(r.tier()).string(r.tierName()).bool(r.complete()).intValue(r.answered())
          .intValue(r.applicable()).doubleValue(r.answeredShare());
      out.intValue(r.functions().size());
      for (FunctionScore f : r.functions()) {
        out.string(f.function()).string(f.name()).nullableDouble(f.score()).doubleValue(f.weight())
            .intValue(f.applicable()).intValue(f.answered());
      }
      findings(out, r.findings());
      findings(out, r.quickWins());
      delta(out, r.delta());
      out.string(r.scoredBy()).instant(r.computedAt());
      out.intValue(r.categories().size());
      for (CategoryScore c : r.categories()) {
        out.string(c.category()).string(c.function()).string(c.title()).nullableDouble(c.score())
            .intValue(c.applicable()).intValue(c.answered());
      }
    }

    @Override
    public ReportEvent read(Wire.Reader in) {
      return new ReportEvent(in.uuid(), in.uuid(), in.uuid(), in.longValue(), in.string(), in.string(), in.string(),
          in.doubleValue(), in.intValue(), in.string(), in.bool(), in.intValue(), in.intValue(), in.doubleValue(),
          functions(in), findings(in), findings(in), delta(in), in.string(), in.instant(), categories(in));
    }
  };

  private static List<CategoryScore> categories(Wire.Reader in) {
    int n = in.count();
    List<CategoryScore> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new CategoryScore(in.string(), in.string(), in.string(), in.nullableDouble(), in.intValue(),
          in.intValue()));
    }
    return list;
  }

  private static void answers(Wire.Writer out, List<AnswerEntry> answers) {
    out.intValue(answers.size());
    for (AnswerEntry a : answers) {
      out.string(a.questionId()).string(a.value());
    }
  }

  private static List<AnswerEntry> answers(Wire.Reader in) {
    int n = in.count();
    List<AnswerEntry> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new AnswerEntry(in.string(), in.string()));
    }
    return list;
  }

  private static List<FunctionScore> functions(Wire.Reader in) {
    int n = in.count();
    List<FunctionScore> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new FunctionScore(in.string(), in.string(), in.nullableDouble(), in.doubleValue(), in.intValue(),
          in.intValue()));
    }
    return list;
  }

  private static void findings(Wire.Writer out, List<Finding> findings) {
    out.intValue(findings.size());
    for (Finding f : findings) {
      out.intValue(f.rank()).string(f.questionId()).string(f.function()).string(f.answer()).doubleValue(f.score())
          .doubleValue(f.weight()).doubleValue(f.priority()).constant(f.effort()).constant(f.impact());
    }
  }

  private static List<Finding> findings(Wire.Reader in) {
    int n = in.count();
    List<Finding> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new Finding(in.intValue(), in.string(), in.string(), in.string(), in.doubleValue(), in.doubleValue(),
          in.doubleValue(), in.constant(EFFORTS), in.constant(IMPACTS)));
    }
    return list;
  }

  private static void delta(Wire.Writer out, Delta d) {
    out.bool(d != null);
    if (d == null) {
      return;
    }
    out.longValue(d.previousVersion()).doubleValue(d.previousScore()).doubleValue(d.change());
    out.intValue(d.functions().size());
    for (FunctionDelta f : d.functions()) {
      out.string(f.function()).nullableDouble(f.before()).nullableDouble(f.after()).nullableDouble(f.change());
    }
    changes(out, d.improved());
    changes(out, d.regressed());
  }

  private static Delta delta(Wire.Reader in) {
    if (!in.bool()) {
      return null;
    }
    long previousVersion = in.longValue();
    double previousScore = in.doubleValue();
    double change = in.doubleValue();
    int n = in.count();
    List<FunctionDelta> functions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      functions.add(new FunctionDelta(in.string(), in.nullableDouble(), in.nullableDouble(), in.nullableDouble()));
    }
    return new Delta(previousVersion, previousScore, change, functions, changes(in), changes(in));
  }

  private static void changes(Wire.Writer out, List<QuestionChange> changes) {
    out.intValue(changes.size());
    for (QuestionChange c : changes) {
      out.string(c.questionId()).string(c.from()).string(c.to()).doubleValue(c.before()).doubleValue(c.after());
    }
  }

  private static List<QuestionChange> changes(Wire.Reader in) {
    int n = in.count();
    List<QuestionChange> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(new QuestionChange(in.string(), in.string(), in.string(), in.doubleValue(), in.doubleValue()));
    }
    return list;
  }
}
