// The audit log, an organisation's (its OWNERs) or the caller's own ("My activity"): a table with filters by person,
// kind and time, a page at a time ("More"), a check of the hash chain ("Verify") and the JSON lines export.
// Entries are shown through textContent only: details and targets are whatever the events carried.
import {gql, currentBase} from './api.js';
import {h, clear, formatDate} from './dom.js';
import {t, has, errorText} from './i18n.js';

const PAGE = 50;
// AuditKind's labels, as suggestions for the kind filter.
const KINDS = ['log-in', 'log-in-failed', 'log-out', 'password-changed', 'password-reset', 'second-factor-changed',
  'passkey-changed', 'account-deleted', 'organisation-created', 'invitation-sent', 'invitation-accepted',
  'invitation-revoked', 'role-changed', 'member-removed', 'member-left', 'assessment-started',
  'assessment-deleted', 'answer', 'sign-off', 'target-set', 'action-created', 'action-changed', 'export',
  'evidence-added', 'evidence-removed'];

const ENTRY_FIELDS = 'id at kind actor { id email } address organisationId target detail';

/** A kind of entry in the user's language (audit.kind.*); a kind the page does not know yet as the API named it. */
function kindName(kind) {
  return has('audit.kind.' + kind) ? t('audit.kind.' + kind) : kind;
}

export class AuditView {
  /**
   * @param root            element to render into
   * @param organisationId  the organisation's log; null for the caller's own chain
   * @param people          [{id, email}] to filter by (the members); empty hides the person filter
   */
  constructor(root, {organisationId = null, people = []} = {}) {
    this.root = root;
    this.organisationId = organisationId;
    this.people = people;
    this.entries = [];
    this.filters = {};
  }

  render() {
    const prefix = 'audit-' + (this.organisationId || 'mine');
    const person = this.people.length ? h('div', {},
      h('label', {for: prefix + '-person'}, t('audit.filter.person')),
      h('select', {id: prefix + '-person', name: 'person'}, h('option', {value: ''}, t('audit.filter.anyone')),
        this.people.map((p) => h('option', {value: p.id}, p.email)))) : null;
    const filters = h('form', {class: 'audit-filters row', onsubmit: (e) => {
      e.preventDefault();
      const f = e.currentTarget;
      this.filters = {
        actorId: f.person ? f.person.value || null : null,
        kind: f.kind.value.trim() || null,
        from: f.from.value ? new Date(f.from.value).toISOString() : null,
        to: f.to.value ? new Date(f.to.value).toISOString() : null,
      };
      this.reload();
    }},
    person,
    h('div', {},
      h('label', {for: prefix + '-kind'}, t('audit.filter.kind')),
      h('input', {id: prefix + '-kind', name: 'kind', type: 'text', list: prefix + '-kinds',
        placeholder: t('audit.filter.anyKind')}),
      // The filter takes the API's name of a kind; each suggestion shows its name in the user's language.
      h('datalist', {id: prefix + '-kinds'}, KINDS.map((k) => h('option', {value: k, label: kindName(k)})))),
    h('div', {},
      h('label', {for: prefix + '-from'}, t('audit.filter.from')),
      h('input', {id: prefix + '-from', name: 'from', type: 'datetime-local'})),
    h('div', {},
      h('label', {for: prefix + '-to'}, t('audit.filter.to')),
      h('input', {id: prefix + '-to', name: 'to', type: 'datetime-local'})),
    h('button', {type: 'submit'}, t('audit.filter.submit')));

    this.body = h('tbody', {});
    this.more = h('button', {type: 'button', class: 'secondary audit-more', hidden: true, onclick: () => this.load()},
      t('audit.more'));
    this.error = h('p', {class: 'form-error', role: 'alert'});
    this.verdict = h('p', {class: 'audit-verdict', role: 'status'});
    const query = this.organisationId ? '?organisationId=' + encodeURIComponent(this.organisationId) : '';
    clear(this.root).append(
      filters,
      h('div', {class: 'audit-tools'},
        h('button', {type: 'button', class: 'secondary audit-verify', onclick: () => this.verify()}, t('audit.verify')),
        ' ',
        h('a', {class: 'audit-download', href: currentBase() + '/audit-log.jsonl' + query, download: ''},
          t('audit.download')),
        this.verdict),
      h('div', {class: 'table-scroll'},
        h('table', {class: 'audit-table'},
          h('thead', {}, h('tr', {}, ['time', 'kind', 'who', 'address', 'target', 'detail'].map((c) =>
            h('th', {scope: 'col'}, t('audit.column.' + c))))),
          this.body)),
      this.more,
      this.error);
    return this.reload();
  }

  reload() {
    this.entries = [];
    clear(this.body);
    return this.load();
  }

  /** The next page after the last entry shown. */
  async load() {
    this.error.textContent = '';
    this.more.disabled = true;
    const last = this.entries.length ? this.entries[this.entries.length - 1].id : null;
    try {
      const d = await gql(`query($o: ID, $after: ID, $limit: Int, $actor: ID, $kind: String, $from: String, $to: String) {
          auditLog(organisationId: $o, after: $after, limit: $limit, actorId: $actor, kind: $kind, from: $from, to: $to) {
            ${ENTRY_FIELDS} } }`,
      {o: this.organisationId, after: last, limit: PAGE, actor: this.filters.actorId || null,
        kind: this.filters.kind || null, from: this.filters.from || null, to: this.filters.to || null});
      const page = d.auditLog;
      this.entries.push(...page);
      for (const e of page) this.body.appendChild(row(e));
      if (!this.entries.length) {
        this.body.appendChild(h('tr', {}, h('td', {colspan: 6, class: 'muted'}, t('audit.empty'))));
      }
      this.more.hidden = page.length < PAGE;
    } catch (e) {
      this.error.textContent = errorText(e);
    } finally {
      this.more.disabled = false;
    }
  }

  async verify() {
    this.verdict.textContent = t('audit.checking');
    this.verdict.dataset.state = '';
    try {
      const d = await gql('query($o: ID) { verifyAuditLog(organisationId: $o) { intact checked brokenAt } }',
        {o: this.organisationId});
      const v = d.verifyAuditLog;
      this.verdict.dataset.state = v.intact ? 'intact' : 'broken';
      this.verdict.textContent = v.intact
        ? t('audit.intact', {count: v.checked})
        : t('audit.broken', {brokenAt: v.brokenAt, checked: v.checked});
    } catch (e) {
      this.verdict.dataset.state = 'error';
      this.verdict.textContent = t('audit.verifyFailed', {error: errorText(e)});
    }
  }
}

function row(e) {
  return h('tr', {class: 'audit-entry', dataset: {id: e.id, kind: e.kind}},
    h('td', {}, formatDate(e.at)),
    h('td', {}, kindName(e.kind)),
    h('td', {}, e.actor ? e.actor.email : '–'),
    h('td', {}, e.address || ''),
    h('td', {}, e.target || ''),
    h('td', {class: 'audit-detail'}, detailText(e.detail)));
}

/** The detail JSON as "key: value" pairs, or as it came when it is not an object. */
function detailText(detail) {
  if (!detail) return '';
  try {
    const o = JSON.parse(detail);
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      return Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
    }
  } catch (err) { /* not JSON: shown as it is */ }
  return detail;
}
