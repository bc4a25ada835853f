// Passkeys and two-step verification: the login page's passkey button and code step, and the account page's
// "Passkeys" and "Two-step verification" sections. Labels and codes are shown with textContent only (h()).
import {gql, ACCOUNT_FIELDS} from './api.js';
import {h, clear, $, formatDate} from './dom.js';
import {t, errorIn, onLanguageChange} from './i18n.js';
import {qrcode} from '../vendor/qrcode.js';

const SESSION_FIELDS = `{ account { ${ACCOUNT_FIELDS} } }`;

/** A refusal of this page (or of the browser), not of the API: the key of its words. */
class PageError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/**
 * An error in the user's language: the page's own, a reason the bundles know, what a code means in this form
 * (`meaning`: code -> key, e.g. UNAUTHENTICATED on a passkey login: not accepted), else the code's words.
 */
function errorMessage(e, meaning = {}) {
  return e instanceof PageError ? t(e.key, e.params) : errorIn(e, meaning);
}
let pendingLogin = null;  // the secondFactorToken of a login waiting for its code
let loggedIn = async () => {};

// ------------------------------------------------------------------ WebAuthn in the browser

/** Why this page cannot use passkeys (in the user's language), or null when it can. */
export function passkeysUnavailable() {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return t('passkeys.unsupported');
  }
  const host = location.hostname;
  if (/^[0-9.]+$/.test(host) || host.includes(':') || host.startsWith('[')) {
    return t('passkeys.needsHostName', {host});
  }
  return null;
}

const b64u = {
  toBuf: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer,
  fromBuf: (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_')
    .replace(/=+$/, ''),
};

// The server's options (base64url strings) as WebAuthn wants them (ArrayBuffers).
function creationOptions(o) {
  return {...o, challenge: b64u.toBuf(o.challenge), user: {...o.user, id: b64u.toBuf(o.user.id)},
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({...c, id: b64u.toBuf(c.id)}))};
}

function requestOptions(o) {
  return {...o, challenge: b64u.toBuf(o.challenge),
    allowCredentials: (o.allowCredentials || []).map((c) => ({...c, id: b64u.toBuf(c.id)}))};
}

// A PublicKeyCredential as the JSON the server verifies.
function credentialJson(c) {
  const r = c.response;
  const out = {id: c.id, rawId: b64u.fromBuf(c.rawId), type: c.type,
    response: {clientDataJSON: b64u.fromBuf(r.clientDataJSON)}};
  if (r.attestationObject) {
    out.response.attestationObject = b64u.fromBuf(r.attestationObject);
    out.response.transports = r.getTransports ? r.getTransports() : [];
  }
  if (r.authenticatorData) {
    out.response.authenticatorData = b64u.fromBuf(r.authenticatorData);
    out.response.signature = b64u.fromBuf(r.signature);
    if (r.userHandle) out.response.userHandle = b64u.fromBuf(r.userHandle);
  }
  return JSON.stringify(out);
}

/** The browser's refusals, in words. */
function browserError(e) {
  if (e && e.name === 'NotAllowedError') return new PageError('passkeys.cancelled');
  if (e && e.name === 'InvalidStateError') return new PageError('passkeys.alreadyHere');
  return e;
}

// ------------------------------------------------------------------ forms

async function run(form, action, meaning = {}) {
  const error = form.querySelector('.form-error');
  const ok = form.querySelector('.form-ok');
  const button = form.querySelector('button[type=submit]');
  if (error) error.textContent = '';
  if (ok) ok.textContent = '';
  if (button) button.disabled = true;
  try {
    await action();
  } catch (e) {
    if (error) error.textContent = errorMessage(e, meaning);
  } finally {
    if (button) button.disabled = false;
  }
}

// ------------------------------------------------------------------ login page

