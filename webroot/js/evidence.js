// Evidence of answers: per question an "Evidence (n)" section with the files (downloaded as attachments, never shown
// inline) and links (http(s) only, opened without a referrer or opener), their dates, expired items marked; for an
// EDITOR an upload form (file, effective date, expiry) and a link form. Lists change live for everyone who has the
// assessment open. Text is shown as text (textContent), never as HTML.
import {h, clear} from './dom.js';
import {t, language, errorText, formatDay, formatNumber} from './i18n.js';

/** Whether a URL is an http(s) address: anything else (javascript:, data:...) is not made a link. */
function httpUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch (e) {
    return false;
  }
}

/** A file's size with its unit, the number written as the language writes it ("1,5 MB"). */
function sizeText(bytes) {
  if (bytes < 1024) return t('evidence.size.bytes', {size: formatNumber(bytes)});
  if (bytes < 1024 * 1024) return t('evidence.size.kb', {size: formatNumber(Math.round(bytes / 1024))});
  return t('evidence.size.mb', {size: formatNumber(bytes / 1024 / 1024, 1)});
}

export class EvidenceBoard {
  /**
   * @param upload   async (questionId, FormData) => the new item; absent for a VIEWER
   * @param addLink  async (questionId, {url, title, effectiveDate, expiresOn}) => the new item; absent for a VIEWER
   * @param remove   async (evidenceId) => void; absent for a VIEWER
   */
  constructor({upload = null, addLink = null, remove = null}) {
    this.upload = upload;
    this.addLink = addLink;
    this.remove = remove;
    this.lists = new Map(); // questionId -> [evidence]
    this.panels = new Map(); // questionId -> {details, summary, list}
  }

  /** The section of a question, built once (the questionnaire places it); filled by show/showQuestion. */
  panel(questionId) {
    if (this.language !== language()) {
      // Built again in the new language after a switch (the questionnaire asks for every panel when drawn anew).
      this.language = language();
      this.panels.clear();
    }
    if (this.panels.has(questionId)) return this.panels.get(questionId).details;
    const summary = h('summary', {});
    const list = h('ul', {class: 'evidence-list'});
    const details = h('details', {class: 'evidence', id: 'evidence-' + questionId, dataset: {qid: questionId}},
      summary, list, this.upload ? this.forms(questionId) : null);
    this.panels.set(questionId, {details, summary, list});
    this.render(questionId);
    return details;
  }

  /** Every question's evidence ([{questionId, ...}], as Assessment.evidence lists it). */
  show(items) {
    this.lists.clear();
    for (const e of items) {
      if (!this.lists.has(e.questionId)) this.lists.set(e.questionId, []);
      this.lists.get(e.questionId).push(e);
    }
    for (const id of this.panels.keys()) this.render(id);
  }

  /** One question's evidence after a change (ours, or a teammate's over the live feed). */
  showQuestion(questionId, items) {
    this.lists.set(questionId, items);
    this.render(questionId);
  }

  render(questionId) {
    const p = this.panels.get(questionId);
    if (!p) return;
    const items = this.lists.get(questionId) || [];
    const expired = items.filter((e) => e.expired);
    clear(p.summary);
    p.summary.append(t('evidence.summary', {count: items.length}));
    if (expired.length) {
      const since = expired.map((e) => e.expiresOn).sort()[0];
      p.summary.append(' ',
        h('span', {class: 'evidence-expired'}, t('evidence.summaryExpired', {date: formatDay(since)})));
    }
    clear(p.list);
    if (!items.length) {
      p.list.appendChild(h('li', {class: 'muted small'}, t('evidence.empty')));
      return;
    }
    for (const e of items) p.list.appendChild(this.item(e));
  }

