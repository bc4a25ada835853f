// The questionnaire: questions grouped by CSF function (and by category when the catalogue has them, collapsible,
// with a button to the next unanswered question), each answer saved as soon as it is given,
// with a visible saving / saved / failed state and a retry. Which questions are shown (a question with a condition
// appears only while the condition holds) is decided by the server: it comes with the assessment and with each
// saved answer; the page does not evaluate conditions itself.
// Teams: each answer shows who gave it; a save carries the version of the answer the page showed (expectedVersion),
// so a teammate's change in between comes back as a conflict that the user settles (keep theirs or overwrite);
// teammates' answers arrive live and are shown in place; a viewer sees everything read-only.
// The page's own words come from the bundles when drawn (a switch of language opens the view anew); the catalogue's
// words (questions, options, help, categories) come from the API in the page's language.
import {h, clear, formatDate} from './dom.js';
import {t, errorText} from './i18n.js';
import {answerWord, tNodes} from './words.js';

const FUNCTION_ORDER = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'];
/** The states of an answer's save, each with its words (questionnaire.state.X). */
const SAVE_STATES = ['saving', 'saved', 'pending', 'failed', 'hint', 'conflict'];

export class Questionnaire {
  /**
   * @param root       element to render into
   * @param catalogue  the assessment's catalogue (questions with their choices)
   * @param answers    Map questionId -> {value, comment}
   * @param visible    ids of the questions shown with these answers, from the server
   * @param version    the assessment version those answers are
   * @param save       async (questionId, value, comment, expectedVersion) => saved answer
   *                   {value, comment, version, answeredBy, updatedAt, visibleQuestionIds}; CONFLICT carries
   *                   extensions.current (the answer that stands)
   * @param onChange   called after any local change (for the progress bar)
   * @param onUnavailable called when a save meets UNAVAILABLE: the answer waits on the page (pending) until
   *                   {@link #savePending} runs, once the service is back
   * @param readOnly   a viewer's page: every input disabled
   * @param loadHistory async (questionId) => the answer's changes [{value, comment, version, answeredBy, at}]
   * @param onTheirs   called after a teammate's answer was taken into the page (the questions shown may change)
   * @param extra      (questionId) => an element shown under the question's comment (its evidence), or null
   */
  constructor(root, {catalogue, answers, visible, version, save, onChange, onUnavailable, readOnly, loadHistory,
    onTheirs, extra}) {
    this.root = root;
    this.extra = extra || (() => null);
    this.readOnly = !!readOnly;
    this.loadHistory = loadHistory || (async () => []);
    this.onTheirs = onTheirs || (() => {});
    this.catalogue = catalogue;
    this.answers = answers;
    this.shown = new Set(visible);
    this.shownVersion = version;
    this.save = save;
    this.onChange = onChange;
    this.onUnavailable = onUnavailable || (() => {});
    this.blocks = new Map();
    this.pending = new Map(); // questionId -> {value, comment} wanted but not yet saved
    this.inFlight = new Set();
  }

  render() {
    clear(this.root);
    const groups = FUNCTION_ORDER
      .map((code) => ({code, questions: this.catalogue.questions.filter((q) => q.function === code)}))
      .filter((g) => g.questions.length);
    // A long questionnaire (CSF 2.0: 106 questions): a way to the next question still open.
    this.nextButton = h('button', {type: 'button', id: 'next-unanswered', class: 'no-print',
      onclick: () => this.nextUnanswered()}, t('questionnaire.next'));
    this.root.appendChild(h('div', {class: 'questionnaire-tools'}, this.nextButton));
    const categories = this.catalogue.categories || [];
    for (const group of groups) {
      const name = t('function.' + group.code);
      const count = h('span', {class: 'group-count muted'});
      const inCategories = categories.filter((c) => c.function === group.code)
        .map((c) => this.category(c, group.questions.filter((q) => q.category === c.id)))
        .filter(Boolean);
      const loose = group.questions.filter((q) => !q.category || !categories.some((c) => c.id === q.category));
      const section = h('section', {class: 'group', 'aria-labelledby': 'group-' + group.code},
        h('h2', {id: 'group-' + group.code}, `${name} `, h('span', {class: 'code'}, `(${group.code})`), ' ', count),
        inCategories, loose.map((q) => this.question(q)));
      section.countEl = count;
      section.code = group.code;
      this.root.appendChild(section);
    }
    this.refresh();
  }

