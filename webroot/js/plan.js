// The action plan under the report: findings turned into items with an owner, a due date and a status. Overdue
// items stand out; an item whose question is answered fully shows as done (the server decides, from the answer),
// and opens again with the gap. Items change live for everyone who has the assessment open. Text is shown as
// text (textContent), never as HTML.
import {h, clear} from './dom.js';
import {t, language, errorText, formatDay} from './i18n.js';

/** The statuses an EDITOR sets, in the select's order; their words are looked up when drawn (plan.status.X). */
const STATUSES = ['OPEN', 'IN_PROGRESS', 'DONE', 'RISK_ACCEPTED'];
const MAX_TITLE = 200;

function statusText(status) {
  return STATUSES.includes(status) ? t('plan.status.' + status) : status;
}

export class PlanView {
  /**
   * @param actions    the plan [{id, questionId, title, owner {id email}, dueDate, status, setStatus, closedByAnswer,
   *                   reason, overdue}]
   * @param questions  [{id, text}] of the assessment's catalogue
   * @param people     [{id, email}] who may own an item: the organisation's members, or the caller alone
   * @param me         the caller's account id, the default owner
   * @param create     async ({questionId, title, ownerId, dueDate}) => the new item; absent for a VIEWER
   * @param update     async (id, {status, reason}) => the item; absent for a VIEWER
   */
  constructor({actions = [], questions = [], people = [], me = null, create = null, update = null}) {
    this.actions = actions;
    this.questions = new Map(questions.map((q) => [q.id, q.text]));
    this.people = people;
    this.me = me;
    this.create = create;
    this.update = update;
    this.el = h('section', {class: 'block plan', id: 'action-plan'});
    // Built once: a live report or a teammate's change redraws the list, not what is being typed here (built again
    // after a switch of language, in the new one).
    this.questionList = questions;
    this.language = language();
    this.form = create ? this.newItemForm(questions) : null;
    this.render();
  }

  /** The plan after a change (ours, or a teammate's over the live feed). */
  show(actions) {
    this.actions = actions;
    this.render();
  }

  has(questionId) {
    return this.actions.some((a) => a.questionId === questionId);
  }

  /** Fills the new item's form from a finding and brings it into view. */
  draft(questionId, title) {
    if (!this.form) return;
    this.form.querySelector('#plan-question').value = questionId;
    this.form.querySelector('#plan-title').value = (title || '').slice(0, MAX_TITLE);
    this.form.scrollIntoView({block: 'center'});
    this.form.querySelector('#plan-title').focus();
  }

  render() {
    if (this.create && this.language !== language()) {
      this.language = language();
      this.form = this.newItemForm(this.questionList);
    }
    clear(this.el);
    const overdue = this.actions.filter((a) => a.overdue).length;
    this.el.append(...[
      h('h3', {}, t('plan.title', {count: this.actions.length})),
      overdue ? h('p', {class: 'plan-overdue-count'}, t('plan.overdueCount', {count: overdue})) : null,
      this.actions.length ? h('ol', {class: 'plan-items'}, this.actions.map((a) => this.item(a)))
        : h('p', {class: 'muted'}, this.create ? t('plan.empty.editor') : t('plan.empty')),
      this.form].filter(Boolean));
  }

  item(a) {
    const question = this.questions.get(a.questionId) || a.questionId;
    return h('li', {class: 'plan-item' + (a.overdue ? ' overdue' : ''), dataset: {id: a.id, status: a.status}},
      h('p', {class: 'plan-title'}, h('strong', {}, a.title)),
      h('p', {class: 'muted small'}, h('a', {href: '#q-' + a.questionId}, question)),
      h('p', {class: 'small'},
        t('plan.item.owner', {owner: a.owner ? a.owner.email : t('plan.item.noOwner')}) + ' · '
        + (a.dueDate ? t('plan.item.due', {date: formatDay(a.dueDate)}) : t('plan.item.noDueDate')),
        a.overdue ? h('span', {class: 'badge overdue-badge'}, t('plan.item.overdueSince', {date: formatDay(a.dueDate)}))
          : null),
      a.closedByAnswer ? h('p', {class: 'small closed-by-answer'}, t('plan.item.closedByAnswer')) : null,
      a.status === 'RISK_ACCEPTED' && a.reason
        ? h('p', {class: 'small'}, t('plan.item.riskAccepted', {reason: a.reason})) : null,
      this.statusControl(a));
  }

  /** The status as text, or for an EDITOR a select; accepting a risk asks for the reason first. */
  statusControl(a) {
    if (!this.update || a.closedByAnswer) {
      return h('p', {class: 'small plan-status'}, t('plan.item.status', {status: statusText(a.status)}));
    }
    const error = h('span', {class: 'form-error', role: 'alert'});
    const reason = h('input', {type: 'text', class: 'plan-reason', maxlength: 2000,
      placeholder: t('plan.reason.placeholder'), 'aria-label': t('plan.reason.placeholder'), hidden: true});
    const accept = h('button', {type: 'button', class: 'plan-accept', hidden: true}, t('plan.acceptRisk'));
    const select = h('select', {class: 'plan-status-select', 'aria-label': t('plan.statusOf', {title: a.title})},
      STATUSES.map((value) => h('option', {value, selected: value === a.setStatus}, statusText(value))));
    const save = async (fields) => {
      error.textContent = '';
      select.disabled = true;
      try {
        await this.update(a.id, fields); // the live feed brings the new plan to every page, this one included
      } catch (e) {
        error.textContent = errorText(e);
        select.value = a.setStatus;
      } finally {
        select.disabled = false;
      }
    };
    select.addEventListener('change', () => {
      const risk = select.value === 'RISK_ACCEPTED';
      reason.hidden = !risk;
      accept.hidden = !risk;
      if (!risk) save({status: select.value});
      else reason.focus();
    });
    accept.addEventListener('click', () => save({status: 'RISK_ACCEPTED', reason: reason.value}));
    return h('p', {class: 'small plan-status no-print'},
      t('plan.statusLabel'), ' ', select, ' ', reason, ' ', accept, ' ', error);
  }

  newItemForm(questions) {
    const question = h('select', {id: 'plan-question', required: true},
      questions.map((q) => h('option', {value: q.id}, q.text.length > 90 ? q.text.slice(0, 89) + '…' : q.text)));
    const title = h('input', {type: 'text', id: 'plan-title', required: true, maxlength: MAX_TITLE});
    const owner = h('select', {id: 'plan-owner'}, this.people.map((p) => h('option', {value: p.id, selected: p.id === this.me},
      p.email)));
    const due = h('input', {type: 'date', id: 'plan-due'});
    const error = h('p', {class: 'form-error', role: 'alert'});
    const form = h('form', {class: 'plan-form no-print', id: 'plan-form', onsubmit: async (e) => {
      e.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      error.textContent = '';
      try {
        const item = await this.create({questionId: question.value, title: title.value, ownerId: owner.value || null,
          dueDate: due.value || null});
        if (!this.actions.some((a) => a.id === item.id)) this.show([...this.actions, item]);
        title.value = '';
        due.value = '';
      } catch (err) {
        error.textContent = errorText(err);
      } finally {
        button.disabled = false;
      }
    }},
    h('h4', {}, t('plan.form.title')),
    h('label', {for: 'plan-question'}, t('plan.form.question')), question,
    h('label', {for: 'plan-title'}, t('plan.form.what')), title,
    h('label', {for: 'plan-owner'}, t('plan.form.owner')), owner,
    h('label', {for: 'plan-due'}, t('plan.form.due')), due,
    h('button', {type: 'submit'}, t('plan.form.add')), error);
    return form;
  }
}
