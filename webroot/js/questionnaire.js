// The questionnaire: questions grouped by CSF function, each answer saved as soon as it is given,
// with a visible saving / saved / failed state and a retry. Which questions are shown (a question with a condition
// appears only while the condition holds) is decided by the server: it comes with the assessment and with each
// saved answer; the page does not evaluate conditions itself.
import {h, clear} from './dom.js';

const FUNCTION_ORDER = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'];
const YESNO_LABELS = {yes: 'Yes', partial: 'Partly', no: 'No'};

export class Questionnaire {
  /**
   * @param root       element to render into
   * @param catalogue  the assessment's catalogue (questions with their choices)
   * @param answers    Map questionId -> {value, comment}
   * @param visible    ids of the questions shown with these answers, from the server
   * @param version    the assessment version those answers are
   * @param save       async (questionId, value, comment) => saved answer {value, comment, version, visibleQuestionIds}
   * @param onChange   called after any local change (for the progress bar)
   * @param onUnavailable called when a save meets UNAVAILABLE: the answer waits on the page (pending) until
   *                   {@link #savePending} runs, once the service is back
   */
  constructor(root, {catalogue, answers, visible, version, save, onChange, onUnavailable}) {
    this.root = root;
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
    for (const group of groups) {
      const name = group.questions[0].functionName;
      const count = h('span', {class: 'group-count muted'});
      const section = h('section', {class: 'group', 'aria-labelledby': 'group-' + group.code},
        h('h2', {id: 'group-' + group.code}, `${name} `, h('span', {class: 'code'}, `(${group.code})`), ' ', count),
        group.questions.map((q) => this.question(q)));
      section.countEl = count;
      section.code = group.code;
      this.root.appendChild(section);
    }
    this.refresh();
  }

  question(q) {
    const id = q.id;
    const current = this.answers.get(id);
    const name = 'q-' + id;
    const options = q.choices.map((c) => ({value: c.value, label: this.label(q, c)}));
    if (q.allowNa) options.push({value: 'na', label: 'Not applicable'});

    const state = h('p', {class: 'save-state', 'aria-live': 'polite'});
    const retry = h('button', {type: 'button', class: 'retry link', hidden: true,
      onclick: () => this.flush(id)}, 'Retry');
    const help = q.help ? h('p', {class: 'help', id: 'help-' + id, hidden: true}, q.help) : null;
    const helpToggle = q.help ? h('button', {
      type: 'button', class: 'help-toggle link', 'aria-expanded': 'false', 'aria-controls': 'help-' + id,
      onclick: (e) => {
        const open = e.currentTarget.getAttribute('aria-expanded') !== 'true';
        e.currentTarget.setAttribute('aria-expanded', String(open));
        help.hidden = !open;
      }}, 'Help') : null;

    const radios = options.map((o) => {
      const input = h('input', {type: 'radio', name, value: o.value, id: `${name}-${o.value}`,
        checked: current && current.value === o.value,
        onchange: () => this.choose(id, o.value)});
      return h('label', {class: 'option', for: `${name}-${o.value}`}, input, h('span', {}, o.label));
    });

    const commentId = 'comment-' + id;
    const comment = h('textarea', {id: commentId, rows: 2, maxlength: 4000,
      onchange: (e) => this.comment(id, e.target.value)});
    comment.value = current && current.comment ? current.comment : '';
    const commentBox = h('details', {class: 'comment', open: !!(current && current.comment)},
      h('summary', {}, 'Comment'),
      h('label', {for: commentId}, 'Comment (optional, only you can see it)'), comment);

    const refs = q.references.map((r) => `${r.framework === 'CIS-8' ? 'CIS' : 'CSF'} ${r.id}`).join(' · ');
    const block = h('fieldset', {class: 'question', id: 'q-' + id, dataset: {qid: id}},
      h('legend', {}, h('span', {class: 'q-text'}, q.text)),
      h('div', {class: 'q-tools'}, helpToggle, h('span', {class: 'refs muted'}, refs)),
      help,
      h('div', {class: 'options', role: 'radiogroup', 'aria-label': q.text}, radios),
      commentBox,
      h('div', {class: 'save-row'}, state, retry));
    this.blocks.set(id, {block, state, retry, comment});
    if (current) this.setState(id, 'saved');
    return block;
  }

  label(q, choice) {
    if (q.type === 'yesno') return YESNO_LABELS[choice.value] || choice.label;
    if (q.type === 'maturity') return `${choice.value} · ${choice.label}`;
    return choice.label;
  }

  choose(id, value) {
    const prev = this.pending.get(id) || this.answers.get(id) || {};
    const comment = this.blocks.get(id).comment.value;
    this.pending.delete(id); // the latest answer of each question, in the order they were given
    this.pending.set(id, {value, comment: comment || null});
    this.answers.set(id, {...prev, value, comment: comment || null});
    this.refresh();
    this.flush(id);
  }

  comment(id, text) {
    const current = this.pending.get(id) || this.answers.get(id);
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
    this.inFlight.add(id);
    this.setState(id, 'saving');
    try {
      const saved = await this.save(id, wanted.value, wanted.comment);
      if (this.pending.get(id) === wanted) {
        this.pending.delete(id);
        this.answers.set(id, {value: saved.value, comment: saved.comment, version: saved.version});
        this.setState(id, 'saved');
      }
      this.showFor(saved);
    } catch (e) {
      if (e.code === 'UNAVAILABLE') {
        this.waiting = true;
        this.setState(id, 'pending');
        this.onUnavailable();
      } else {
        this.setState(id, 'failed', e.message);
      }
    } finally {
      this.inFlight.delete(id);
    }
    if (this.pending.has(id) && this.pending.get(id) !== wanted && !this.waiting
        && this.blocks.get(id).state.dataset.state !== 'failed') {
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

  setState(id, state, detail) {
    const b = this.blocks.get(id);
    if (!b) return;
    b.state.dataset.state = state;
    b.retry.hidden = state !== 'failed';
    b.block.classList.toggle('failed', state === 'failed');
    b.state.textContent = {
      saving: 'Saving…',
      saved: 'Saved',
      pending: 'Not saved yet: waiting for the service to be back',
      failed: 'Not saved' + (detail ? ': ' + detail : ''),
      hint: 'Choose an answer to save the comment with it',
    }[state] || '';
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
      section.countEl.textContent = `· ${answered} of ${applicable} answered`;
    }
    this.onChange(this.progress());
  }
}