  /** A category of a function: collapsible, with its own count; null when none of its questions is here. */
  category(c, questions) {
    if (!questions.length) return null;
    const count = h('span', {class: 'category-count muted'});
    const details = h('details', {class: 'category', open: true, id: 'category-' + c.id, dataset: {category: c.id}},
      h('summary', {}, h('span', {class: 'category-title'}, c.title), ' ', h('span', {class: 'code'}, `(${c.id})`),
        ' ', count),
      questions.map((q) => this.question(q)));
    details.countEl = count;
    details.questionIds = questions.map((q) => q.id);
    return details;
  }

  /** The first shown question without an answer, in the catalogue's order: opened, scrolled to, focused. */
  nextUnanswered() {
    const q = this.catalogue.questions.find((x) => this.visible(x) && !(this.answers.get(x.id) || {}).value);
    if (!q) return;
    const block = this.blocks.get(q.id).block;
    const category = block.closest('details.category');
    if (category) category.open = true;
    block.scrollIntoView({block: 'center'});
    const first = block.querySelector('input[type=radio]');
    if (first) first.focus({preventScroll: true});
  }

  question(q) {
    const id = q.id;
    const current = this.answers.get(id);
    const name = 'q-' + id;
    const options = q.choices.map((c) => ({value: c.value, label: this.label(q, c)}));
    if (q.allowNa) options.push({value: 'na', label: t('answer.na')});

    const state = h('p', {class: 'save-state', 'aria-live': 'polite'});
    const retry = h('button', {type: 'button', class: 'retry link', hidden: true,
      onclick: () => this.flush(id)}, t('questionnaire.retry'));
    const help = q.help ? h('p', {class: 'help', id: 'help-' + id, hidden: true}, q.help) : null;
    const helpToggle = q.help ? h('button', {
      type: 'button', class: 'help-toggle link', 'aria-expanded': 'false', 'aria-controls': 'help-' + id,
      onclick: (e) => {
        const open = e.currentTarget.getAttribute('aria-expanded') !== 'true';
        e.currentTarget.setAttribute('aria-expanded', String(open));
        help.hidden = !open;
      }}, t('questionnaire.help')) : null;

    const radios = options.map((o) => {
      const input = h('input', {type: 'radio', name, value: o.value, id: `${name}-${o.value}`,
        checked: current && current.value === o.value, disabled: this.readOnly,
        onchange: () => this.choose(id, o.value)});
      return h('label', {class: 'option', for: `${name}-${o.value}`}, input, h('span', {}, o.label));
    });

    const commentId = 'comment-' + id;
    const comment = h('textarea', {id: commentId, rows: 2, maxlength: 4000, disabled: this.readOnly,
      onchange: (e) => this.comment(id, e.target.value)});
    comment.value = current && current.comment ? current.comment : '';
    const commentBox = h('details', {class: 'comment', open: !!(current && current.comment)},
      h('summary', {}, t('questionnaire.comment')),
      h('label', {for: commentId}, t('questionnaire.comment.label')), comment);

    const refs = q.references.map((r) => `${r.framework === 'CIS-8' ? 'CIS' : 'CSF'} ${r.id}`).join(' · ');
    const answeredBy = h('p', {class: 'answered-by muted small'});
    const conflict = h('div', {class: 'conflict', role: 'alert', hidden: true});
    const history = h('ol', {class: 'answer-history small', id: 'history-' + id, hidden: true});
    const historyToggle = h('button', {type: 'button', class: 'history-toggle link', 'aria-expanded': 'false',
      'aria-controls': 'history-' + id, onclick: (e) => this.toggleHistory(q, e.currentTarget, history)},
    t('questionnaire.history'));
    const block = h('fieldset', {class: 'question', id: 'q-' + id, dataset: {qid: id}},
      h('legend', {}, h('span', {class: 'q-text'}, q.text)),
      h('div', {class: 'q-tools'}, helpToggle, historyToggle, h('span', {class: 'refs muted'}, refs)),
      help,
      h('div', {class: 'options', role: 'radiogroup', 'aria-label': q.text}, radios),
      commentBox,
      this.extra(id),
      answeredBy,
      conflict,
      history,
      h('div', {class: 'save-row'}, state, retry));
    this.blocks.set(id, {block, state, retry, comment, answeredBy, conflict, question: q});
    this.showAnsweredBy(id);
    if (current) this.setState(id, 'saved');
    return block;
  }

