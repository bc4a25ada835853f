// The live report beside the questionnaire: score and tier, a radar of the six functions, what changed,
// quick wins, ranked findings, the history of versions with a comparison, JSON export, the server's OSCAL and Excel
// downloads of the version shown (and its POA&M of the action plan as it stands), and a print view.
// Reports arrive with their words (question texts, answer labels, recommendations): from GraphQL as the server joined
// them, or pushed over the bridge as facts and joined by words.js from the assessment's catalogue. This view shows
// them as text (textContent), never as HTML.
// An organisation's OWNER signs off a version; signed-off versions are marked in the report (printed too) and in the
// history.
// Every word of the page's own is looked up when the report is drawn (t()), in the page's language: tier and function
// names from the core bundle by number and code (a live report pushed over the bridge carries English names), the
// catalogue's words (questions, recommendations, categories) as the API gave them in the page's language.
import {h, clear, formatScore, formatDate, signed} from './dom.js';
import {t, language, errorText, formatDay, formatPercent} from './i18n.js';
import {answerWord, tNodes} from './words.js';
import {radar, trend} from './charts.js';
import {currentBase} from './api.js';

/** A change of score below this shows as none: scores are shown with one decimal. */
const NO_CHANGE = 0.05;

function signedBy(signOff) {
  return signOff.signedBy ? signOff.signedBy.email : t('report.deletedAccount');
}

function unchanged(change) {
  return change === null || change === undefined || Math.abs(change) < NO_CHANGE;
}

/** A change of score as a signed number: "+2.5", "−1.0" (a minus sign), "±0.0" when none; never a bare "0.0". */
function changeText(change) {
  if (change === null || change === undefined) return '–';
  return unchanged(change) ? '±' + formatScore(0) : signed(change).replace('-', '−');
}

function tierName(tier) {
  return tier ? t('tier.' + tier) : '';
}

function functionName(code) {
  return t('function.' + code);
}

function effortText(effort) {
  return effort === 'quick-win' || effort === 'project' ? t('effort.' + effort) : effort;
}

function impactText(impact) {
  return impact === 'high' || impact === 'medium' || impact === 'low' ? t('impact.' + impact) : impact;
}

/** A version as the report names it briefly ("v3"); not grouped as a number is. */
function versionShort(version) {
  return t('report.versionShort', {version: String(version)});
}

function referencesText(references) {
  return references.map((x) => `${x.framework === 'CIS-8' ? 'CIS' : 'CSF'} ${x.id}`).join(', ');
}

export class ReportView {
  /**
   * @param root         the aside to render into
   * @param loadVersion  async (version) => full report of that version
   * @param signOffs     the assessment's sign-offs [{version, signedBy {id email}, note, at}]
   * @param signOff      async (version, note) => the new sign-off; absent when the caller may not sign off (not OWNER)
   * @param targets      the assessment's targets [{function, name, score, setBy {id email}, setAt}]
   * @param setTarget    async (function, score or null) => the targets after the change; absent for a VIEWER
   * @param plan         the action plan's view (plan.js), shown under the findings; findings offer "Plan" to it
   * @param whatIf       async () => what fixing each finding would do, best first (computed by a security node)
   * @param catalogue    the assessment's catalogue (optional): the labels of the answers a delta names (a report read
   *                     through GraphQL names them by value)
   */
  constructor(root, {loadVersion, signOffs = [], signOff = null, targets = [], setTarget = null, plan = null,
    whatIf = null, catalogue = null}) {
    this.plan = plan;
    this.questions = new Map(((catalogue && catalogue.questions) || []).map((q) => [q.id, q]));
    /** Evidence past its expiry ([{evidenceId, questionId, questionText, name, expiredSince}]), set by the page. */
    this.expiredEvidence = [];
    this.whatIf = whatIf;
    this.whatIfEl = null;
    this.root = root;
    this.loadVersion = loadVersion;
    this.signOffs = new Map(signOffs.map((s) => [s.version, s]));
    this.signOff = signOff;
    this.targets = targets;
    this.setTarget = setTarget;
    this.report = null;
    this.history = [];
    this.assessmentVersion = 0;
  }