/** Binds the passkey button and the code step; {@code onLoggedIn(account)} opens the signed-in page. */
export function bindFactorLogin(onLoggedIn) {
  loggedIn = onLoggedIn;
  const button = $('#passkey-login');
  showPasskeyLogin();
  onLanguageChange(showPasskeyLogin);
  button.addEventListener('click', () => run($('#login-form'), async () => {
    button.disabled = true;
    try {
      const d = await gql('mutation { passkeyLoginOptions { flow options } }');
      const o = d.passkeyLoginOptions;
      let credential;
      try {
        credential = await navigator.credentials.get({publicKey: requestOptions(JSON.parse(o.options))});
      } catch (e) {
        throw browserError(e);
      }
      const s = await gql(`mutation($f: ID!, $c: String!) { logInWithPasskey(flow: $f, credential: $c) ${SESSION_FIELDS} }`,
        {f: o.flow, c: credentialJson(credential)});
      await loggedIn(s.logInWithPasskey.account);
    } finally {
      button.disabled = false;
    }
  }, {UNAUTHENTICATED: 'auth.passkey.notAccepted'}));
  $('#code-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    run(f, async () => {
      try {
        const d = await gql(`mutation($t: String!, $c: String!) { completeLogIn(secondFactorToken: $t, code: $c) ${SESSION_FIELDS} }`,
          {t: pendingLogin, c: f.code.value.trim()});
        endCodeStep();
        await loggedIn(d.completeLogIn.account);
      } catch (err) {
        f.code.select();
        // An expired login (or too many wrong codes) ends the step, said on the login form, which is shown again.
        if (err.code === 'UNAUTHENTICATED' && err.extensions && err.extensions.reason === 'LOGIN_EXPIRED') {
          endCodeStep();
          $('#login-form .form-error').textContent = t('auth.code.expired');
          return;
        }
        throw err;
      }
    }, {UNAUTHENTICATED: 'auth.code.wrong'});
  });
  $('#code-cancel').addEventListener('click', () => endCodeStep());
}

/** After a right password on an account with two-step verification: ask for the code. */
export function askForCode(secondFactorToken) {
  pendingLogin = secondFactorToken;
  $('#login-form').hidden = true;
  $('#signup-form').hidden = true;
  const f = $('#code-form');
  f.reset();
  f.querySelector('.form-error').textContent = '';
  f.hidden = false;
  f.code.focus();
}

/** The login's passkey button, or why this page cannot offer it. */
function showPasskeyLogin() {
  const why = passkeysUnavailable();
  $('#passkey-login').hidden = Boolean(why);
  $('#passkey-login-unavailable').hidden = !why;
  $('#passkey-login-unavailable').textContent = why || '';
}

function endCodeStep() {
  pendingLogin = null;
  $('#code-form').hidden = true;
  $('#login-form').hidden = false;
  $('#signup-form').hidden = false;
}

// ------------------------------------------------------------------ account page

/** Fills the account page's passkey and two-step sections. */
export async function showAccountFactors() {
  const why = passkeysUnavailable();
  $('#passkeys-unavailable').hidden = !why;
  $('#passkeys-unavailable').textContent = why || '';
  $('#passkey-form').hidden = Boolean(why);
  $('#recovery-codes').hidden = true;
  $('#two-step-confirm').hidden = true;
  const d = await gql('{ passkeys { id label createdAt lastUsedAt } twoStepEnabled }');
  renderPasskeys(d.passkeys);
  renderTwoStep(d.twoStepEnabled);
}

function renderPasskeys(passkeys) {
  const list = clear($('#passkey-list'));
  if (!passkeys.length) {
    list.appendChild(h('li', {class: 'muted'}, t('passkeys.none')));
    return;
  }
  for (const p of passkeys) {
    const name = p.label || t('passkeys.unnamed');
    list.appendChild(h('li', {class: 'passkey', dataset: {id: p.id}},
      h('span', {class: 'passkey-label'}, name),
      h('span', {class: 'muted small'}, ' ', p.lastUsedAt
        ? t('passkeys.addedAndUsed', {date: formatDate(p.createdAt), lastUsed: formatDate(p.lastUsedAt)})
        : t('passkeys.added', {date: formatDate(p.createdAt)})),
      ' ',
      h('button', {type: 'button', class: 'link', 'aria-label': t('passkeys.removeLabel', {name}),
        onclick: (e) => removePasskey(p.id, name, e.currentTarget)}, t('passkeys.remove'))));
  }
}