  /** The label of an answer value as this question shows it. */
  valueLabel(q, value) {
    if (value === 'na') return answerWord(value);
    const choice = q.choices.find((c) => c.value === value);
    return choice ? this.label(q, choice) : value;
  }

  showAnsweredBy(id) {
    const b = this.blocks.get(id);
    const a = this.answers.get(id);
    if (!b) return;
    if (!a || !a.version) {
      b.answeredBy.textContent = '';
      return;
    }
    const who = a.answeredBy ? a.answeredBy.email : t('questionnaire.deletedAccount');
    const when = a.updatedAt || a.at;
    b.answeredBy.textContent = when ? t('questionnaire.answeredByAt', {who, date: formatDate(when)})
      : t('questionnaire.answeredBy', {who});
  }

  /** Shows a question's stored answer in its inputs (the comment unless the user is typing in it). */
  showAnswer(id) {
    const b = this.blocks.get(id);
    const a = this.answers.get(id);
    if (!b) return;
    for (const input of b.block.querySelectorAll('input[type=radio]')) input.checked = !!a && input.value === a.value;
    if (document.activeElement !== b.comment) b.comment.value = a && a.comment ? a.comment : '';
    this.showAnsweredBy(id);
  }

  /** The newest assessment version among the answers this page knows. */
  maxVersion() {
    let max = 0;
    for (const a of this.answers.values()) if (a && a.version > max) max = a.version;
    return max;
  }

  /**
   * A teammate's answer ({questionId, value, comment, version, answeredBy, at}), live or fetched: shown in place
   * when it is newer than what the page shows. A question with an unsaved answer of our own is left alone: its
   * save carries the version we saw, and the server's CONFLICT lets the user decide.
   * @return whether the page changed
   */
  applyTheirs(change, {highlight = true} = {}) {
    const id = change.questionId;
    const known = this.answers.get(id);
    if (known && known.version >= change.version) return false;
    const b = this.blocks.get(id);
    if (b && !b.conflict.hidden) {
      this.showConflict(id, b.wanted, change); // the conflict now stands against this newer answer
      return false;
    }
    if (this.pending.has(id) || this.inFlight.has(id)) return false;
    this.answers.set(id, {value: change.value, comment: change.comment || null, version: change.version,
      answeredBy: change.answeredBy || null, updatedAt: change.updatedAt || change.at});
    this.showAnswer(id);
    this.setState(id, 'saved');
    if (b && highlight) {
      b.block.classList.add('changed-live');
      clearTimeout(b.highlight);
      b.highlight = setTimeout(() => b.block.classList.remove('changed-live'), 2000);
    }
    this.refresh();
    return true;
  }

  /** The server refused our answer: `current` stands since the version we saw. The user decides. */
  showConflict(id, wanted, current) {
    const b = this.blocks.get(id);
    b.wanted = wanted;
    b.current = current;
    const who = current.answeredBy ? current.answeredBy.email : t('questionnaire.deletedAccount');
    const keep = h('button', {type: 'button', class: 'secondary small keep-theirs', onclick: () => this.keepTheirs(id)},
      t('questionnaire.conflict.keepTheirs'));
    const overwrite = h('button', {type: 'button', class: 'small overwrite', onclick: () => this.overwrite(id)},
      t('questionnaire.conflict.overwrite'));
    const answer = this.valueLabel(b.question, current.value);
    clear(b.conflict).appendChild(h('div', {},
      h('p', {}, ...tNodes(current.at ? 'questionnaire.conflict.changedAt' : 'questionnaire.conflict.changed',
        {answer, date: current.at ? formatDate(current.at) : null}, {who: h('strong', {}, who)})),
      current.comment
        ? h('p', {class: 'muted small'}, t('questionnaire.conflict.theirComment', {comment: current.comment})) : null,
      h('p', {class: 'small'}, t('questionnaire.conflict.yours', {answer: this.valueLabel(b.question, wanted.value)})),
      h('div', {class: 'conflict-actions'}, keep, ' ', overwrite)));
    b.conflict.hidden = false;
    this.setState(id, 'conflict');
  }