  show(report, history, assessmentVersion) {
    this.report = report;
    this.history = history;
    this.assessmentVersion = assessmentVersion;
    this.render();
  }

  /** A report pushed live: newer versions replace the shown one, older ones only join the history. */
  push(report) {
    if (!this.history.some((r) => r.version === report.version)) {
      this.history.push({version: report.version, score: report.score, tier: report.tier, createdAt: report.createdAt});
      this.history.sort((a, b) => a.version - b.version);
    }
    if (!this.report || report.version > this.report.version) {
      this.report = report;
    }
    this.render();
  }

  /** The targets changed (here or by a teammate, live): the report is drawn again against them. */
  showTargets(targets) {
    this.targets = targets;
    this.targetsFormEl = null;
    this.render();
  }

  pendingVersion(version) {
    this.assessmentVersion = Math.max(this.assessmentVersion, version);
    const badge = this.root.querySelector('.report-state');
    if (badge) this.updateState(badge);
  }

  updateState(el) {
    const behind = this.report && this.assessmentVersion > this.report.version;
    el.textContent = !this.report ? '' : behind ? t('report.state.updating') : t('report.state.current');
    el.dataset.state = behind ? 'updating' : 'current';
  }

  render() {
    const r = this.report;
    if (this.language !== language()) {
      // The targets form and the what-if block are kept across renders (what is typed or computed stays), and are
      // built again in the new language after a switch.
      this.language = language();
      this.targetsFormEl = null;
      this.whatIfEl = null;
      if (this.plan) this.plan.render();
    }
    clear(this.root);
    this.root.appendChild(h('h2', {id: 'report-title'}, t('report.title')));
    if (!r) {
      this.root.appendChild(h('p', {class: 'empty'}, this.assessmentVersion > 0
        ? t('report.empty.computing') : t('report.empty')));
      return;
    }
    const state = h('span', {class: 'report-state', role: 'status'});
    this.updateState(state);
    // Element.append writes null as the text "null": the blocks that may be absent are filtered out.
    this.root.append(...[
      h('div', {class: 'score-card'},
        h('div', {class: 'score', 'aria-label': t('report.score.label', {score: formatScore(r.score)})},
          h('span', {class: 'score-value', id: 'overall-score'}, formatScore(r.score)),
          h('span', {class: 'score-max'}, t('report.score.max'))),
        h('div', {},
          h('p', {class: 'tier'}, ...tNodes('report.tier', {tier: String(r.tier)},
            {name: h('strong', {id: 'tier-name'}, tierName(r.tier))})),
          h('p', {class: 'muted'}, r.tier ? t('report.tier.description.' + r.tier) : ''),
          h('p', {class: 'muted'}, r.complete ? t('report.complete') : t('report.incomplete',
            {answered: r.answered, applicable: r.applicable, share: formatPercent(r.answeredShare || 0)})),
          h('p', {class: 'muted small'}, ...tNodes('report.versionLine', {date: formatDate(r.createdAt)},
            {version: h('span', {id: 'report-version'}, String(r.version)), state})))),
      this.signOffBlock(r),
      this.functions(r),
      this.gaps(r),
      this.targetsForm(),
      this.delta(r),
      this.quickWins(r),
      this.whatIfBlock(),
      this.findings(r),
      this.expiredEvidenceBlock(),
      this.plan ? this.plan.el : null,
      this.historyBlock(),
      this.actions(r)].filter(Boolean));
  }

