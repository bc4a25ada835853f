// The action plan under the report: findings turned into items with an owner, a due date and a status. Overdue
// items stand out; an item whose question is answered fully shows as done (the server decides, from the answer),
// and opens again with the gap. Items change live for everyone who has the assessment open. Text is shown as
// text (textContent), never as HTML.
import {h, clear} from './dom.js';

const STATUS_TEXT = {OPEN: 'Open', IN_PROGRESS: 'In progress', DONE: 'Done', RISK_ACCEPTED: 'Risk accepted'};
const MAX_TITLE = 200;

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
    // Built once: a live report or a teammate's change redraws the list, not what is being typed here.
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
    clear(this.el);
    const overdue = this.actions.filter((a) => a.overdue).length;
    this.el.append(...[
      h('h3', {}, `Action plan (${this.actions.length})`),
      overdue ? h('p', {class: 'plan-overdue-count'}, `${overdue} overdue`) : null,
      this.actions.length ? h('ol', {class: 'plan-items'}, this.actions.map((a) => this.item(a)))
        : h('p', {class: 'muted'}, this.create ? 'No items yet: turn a finding into one with "Plan".'
          : 'No items yet.'),
      this.form].filter(Boolean));
  }

  item(a) {
    const question = this.questions.get(a.questionId) || a.questionId;
    return h('li', {class: 'plan-item' + (a.overdue ? ' overdue' : ''), dataset: {id: a.id, status: a.status}},
      h('p', {class: 'plan-title'}, h('strong', {}, a.title)),
      h('p', {class: 'muted small'}, h('a', {href: '#q-' + a.questionId}, question)),
      h('p', {class: 'small'},
        `Owner: ${a.owner ? a.owner.email : 'nobody (account deleted)'} · `
        + (a.dueDate ? `due ${a.dueDate}` : 'no due date'),
        a.overdue ? h('span', {class: 'badge overdue-badge'}, `Overdue since ${a.dueDate}`) : null),
      a.closedByAnswer ? h('p', {class: 'small closed-by-answer'}, 'Done: the question is answered fully.') : null,
      a.status === 'RISK_ACCEPTED' && a.reason ? h('p', {class: 'small'}, 'Risk accepted: ', a.reason) : null,
      this.statusControl(a));
  }

  /** The status as text, or for an EDITOR a select; accepting a risk asks for the reason first. */
  statusControl(a) {
    if (!this.update || a.closedByAnswer) {
      return h('p', {class: 'small plan-status'}, `Status: ${STATUS_TEXT[a.status] || a.status}`);
    }
    const error = h('span', {class: 'form-error', role: 'alert'});
    const reason = h('input', {type: 'text', class: 'plan-reason', maxlength: 2000, placeholder: 'Why is the risk accepted?',
      hidden: true});
    const accept = h('button', {type: 'button', class: 'plan-accept', hidden: true}, 'Accept risk');
    const select = h('select', {class: 'plan-status-select', 'aria-label': `Status of ${a.title}`},
      Object.entries(STATUS_TEXT).map(([value, text]) => h('option', {value, selected: value === a.setStatus}, text)));
    const save = async (fields) => {
      error.textContent = '';
      select.disabled = true;
      try {
        await this.update(a.id, fields); // the live feed brings the new plan to every page, this one included
      } catch (e) {
        error.textContent = e.message;
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
    return h('p', {class: 'small plan-status no-print'}, 'Status: ', select, ' ', reason, ' ', accept, ' ', error);
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
        error.textContent = err.message;
      } finally {
        button.disabled = false;
      }
    }},
    h('h4', {}, 'New item'),
    h('label', {for: 'plan-question'}, 'Question'), question,
    h('label', {for: 'plan-title'}, 'What will be done'), title,
    h('label', {for: 'plan-owner'}, 'Owner'), owner,
    h('label', {for: 'plan-due'}, 'Due'), due,
    h('button', {type: 'submit'}, 'Add to plan'), error);
    return form;
  }
}