  keepTheirs(id) {
    const b = this.blocks.get(id);
    const current = b.current;
    b.conflict.hidden = true;
    this.answers.set(id, {value: current.value, comment: current.comment || null, version: current.version,
      answeredBy: current.answeredBy || null, updatedAt: current.at});
    this.showAnswer(id);
    this.setState(id, 'saved');
    this.refresh();
    this.onTheirs();
  }

  overwrite(id) {
    const b = this.blocks.get(id);
    b.conflict.hidden = true;
    // Sent against the version that stands now: ours replaces theirs (unless it changed yet again).
    const known = this.answers.get(id) || {};
    this.answers.set(id, {...known, value: b.wanted.value, comment: b.wanted.comment, version: b.current.version});
    this.pending.set(id, b.wanted);
    this.flush(id);
  }

  async toggleHistory(q, button, list) {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
    if (!open) return;
    clear(list).appendChild(h('li', {class: 'muted'}, t('questionnaire.loading')));
    try {
      const changes = await this.loadHistory(q.id);
      clear(list);
      if (!changes.length) list.appendChild(h('li', {class: 'muted'}, t('questionnaire.history.empty')));
      for (const c of changes) {
        const who = c.answeredBy ? c.answeredBy.email : t('questionnaire.deletedAccount');
        list.appendChild(h('li', {},
          h('strong', {}, this.valueLabel(q, c.value)),
          c.comment ? ' · ' + t('questionnaire.history.comment', {comment: c.comment}) : '',
          ' · ' + t('questionnaire.history.entry', {who, date: formatDate(c.at),
            version: t('report.versionShort', {version: String(c.version)})})));
      }
    } catch (e) {
      clear(list).appendChild(h('li', {class: 'form-error'}, t('questionnaire.history.failed', {error: errorText(e)})));
    }
  }

  label(q, choice) {
    if (q.type === 'yesno') return answerWord(choice.value, choice.label);
    if (q.type === 'maturity') return `${choice.value} · ${choice.label}`;
    return choice.label;
  }

  choose(id, value) {
    if (this.readOnly) return;
    // The answers map holds what the page shows, with the version of the stored answer it stands on: a choice
    // keeps that version (it is the expectedVersion of the save), however many choices wait to be saved.
    const prev = this.answers.get(id) || {};
    const comment = this.blocks.get(id).comment.value;
    this.pending.delete(id); // the latest answer of each question, in the order they were given
    this.pending.set(id, {value, comment: comment || null});
    this.answers.set(id, {...prev, value, comment: comment || null});
    this.refresh();
    this.flush(id);
  }

  comment(id, text) {
    if (this.readOnly) return;
    const current = this.answers.get(id); // what the page shows: the pending answer if one waits
    if (!current || !current.value) {
      this.setState(id, 'hint');
      return;
    }
    this.pending.delete(id);
    this.pending.set(id, {value: current.value, comment: text || null});
    this.answers.set(id, {...current, comment: text || null});
    this.flush(id);
  }

  /** Sends the latest wanted answer of a question; one request per question at a time. */
  async flush(id) {
    if (this.inFlight.has(id) || !this.pending.has(id)) return;
    if (this.waiting) {
      this.setState(id, 'pending'); // the service is unavailable: kept until savePending
      return;
    }
    const wanted = this.pending.get(id);
    // The version of this question's answer that the page showed when the user chose (0: none).
    const expected = (this.answers.get(id) || {}).version || 0;
    this.inFlight.add(id);
    this.setState(id, 'saving');
    try {
      const saved = await this.save(id, wanted.value, wanted.comment, expected);
      const stored = {value: saved.value, comment: saved.comment, version: saved.version,
        answeredBy: saved.answeredBy, updatedAt: saved.updatedAt};
      if (this.pending.get(id) === wanted) {
        this.pending.delete(id);
        this.answers.set(id, stored);
        this.setState(id, 'saved');
      } else {
        // Changed again meanwhile: the next save goes against the version just stored, which is ours.
        this.answers.set(id, {...this.answers.get(id), version: saved.version});
      }
      this.showAnsweredBy(id);
      this.showFor(saved);
    } catch (e) {
      if (e.code === 'CONFLICT' && e.extensions && e.extensions.current) {
        const latest = this.pending.get(id) || wanted; // what the user wants now, given again meanwhile or not
        this.pending.delete(id);
        this.showConflict(id, latest, e.extensions.current);
      } else if (e.code === 'UNAVAILABLE') {
        this.waiting = true;
        this.setState(id, 'pending');
        this.onUnavailable();
      } else {
        this.setState(id, 'failed', errorText(e));
      }
    } finally {
      this.inFlight.delete(id);
    }
    const after = this.blocks.get(id).state.dataset.state;
    if (this.pending.has(id) && this.pending.get(id) !== wanted && !this.waiting
        && after !== 'failed' && after !== 'conflict') {
      this.flush(id);
    }
  }

