// The words of a live report. The bridge pushes a report's facts only (question ids, answers, scores): the words are
// joined here from the catalogue the page loaded for the assessment, as the server's ReportText does for GraphQL
// (question text, answer label, recommendation and references of each finding and quick win; the text and answer
// labels of each changed question). The catalogue's words come from the API in the page's language; the page's own
// words (yes / partly / no, not applicable) come from its bundles, looked up when the report is drawn. The words are
// shown with textContent, never as HTML.
import {t} from './i18n.js';

/** The answers of a yes/no question: the page names them itself (the questionnaire shows the same words). */
const YES_NO = ['yes', 'partial', 'no'];

/**
 * An answer in the page's language: unanswered, not applicable and yes/partly/no from the bundles (the API's labels
 * of these are not catalogue text), any other value by its catalogue label (a level, an option), else the value.
 */
export function answerWord(value, label) {
  if (value === null || value === undefined || value === '') return t('answer.unanswered');
  if (value === 'na') return t('answer.na');
  if (YES_NO.includes(value)) return t('questionnaire.answer.' + value);
  return label || value;
}

function answerLabel(question, value) {
  if (value === null || value === undefined) return null;
  if (value === 'na') return answerWord(value);
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
  if (!q) return {...c, text: c.questionId};
  return {...c, text: q.text, fromLabel: answerLabel(q, c.from), toLabel: answerLabel(q, c.to)};
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

/**
 * A bundle text with elements in it: params fill the text's placeholders as t() does, nodes[name] replaces
 * {name} with an element (a score in bold, a link), so a sentence stays one key in the word order of its language.
 */
export function tNodes(key, params = {}, nodes = {}) {
  return t(key, params).split(/(\{\w+\})/).filter((part) => part !== '').map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && nodes[m[1]] ? nodes[m[1]] : part;
  });
}