  item(e) {
    let name;
    if (e.kind === 'FILE') {
      name = h('a', {href: e.downloadPath, download: e.name, class: 'evidence-file'}, e.name);
    } else if (httpUrl(e.url)) {
      name = h('a', {href: e.url, rel: 'noopener noreferrer', target: '_blank', class: 'evidence-link'}, e.name);
    } else {
      name = h('span', {}, e.name);
    }
    const dates = e.expiresOn
      ? t('evidence.item.fromUntil', {from: formatDay(e.effectiveDate), until: formatDay(e.expiresOn)})
      : t('evidence.item.from', {from: formatDay(e.effectiveDate)});
    const facts = [e.kind === 'FILE' ? sizeText(e.size) : t('evidence.item.link'), dates,
      e.addedBy ? t('evidence.item.addedBy', {email: e.addedBy.email}) : null].filter(Boolean).join(' · ');
    const removeButton = this.remove ? h('button', {type: 'button', class: 'link small evidence-remove',
      onclick: async (ev) => {
        ev.currentTarget.disabled = true;
        try {
          await this.remove(e.id);
          this.showQuestion(e.questionId, (this.lists.get(e.questionId) || []).filter((x) => x.id !== e.id));
        } catch (err) {
          ev.target.disabled = false;
        }
      }, 'aria-label': t('evidence.removeNamed', {name: e.name})}, t('evidence.remove')) : null;
    return h('li', {class: e.expired ? 'expired' : null, dataset: {id: e.id}}, name, ' ',
      h('span', {class: 'muted small'}, facts),
      e.expired ? h('span', {class: 'evidence-expired small'}, ' ' + t('evidence.item.expiredSince',
        {date: formatDay(e.expiresOn)})) : null,
      removeButton ? ' ' : null, removeButton);
  }

  /** The upload and link forms of an EDITOR. */
  forms(questionId) {
    const id = (s) => `ev-${s}-${questionId}`;
    const status = h('p', {class: 'small evidence-status', 'aria-live': 'polite'});
    const today = new Date().toISOString().slice(0, 10);
    const dates = (prefix) => [
      h('label', {for: id(prefix + '-from')}, t('evidence.form.from')),
      h('input', {type: 'date', id: id(prefix + '-from'), name: 'effectiveDate', required: true, value: today}),
      h('label', {for: id(prefix + '-until')}, t('evidence.form.until')),
      h('input', {type: 'date', id: id(prefix + '-until'), name: 'expiresOn'})];
    const added = (item) => {
      const list = (this.lists.get(questionId) || []).filter((x) => x.id !== item.id);
      this.showQuestion(questionId, [...list, item]);
      status.textContent = t('evidence.added', {name: item.name});
    };
    const fileForm = h('form', {class: 'evidence-upload no-print', onsubmit: async (ev) => {
      ev.preventDefault();
      const form = ev.currentTarget;
      status.textContent = t('evidence.uploading');
      try {
        added(await this.upload(questionId, new FormData(form)));
        form.querySelector('input[type=file]').value = '';
      } catch (err) {
        status.textContent = errorText(err);
      }
    }},
    h('label', {for: id('file')}, t('evidence.form.file')),
    h('input', {type: 'file', id: id('file'), name: 'file', required: true, title: t('evidence.form.fileTypes')}),
    ...dates('file'),
    h('button', {type: 'submit', class: 'small'}, t('evidence.form.upload')));
    const linkForm = h('form', {class: 'evidence-link-form no-print', onsubmit: async (ev) => {
      ev.preventDefault();
      const form = ev.currentTarget;
      const f = new FormData(form);
      try {
        added(await this.addLink(questionId, {url: f.get('url'), title: f.get('title') || null,
          effectiveDate: f.get('effectiveDate'), expiresOn: f.get('expiresOn') || null}));
        form.querySelector('input[name=url]').value = '';
        form.querySelector('input[name=title]').value = '';
      } catch (err) {
        status.textContent = errorText(err);
      }
    }},
    h('label', {for: id('url')}, t('evidence.form.url')),
    h('input', {type: 'url', id: id('url'), name: 'url', required: true, maxlength: 2000}),
    h('label', {for: id('title')}, t('evidence.form.title')),
    h('input', {type: 'text', id: id('title'), name: 'title', maxlength: 255}),
    ...dates('link'),
    h('button', {type: 'submit', class: 'small'}, t('evidence.form.addLink')));
    return h('div', {class: 'evidence-forms'}, fileForm, linkForm, status);
  }
}
