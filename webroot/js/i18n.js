// The page's words in the user's language. Message bundles are plain JSON files served with the page
// (i18n/<language>/<part>.json, flat keys, no build step): "core" (shared words: functions, tiers, errors, the
// connection's state), "account" (signing in, accounts, teams, audit) and "assessment" (questionnaire, report,
// plan, evidence). English is complete and the fallback of a key missing in another language (a test keeps the
// languages complete). Numbers, scores and dates are formatted for the language with Intl.
//
// Text from bundles is set with textContent like every other text (dom.js): a bundle never carries markup.

export const LANGUAGES = ['en', 'de'];
/** Each language's name in itself, for the switch (never translated). */
export const LANGUAGE_NAMES = {en: 'English', de: 'Deutsch'};
const PARTS = ['core', 'account', 'assessment'];
const STORAGE_KEY = 'bastion.language';

let current = 'en';
let words = {};
let english = {};
const listeners = new Set();

export function language() {
  return current;
}

/** The language this browser chose on the page before, else the first of its preferred languages we speak. */
export function preferredLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    // storage disabled: follow the browser
  }
  if (LANGUAGES.includes(stored)) return stored;
  for (const tag of navigator.languages || [navigator.language]) {
    const primary = String(tag || '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}

const loaded = new Map(); // language -> its words, fetched once

async function load(lang) {
  if (loaded.has(lang)) return loaded.get(lang);
  const parts = await Promise.all(PARTS.map(async (part) => {
    const response = await fetch(`i18n/${lang}/${part}.json`, {credentials: 'same-origin'});
    if (!response.ok) throw new Error(`bundle ${lang}/${part}: HTTP ${response.status}`);
    return response.json();
  }));
  const all = Object.assign({}, ...parts);
  loaded.set(lang, all);
  return all;
}

let switching = Promise.resolve();

/**
 * Speak this language from now on: its bundles are loaded (English first, once, as the fallback), the page's static
 * texts (data-i18n) are translated, and listeners are told so that they can draw their views again. Switches run one
 * after the other. False when the bundles could not be loaded (the server cannot be reached): the page keeps
 * speaking the language it spoke (English, with the keys themselves, if even that never loaded).
 * @param remember keep the choice in this browser (a choice made on the page or saved with the account)
 */
export function useLanguage(lang, {remember = true} = {}) {
  const next = switching.then(() => switchTo(lang, remember));
  switching = next.catch(() => false);
  return next;
}

async function switchTo(lang, remember) {
  if (!LANGUAGES.includes(lang)) lang = 'en';
  try {
    english = await load('en');
    words = await load(lang);
  } catch (e) {
    console.warn('could not load the words of', lang, e);
    return false;
  }
  current = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch (e) {
      // storage disabled: the account keeps the choice
    }
  }
  document.documentElement.lang = lang;
  translate(document);
  for (const listener of listeners) listener(lang);
  return true;
}

/** Called with the new language after every switch. */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function has(key) {
  return key in words || key in english;
}

/**
 * The text of a key with its {placeholders} filled from params (numbers formatted for the language). With a numeric
 * params.count, the plural form key.one / key.other (Intl.PluralRules) is used where the bundle has one.
 */
export function t(key, params = {}) {
  let text;
  if (typeof params.count === 'number') {
    const form = new Intl.PluralRules(current).select(params.count);
    text = lookup(`${key}.${form}`) ?? lookup(`${key}.other`);
  }
  text = text ?? lookup(key);
  if (text === undefined) {
    console.warn('no text for', key);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'number' ? formatNumber(value) : String(value);
  });
}

function lookup(key) {
  return words[key] ?? english[key];
}

/**
 * The static texts of the page: an element with data-i18n="key" gets the key's text as its content, one with
 * data-i18n-attr="placeholder:key; aria-label:key2" those attributes.
 */
export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/**
 * An error in the user's language, from its extensions.code (and extensions.reason where the API gives one), never
 * from the server's English message: the codes are the contract. Extension values fill the text's placeholders.
 */
export function errorText(error) {
  const code = (error && error.code) || 'ERROR';
  const ext = codeWords((error && error.extensions) || {});
  if (ext.reason && has(`error.${code}.${ext.reason}`)) return t(`error.${code}.${ext.reason}`, ext);
  if (has(`error.${code}`)) return t(`error.${code}`, ext);
  if (code.startsWith('HTTP_')) return t('error.HTTP', {status: code.slice(5)});
  return t('error.ERROR');
}

/**
 * An error in the words of one form or view: a reason the bundles know first, then what a code means there
 * (`meaning`: code -> key, e.g. {UNAUTHENTICATED: 'auth.login.wrong'} on the login form), else errorText.
 */
export function errorIn(error, meaning = {}) {
  const ext = (error && error.extensions) || {};
  if (ext.reason && has(`error.${error.code}.${ext.reason}`)) return errorText(error);
  const key = meaning[error && error.code];
  return key ? t(key, codeWords(ext)) : errorText(error);
}

/** Role and status codes an error names ("EDITOR, OWNER") in the user's words ("Bearbeiter/in, Eigentümer/in"). */
function codeWords(ext) {
  const out = {...ext};
  for (const name of ['allowed', 'role']) {
    if (typeof out[name] !== 'string') continue;
    out[name] = out[name].split(/,\s*/).map((c) => (has(`role.${c}`) ? t(`role.${c}`)
      : has(`plan.status.${c}`) ? t(`plan.status.${c}`) : c)).join(', ');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- formatting

export function formatNumber(n, fractionDigits) {
  const options = fractionDigits === undefined ? {} : {minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits};
  return new Intl.NumberFormat(current, options).format(n);
}

/** A score with one decimal ("57.9", "57,9"), or a dash when there is none. */
export function formatScore(score) {
  return score === null || score === undefined ? '–' : formatNumber(Number(score), 1);
}

/** A change of score with its sign ("+2.5", "−1,0"). */
export function signed(n) {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat(current, {minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero'})
      .format(Number(n));
}

/** A share in [0, 1] as a whole percentage ("42 %" in German). */
export function formatPercent(share) {
  return new Intl.NumberFormat(current, {style: 'percent', maximumFractionDigits: 0}).format(share);
}

/** A moment (ISO-8601) as date and time in the user's time zone. */
export function formatDate(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current, {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD, no time zone: a due date) as the language writes it. */
export function formatDay(day) {
  if (!day) return '';
  const [y, m, d] = String(day).split('-').map(Number);
  if (!y || !m || !d) return String(day);
  return new Intl.DateTimeFormat(current, {dateStyle: 'medium', timeZone: 'UTC'}).format(new Date(Date.UTC(y, m - 1, d)));
}