  /** The version's sign-off (who, when, note), or for an OWNER the form that signs it off. */
  signOffBlock(r) {
    const done = this.signOffs.get(r.version);
    if (done) {
      return h('section', {class: 'block sign-off', id: 'sign-off', dataset: {version: r.version}},
        h('p', {}, ...tNodes('report.signOff.done', {who: signedBy(done), date: formatDate(done.at)},
          {signed: h('strong', {}, t('report.signOff.version', {version: String(r.version)}))})),
        done.note ? h('p', {class: 'sign-off-note'}, t('report.signOff.note', {note: done.note})) : null);
    }
    if (!this.signOff) return null;
    const note = h('textarea', {id: 'sign-off-note', rows: 2, maxlength: 2000});
    const error = h('p', {class: 'form-error', role: 'alert'});
    const form = h('form', {class: 'block sign-off-form no-print', id: 'sign-off-form', onsubmit: async (e) => {
      e.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      error.textContent = '';
      try {
        const made = await this.signOff(r.version, note.value || null);
        this.signOffs.set(made.version, made);
        this.render();
      } catch (err) {
        error.textContent = errorText(err);
        button.disabled = false;
      }
    }},
    h('label', {for: 'sign-off-note'}, t('report.signOff.noteLabel')), note,
    h('button', {type: 'submit'}, t('report.signOff.submit')), error);
    return form;
  }

  /** Each function's score against its target: the radar with the target's outline, bars with a marker and a gap. */
  functions(r) {
    const target = new Map(this.targets.map((t) => [t.function, t.score]));
    const list = h('ul', {class: 'function-bars'}, r.functions.map((f) => {
      const bar = h('span', {class: 'bar-fill'});
      bar.style.width = `${f.score === null ? 0 : f.score}%`;
      const aim = target.get(f.function);
      const marker = aim === undefined ? null : h('span', {class: 'bar-target',
        title: t('report.target.title', {target: formatScore(aim)})});
      if (marker) marker.style.left = `calc(${aim}% - 1px)`;
      const gap = aim === undefined || f.score === null ? null : Math.max(0, aim - f.score);
      return h('li', {class: 'function-bar', dataset: {function: f.function}},
        h('span', {class: 'bar-label'}, functionName(f.function)),
        h('span', {class: 'bar', 'aria-hidden': 'true'}, ...[bar, marker].filter(Boolean)),
        h('span', {class: 'bar-value'}, f.score === null ? t('chart.na') : formatScore(f.score)),
        h('span', {class: 'bar-gap' + (gap > 0 ? ' open' : ''), dataset: {gap: gap === null ? '' : gap.toFixed(1)}},
          aim === undefined ? '' : gap === null ? t('report.target.only', {target: formatScore(aim)})
            : gap > 0 ? t('report.target.gap', {gap: formatScore(gap), target: formatScore(aim)})
              : t('report.target.met', {target: formatScore(aim)})));
    }));
    return h('section', {class: 'block', id: 'by-function'}, h('h3', {}, t('report.byFunction')),
      radar(r.functions, {target}), list, this.categories(r));
  }

  /** A catalogue with categories (CSF 2.0): each function's categories with their scores, collapsible. */
  categories(r) {
    const categories = r.categories || [];
    if (!categories.length) return null;
    const open = this.categoriesOpen === true;
    const details = h('details', {class: 'by-category', id: 'by-category', open},
      h('summary', {}, t('report.byCategory', {count: categories.length})),
      r.functions.map((f) => {
        const own = categories.filter((c) => c.function === f.function);
        if (!own.length) return null;
        return h('div', {class: 'category-block'}, h('h4', {}, `${functionName(f.function)} (${f.function})`),
          h('ul', {class: 'function-bars category-bars'}, own.map((c) => {
            const bar = h('span', {class: 'bar-fill'});
            bar.style.width = `${c.score === null ? 0 : c.score}%`;
            return h('li', {class: 'function-bar', dataset: {category: c.category}},
              h('span', {class: 'bar-label', title: c.title}, c.category),
              h('span', {class: 'bar', 'aria-hidden': 'true'}, bar),
              h('span', {class: 'bar-value'}, c.score === null ? t('chart.na') : formatScore(c.score)),
              h('span', {class: 'bar-gap muted'}, c.title));
          })));
      }));
    // Open or closed as the reader left it, across the renders of live reports.
    details.addEventListener('toggle', () => { this.categoriesOpen = details.open; });
    return details;
  }