  /** The service is back: saves the answers that waited, one at a time in the order they were given. */
  async savePending() {
    this.waiting = false;
    for (const id of [...this.pending.keys()]) {
      if (this.waiting) return; // unavailable again: the rest keeps waiting
      await this.flush(id);
    }
  }

  /**
   * Work on this page the server does not have yet: answers waiting or being saved, failed saves, conflicts to
   * settle, a comment typed before an answer. Drawing the questionnaire again would drop it.
   */
  unsaved() {
    if (this.pending.size || this.inFlight.size) return true;
    for (const b of this.blocks.values()) {
      if (['failed', 'conflict', 'hint', 'saving'].includes(b.state.dataset.state)) return true;
    }
    return false;
  }

  setState(id, state, detail) {
    const b = this.blocks.get(id);
    if (!b) return;
    b.state.dataset.state = state;
    b.retry.hidden = state !== 'failed';
    b.block.classList.toggle('failed', state === 'failed' || state === 'conflict');
    const key = state === 'failed' && detail ? 'questionnaire.state.failedWith' : 'questionnaire.state.' + state;
    b.state.textContent = SAVE_STATES.includes(state) ? t(key, {error: detail}) : '';
  }

  /**
   * Shows the questions the server says a saved answer shows. Answers to different questions are saved side by
   * side and may come back in any order: the newest assessment version wins.
   */
  showFor(saved) {
    if (!saved.visibleQuestionIds || saved.version < this.shownVersion) return;
    this.shown = new Set(saved.visibleQuestionIds);
    this.shownVersion = saved.version;
    this.refresh();
  }

  visible(q) {
    return this.shown.has(q.id);
  }

  progress() {
    let applicable = 0;
    let answered = 0;
    for (const q of this.catalogue.questions) {
      if (!this.visible(q)) continue;
      const a = this.answers.get(q.id);
      if (a && a.value === 'na') continue;
      applicable++;
      if (a && a.value) answered++;
    }
    return {applicable, answered};
  }

  refresh() {
    for (const q of this.catalogue.questions) {
      const b = this.blocks.get(q.id);
      if (b) b.block.hidden = !this.visible(q);
    }
    for (const section of this.root.querySelectorAll('section.group')) {
      let applicable = 0;
      let answered = 0;
      for (const q of this.catalogue.questions.filter((x) => x.function === section.code)) {
        const a = this.answers.get(q.id);
        if (!this.visible(q) || (a && a.value === 'na')) continue;
        applicable++;
        if (a && a.value) answered++;
      }
      section.countEl.textContent = '· ' + t('questionnaire.group.count', {answered, applicable});
    }
    let open = 0;
    for (const details of this.root.querySelectorAll('details.category')) {
      let applicable = 0;
      let answered = 0;
      for (const id of details.questionIds) {
        const q = this.blocks.get(id).question;
        const a = this.answers.get(id);
        if (!this.visible(q) || (a && a.value === 'na')) continue;
        applicable++;
        if (a && a.value) answered++;
      }
      details.countEl.textContent = '· ' + t('questionnaire.category.count', {answered, applicable});
      details.hidden = applicable === 0 && details.questionIds.every((id) => !this.visible(this.blocks.get(id).question));
    }
    for (const q of this.catalogue.questions) {
      if (this.visible(q) && !(this.answers.get(q.id) || {}).value) open++;
    }
    if (this.nextButton) {
      this.nextButton.textContent = open ? t('questionnaire.nextLeft', {count: open}) : t('questionnaire.allAnswered');
      this.nextButton.disabled = open === 0;
    }
    this.onChange(this.progress());
  }
}
