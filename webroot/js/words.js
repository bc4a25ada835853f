// The words of a live report. The bridge pushes a report's facts only (question ids, answers, scores): the words are
// joined here from the catalogue the page loaded for the assessment, as the server's ReportText does for GraphQL
// (question text, answer label, recommendation and references of each finding and quick win; the text of each
// changed question). The words are catalogue text: report.js shows them with textContent, never as HTML.

/** The label of the answer "na" where a question allows it (ReportText.NOT_APPLICABLE). */
const NOT_APPLICABLE = 'Not applicable';

function answerLabel(question, value) {
  if (value === null || value === undefined) return null;
  if (value === 'na') return NOT_APPLICABLE;
  const choice = (question.choices || []).find((c) => c.value === value);
  return choice ? choice.label : value;
}

function finding(f, questions) {
  const q = questions.get(f.questionId);
  if (!q) return {...f, text: f.questionId, recommendation: '', references: []};
  return {
    ...f,
    text: q.text,
    recommendation: q.recommendation ? q.recommendation.text : '',
    answerLabel: answerLabel(q, f.answer),
    references: (q.references || []).map((r) => ({framework: r.framework, id: r.id})),
  };
}

function change(c, questions) {
  const q = questions.get(c.questionId);
  return {...c, text: q ? q.text : c.questionId};
}

/**
 * The report with its words, or null when the catalogue is not the one the report was computed with (the caller then
 * reads the report through GraphQL, which has every version's words).
 * @param report    a report as the bridge pushes it (facts only)
 * @param catalogue the assessment's catalogue as loaded with CATALOGUE_FIELDS ({id, version, questions})
 */
export function withWords(report, catalogue) {
  if (!catalogue || report.catalogueId !== catalogue.id || report.catalogueVersion !== catalogue.version) return null;
  const questions = new Map(catalogue.questions.map((q) => [q.id, q]));
  const out = {
    ...report,
    findings: (report.findings || []).map((f) => finding(f, questions)),
    quickWins: (report.quickWins || []).map((f) => finding(f, questions)),
  };
  if (report.delta) {
    out.delta = {
      ...report.delta,
      improved: (report.delta.improved || []).map((c) => change(c, questions)),
      regressed: (report.delta.regressed || []).map((c) => change(c, questions)),
    };
  }
  return out;
}