  /**
   * The findings that close the largest gaps: the functions furthest below their targets first, and in each the
   * findings in the report's order of priority; five at most.
   */
  gaps(r) {
    const target = new Map(this.targets.map((t) => [t.function, t.score]));
    const gap = new Map(r.functions.filter((f) => f.score !== null && target.has(f.function))
      .map((f) => [f.function, target.get(f.function) - f.score]).filter(([, g]) => g > 0));
    if (!gap.size) return null;
    const picked = r.findings.filter((f) => gap.has(f.function))
      .sort((a, b) => (gap.get(b.function) - gap.get(a.function)) || (a.rank - b.rank)).slice(0, 5);
    if (!picked.length) return null;
    return h('section', {class: 'block', id: 'gap-findings'}, h('h3', {}, t('report.gaps.title')),
      h('ol', {class: 'quick-wins'}, picked.map((f) => h('li', {dataset: {question: f.questionId}},
        h('strong', {}, f.recommendation), ' ',
        h('span', {class: 'muted small'}, t('report.gaps.below', {name: functionName(f.function),
          gap: formatScore(gap.get(f.function))}) + ' · '),
        h('a', {href: '#q-' + f.questionId, class: 'small'}, t('report.seeQuestion'))))));
  }

  /**
   * For an EDITOR or OWNER: a target per function (empty clears it), saved together. Kept across the renders of
   * live reports, so that a teammate's answer does not wipe what is being typed; built again when targets change.
   */
  targetsForm() {
    if (!this.setTarget || !this.report) return null;
    if (!this.targetsFormEl) this.targetsFormEl = this.buildTargetsForm();
    return this.targetsFormEl;
  }

  buildTargetsForm() {
    const current = new Map(this.targets.map((t) => [t.function, t.score]));
    const inputs = this.report.functions.map((f) => h('input', {type: 'number', min: 0, max: 100, step: 0.1,
      id: 'target-' + f.function, name: f.function, value: current.has(f.function) ? String(current.get(f.function)) : ''}));
    const error = h('p', {class: 'form-error', role: 'alert'});
    const form = h('form', {class: 'block targets-form no-print', id: 'targets-form', onsubmit: async (e) => {
      e.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      error.textContent = '';
      try {
        let targets = null;
        for (const input of inputs) {
          const value = input.value.trim() === '' ? null : Number(input.value);
          const before = current.has(input.name) ? current.get(input.name) : null;
          if (value !== before) targets = await this.setTarget(input.name, value);
        }
        if (targets) this.showTargets(targets); else button.disabled = false;
      } catch (err) {
        error.textContent = errorText(err);
        button.disabled = false;
      }
    }},
    h('h3', {}, t('report.targets.title')),
    ...this.report.functions.map((f, i) => h('label', {for: inputs[i].id}, functionName(f.function), inputs[i])),
    h('div', {class: 'targets-actions'}, h('button', {type: 'submit'}, t('report.targets.save')), error));
    return form;
  }

  /** An answer a delta names: its label in the catalogue the page has, else as the report gives it. */
  answerOf(questionId, value, label) {
    const q = this.questions.get(questionId);
    const choice = q && value ? (q.choices || []).find((c) => c.value === value) : null;
    return answerWord(value, label || (choice ? choice.label : null));
  }