async function removePasskey(id, name, button) {
  if (!window.confirm(t('passkeys.removeConfirm', {name}))) return;
  const f = $('#passkey-form');
  await run(f, async () => {
    button.disabled = true;
    await gql('mutation($id: ID!) { removePasskey(id: $id) }', {id});
    const d = await gql('{ passkeys { id label createdAt lastUsedAt } }');
    renderPasskeys(d.passkeys);
    f.querySelector('.form-ok').textContent = t('passkeys.removed', {name});
  });
}

async function addPasskey(f) {
  await run(f, async () => {
    const label = f.label.value.trim();
    if (!label) throw new PageError('passkeys.nameMissing');
    const d = await gql('mutation { passkeyRegistrationOptions { flow options } }');
    const o = d.passkeyRegistrationOptions;
    let credential;
    try {
      credential = await navigator.credentials.create({publicKey: creationOptions(JSON.parse(o.options))});
    } catch (e) {
      throw browserError(e);
    }
    await gql('mutation($f: ID!, $c: String!, $l: String!) { registerPasskey(flow: $f, credential: $c, label: $l) { id } }',
      {f: o.flow, c: credentialJson(credential), l: label});
    f.reset();
    const list = await gql('{ passkeys { id label createdAt lastUsedAt } }');
    renderPasskeys(list.passkeys);
    f.querySelector('.form-ok').textContent = t('passkeys.addedOk', {name: label});
  });
}

function renderTwoStep(enabled) {
  const status = $('#two-step-status');
  // data-i18n: a switch of language says it again without asking the API.
  status.dataset.i18n = enabled ? 'twoStep.on' : 'twoStep.off';
  status.textContent = t(status.dataset.i18n);
  $('#two-step-start').hidden = enabled;
  $('#two-step-disable').hidden = !enabled;
}

async function startTwoStep(f) {
  await run(f, async () => {
    const d = await gql('mutation { startTwoStep { secret uri } }');
    const qr = qrcode(0, 'M');
    qr.addData(d.startTwoStep.uri);
    qr.make();
    clear($('#two-step-qr')).appendChild(h('img', {src: qr.createDataURL(4, 4),
      alt: t('twoStep.qrAlt'), width: qr.getModuleCount() * 4 + 32}));
    $('#two-step-secret').textContent = d.startTwoStep.secret.replace(/(.{4})/g, '$1 ').trim();
    f.hidden = true;
    const confirm = $('#two-step-confirm');
    confirm.hidden = false;
    confirm.code.focus();
  });
}

async function confirmTwoStep(f) {
  await run(f, async () => {
    const d = await gql('mutation($c: String!) { confirmTwoStep(code: $c) }', {c: f.code.value.trim()});
    f.reset();
    f.hidden = true;
    clear($('#two-step-qr'));
    $('#two-step-secret').textContent = '';
    clear($('#recovery-list')).append(...d.confirmTwoStep.map((code) => h('li', {}, h('code', {}, code))));
    const codes = $('#recovery-codes');
    codes.hidden = false;
    codes.setAttribute('tabindex', '-1');
    codes.focus();  // keyboard and screen reader users land on the codes they must save
    renderTwoStep(true);
  });
}

async function disableTwoStep(f) {
  await run(f, async () => {
    await gql('mutation($c: String!) { disableTwoStep(code: $c) }', {c: f.code.value.trim()});
    f.reset();
    $('#recovery-codes').hidden = true;
    renderTwoStep(false);
  });
}

export function bindAccountFactors() {
  const on = (id, handler) => $(id).addEventListener('submit', (e) => {
    e.preventDefault();
    handler(e.currentTarget);
  });
  on('#passkey-form', addPasskey);
  on('#two-step-start', startTwoStep);
  on('#two-step-confirm', confirmTwoStep);
  on('#two-step-disable', disableTwoStep);
}