  /**
   * What changed since the version before. A change of the overall score reads as a signed number with both scores;
   * an answer that changed nothing says so (not "Overall 0.0", which reads as a score of zero).
   */
  delta(r) {
    const d = r.delta;
    if (!d) return null;
    const changes = (items, key) => items.length ? h('div', {},
      h('h4', {}, t(key, {count: items.length})),
      h('ul', {class: 'changes'}, items.map((c) => h('li', {},
        h('a', {href: '#q-' + c.questionId}, c.text), ' ', t('report.delta.answerChange', {
          from: this.answerOf(c.questionId, c.from, c.fromLabel),
          to: this.answerOf(c.questionId, c.to, c.toLabel)}))))) : null;
    const same = unchanged(d.change);
    const overall = same
      ? h('p', {class: 'delta-overall', dataset: {change: '0'}},
        t('report.delta.noChange', {score: formatScore(d.previousScore)}))
      : h('p', {class: 'delta-overall', dataset: {change: d.change.toFixed(1)}}, ...tNodes('report.delta.overall',
        {from: formatScore(d.previousScore), to: formatScore(d.previousScore + d.change)},
        {change: h('strong', {class: d.change > 0 ? 'up' : 'down'}, changeText(d.change))}));
    return h('section', {class: 'block delta', id: 'delta'},
      h('h3', {}, t('report.delta.title', {version: String(d.previousVersion)})),
      overall,
      h('ul', {class: 'inline-list'}, d.functions.filter((f) => !unchanged(f.change)).map((f) =>
        h('li', {}, t('report.delta.function', {name: functionName(f.function), change: changeText(f.change)})))),
      changes(d.improved, 'report.delta.improved'), changes(d.regressed, 'report.delta.regressed'));
  }

  quickWins(r) {
    return h('section', {class: 'block'}, h('h3', {}, t('report.quickWins.title')),
      r.quickWins.length ? h('ol', {class: 'quick-wins'}, r.quickWins.map((f) => h('li', {},
        h('strong', {}, f.recommendation), ' ',
        h('a', {href: '#q-' + f.questionId, class: 'small'}, t('report.seeQuestion')))))
        : h('p', {class: 'muted'}, t('report.quickWins.empty')));
  }

  findings(r) {
    const items = r.findings.map((f) => h('li', {class: 'finding', dataset: {question: f.questionId}},
      h('p', {class: 'finding-head'}, h('a', {href: '#q-' + f.questionId}, f.text)),
      h('p', {}, f.recommendation),
      h('p', {class: 'muted small'}, [
        f.answer === null || f.answer === undefined ? t('answer.unanswered')
          : t('report.finding.answered', {answer: answerWord(f.answer, f.answerLabel)}),
        effortText(f.effort), impactText(f.impact),
        t('report.finding.priority', {priority: f.priority}),
        referencesText(f.references)].filter(Boolean).join(' · ')),
      this.planButton(f)));
    return h('section', {class: 'block'},
      h('h3', {}, t('report.findings.title', {count: r.findings.length})),
      r.findings.length ? h('ol', {class: 'findings'}, items) : h('p', {class: 'muted'}, t('report.findings.empty')));
  }

  /**
   * What fixing each finding would do, on request (a security node scores every fix; nothing is stored): the ten
   * best by score gained per unit of effort. Kept across renders, marked when the answers changed since.
   */
  whatIfBlock() {
    if (!this.whatIf) return null;
    if (!this.whatIfEl) {
      const result = h('div', {class: 'what-if-result', 'aria-live': 'polite'});
      const button = h('button', {type: 'button', id: 'what-if-run', class: 'no-print'}, t('report.whatIf.run'));
      button.addEventListener('click', async () => {
        button.disabled = true;
        const version = this.assessmentVersion;
        clear(result).appendChild(h('p', {class: 'muted'}, t('report.computing')));
        try {
          const options = await this.whatIf();
          clear(result).append(...[
            h('p', {class: 'muted small what-if-version', dataset: {version}},
              t('report.whatIf.version', {version: String(version)})),
            options.length ? h('ol', {class: 'what-if'}, options.slice(0, 10).map((o) => h('li', {dataset: {question: o.questionId}},
              h('strong', {}, o.recommendation), ' ',
              h('span', {class: 'what-if-gain'},
                t('report.whatIf.gain', {score: formatScore(o.score), gain: changeText(o.gain)})),
              h('span', {class: 'muted small'}, ' · '
                + [t('report.whatIf.tier', {tier: String(o.tier), name: tierName(o.tier)}), effortText(o.effort)].join(' · ')
                + ' · '),
              h('a', {href: '#q-' + o.questionId, class: 'small'}, t('report.seeQuestion')))))
              : h('p', {class: 'muted'}, t('report.findings.empty'))].filter(Boolean));
          button.textContent = t('report.whatIf.again');
        } catch (e) {
          clear(result).appendChild(h('p', {class: 'form-error', role: 'alert'}, errorText(e)));
        } finally {
          button.disabled = false;
        }
      });
      this.whatIfEl = h('section', {class: 'block', id: 'what-if'}, h('h3', {}, t('report.whatIf.title')), button,
        result);
    }
    return this.whatIfEl;
  }

  /** Expired evidence as findings of their own: a score should not rest on an outdated policy. */
  expiredEvidenceBlock() {
    const list = this.expiredEvidence || [];
    if (!list.length) return null;
    return h('section', {class: 'block', id: 'expired-evidence'},
      h('h3', {}, t('report.expiredEvidence.title', {count: list.length})),
      h('ul', {class: 'expired-evidence'}, list.map((e) => h('li', {dataset: {qid: e.questionId}},
        h('span', {class: 'q-text'}, e.questionText), ': ', h('strong', {}, e.name), ' ',
        h('span', {class: 'evidence-expired'}, t('evidence.item.expiredSince', {date: formatDay(e.expiredSince)}))))));
  }

  /** "In the plan" for a finding that has an item; for an EDITOR otherwise a button that drafts one. */
  planButton(f) {
    if (!this.plan) return null;
    if (this.plan.has(f.questionId)) return h('p', {class: 'small in-plan'}, t('report.inPlan'));
    if (!this.plan.create) return null;
    return h('button', {type: 'button', class: 'plan-draft small no-print',
      onclick: () => this.plan.draft(f.questionId, f.recommendation)}, t('report.planButton'));
  }

  historyBlock() {
    if (this.history.length < 1) return null;
    const versions = this.history.map((p) => p.version);
    const pick = (id, label, value) => h('div', {},
      h('label', {for: id}, label),
      h('select', {id}, versions.map((v) => h('option', {value: v, selected: v === value},
        this.signOffs.has(v) ? t('report.history.signedOption', {version: versionShort(v)}) : versionShort(v)))));
    const result = h('div', {class: 'compare-result', 'aria-live': 'polite'});
    const form = h('form', {class: 'compare', onsubmit: (e) => {
      e.preventDefault();
      this.compare(Number(form.querySelector('#compare-a').value), Number(form.querySelector('#compare-b').value), result);
    }}, pick('compare-a', t('report.compare.a'), versions[Math.max(0, versions.length - 2)]),
    pick('compare-b', t('report.compare.b'), versions[versions.length - 1]),
    h('button', {type: 'submit'}, t('report.compare.submit')));
    return h('section', {class: 'block history'}, h('h3', {}, t('report.history.title')),
      trend(this.history), h('p', {class: 'muted small'}, t('report.history.count', {count: this.history.length})),
      this.signedList(), form, result);
  }

  signedList() {
    const all = [...this.signOffs.values()].sort((a, b) => a.version - b.version);
    if (!all.length) return null;
    return h('ul', {class: 'signed-versions small'}, all.map((s) => h('li', {dataset: {version: s.version}},
      t('report.history.signed', {version: versionShort(s.version), who: signedBy(s), date: formatDate(s.at)}),
      s.note ? ' · ' + t('report.history.note', {note: s.note}) : '')));
  }

  async compare(a, b, out) {
    clear(out).appendChild(h('p', {class: 'muted'}, t('report.loading')));
    try {
      const [ra, rb] = await Promise.all([this.loadVersion(a), this.loadVersion(b)]);
      const findingsA = new Map(ra.findings.map((f) => [f.questionId, f]));
      const findingsB = new Map(rb.findings.map((f) => [f.questionId, f]));
      const resolved = ra.findings.filter((f) => !findingsB.has(f.questionId));
      const added = rb.findings.filter((f) => !findingsA.has(f.questionId));
      const rows = ra.functions.map((f, i) => {
        const g = rb.functions[i];
        const change = f.score === null || g.score === null ? null : g.score - f.score;
        return h('tr', {}, h('th', {scope: 'row'}, functionName(f.function)), h('td', {}, formatScore(f.score)),
          h('td', {}, formatScore(g.score)), h('td', {}, changeText(change)));
      });
      clear(out).append(...[
        h('table', {class: 'compare-table'},
          h('caption', {}, t('report.compare.caption', {a: versionShort(a), b: versionShort(b)})),
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('report.compare.function')),
            h('th', {scope: 'col'}, versionShort(a)), h('th', {scope: 'col'}, versionShort(b)),
            h('th', {scope: 'col'}, t('report.compare.change')))),
          h('tbody', {}, rows,
            h('tr', {class: 'total'}, h('th', {scope: 'row'}, t('report.compare.overall')),
              h('td', {}, formatScore(ra.score)), h('td', {}, formatScore(rb.score)),
              h('td', {}, changeText(rb.score - ra.score))))),
        radar(rb.functions, {compare: ra.functions, size: 220}),
        h('p', {}, t('report.compare.findings', {resolved: resolved.length, added: added.length})),
        resolved.length ? h('ul', {class: 'resolved'}, resolved.map((f) => h('li', {}, '✓ ', f.text))) : null,
        added.length ? h('ul', {class: 'added'}, added.map((f) => h('li', {}, '✗ ', f.text))) : null].filter(Boolean));
    } catch (e) {
      clear(out).appendChild(h('p', {class: 'form-error'}, t('report.compare.failed', {error: errorText(e)})));
    }
  }

  actions(r) {
    // The server's exports of this version: plain links, so the session cookie goes along as with the audit log's.
    // A link sends the browser's Accept-Language, not the page's choice: the language goes in the link.
    const file = (name) => `${currentBase()}/export/${encodeURIComponent(r.assessmentId)}/${name}`
      + `?version=${encodeURIComponent(r.version)}&lang=${encodeURIComponent(language())}`;
    return h('section', {class: 'block actions no-print'},
      h('button', {type: 'button', id: 'export-json', onclick: () => this.exportJson(r)}, t('report.export.json')),
      h('button', {type: 'button', id: 'print-report', onclick: () => window.print()}, t('report.export.print')),
      h('span', {class: 'downloads'}, t('report.export.download'), ' ',
        h('a', {id: 'export-oscal', href: file('oscal-assessment-results.json'), download: ''},
          t('report.export.oscal')),
        ' · ',
        h('a', {id: 'export-xlsx', href: file('bastion.xlsx'), download: ''}, t('report.export.xlsx')),
        // The plan is not versioned: the server ignores ?version for it and exports the plan as it stands; an empty
        // plan has no POA&M (404), so no link that would save an error as the file.
        this.plan && this.plan.actions && this.plan.actions.length ? [' · ',
          h('a', {id: 'export-poam', href: file('oscal-poam.json'), download: '',
            title: t('report.export.poamTitle')}, t('report.export.poam'))] : null));
  }

  exportJson(r) {
    const blob = new Blob([JSON.stringify(r, null, 2)], {type: 'application/json'});
    const url = URL.createObjectURL(blob);
    const a = h('a', {href: url, download: `bastion-report-${r.assessmentId}-v${r.version}.json`});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}
