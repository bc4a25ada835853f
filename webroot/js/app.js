// Bastion's page: routing between views, accounts, the assessment list, and one assessment with its
// questionnaire and live report. Plain ES modules, no build step.
import {gql, setBase, REPORT_FIELDS, CATALOGUE_FIELDS} from './api.js';
import {h, clear, $, formatScore, formatDate} from './dom.js';
import {Questionnaire} from './questionnaire.js';
import {ReportView} from './report.js';
import {LiveReports} from './live.js';
import {showSessions} from './sessions.js';
import {bindFactorLogin, askForCode, bindAccountFactors, showAccountFactors} from './factors.js';
import {Outage} from './outage.js';

const state = {
  flash: null,
  me: null,
  catalogues: [],
  assessmentId: null,
  questionnaire: null,
  report: null,
  loadToken: 0,
  /** The view could not load because the service was unavailable: load it again when it is back. */
  viewFailed: false,
};

const STATUS_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  moved: 'Live (moved to another server)',
  reconnecting: 'Connection lost, reconnecting…',
  refused: 'Session ended: log in again',
  unavailable: 'Service unavailable, retrying…',
  offline: 'Live updates unavailable',
};

const outage = new Outage({
  onBack: (account) => serviceBack(account),
  // Refused once back: the session really ended meanwhile; or the page was opened logged out during the outage.
  onRefused: () => (state.me ? sessionEnded() : route()),
});

/** The service answers again: who we are, then the answers that waited (in order), then what the view missed. */
async function serviceBack(account) {
  if (!state.me) {
    await signedIn(account); // the page was opened during the outage
    state.viewFailed = true;
  }
  if (state.questionnaire) await state.questionnaire.savePending();
  if (state.viewFailed) {
    state.viewFailed = false;
    await route();
  } else {
    catchUp();
  }
}

const live = new LiveReports({
  onReport: (report) => onReport(report),
  onStatus: (status, node) => {
    const el = $('#live-status');
    const moved = status === 'live' && node && node !== location.origin;
    el.hidden = false;
    el.dataset.state = status;
    el.textContent = STATUS_TEXT[moved ? 'moved' : status] || status;
    el.title = node ? `connected to ${node}` : '';
    if (status === 'live') setBase(node);
    if (status === 'refused') sessionEnded();
    if (status === 'unavailable') outage.report();
  },
  onReconnect: () => catchUp(),
});

/** The user nodes this page may move to, its own first. */
async function userNodes() {
  try {
    const r = await fetch('/nodes', {credentials: 'same-origin'});
    const d = await r.json();
    return [location.origin, ...d.nodes.filter((n) => n !== location.origin)];
  } catch (e) {
    return [location.origin];
  }
}

// ------------------------------------------------------------------ views and routing

function show(viewId) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== viewId;
  const heading = $(`#${viewId} h1`);
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: true});
  }
}

function notice(message) {
  const el = $('#notice');
  el.textContent = message || '';
  el.hidden = !message;
}

async function route() {
  // A message meant for the view we are going to (set before changing the hash) survives the hashchange.
  notice(state.flash || '');
  state.flash = null;
  const hash = location.hash || '#/';
  if (hash.startsWith('#/reset/')) {
    show('view-reset');
    return;
  }
  if (hash === '#/forgot') {
    show('view-forgot');
    return;
  }
  if (!state.me) {
    show('view-auth');
    return;
  }
  if (hash.startsWith('#/a/')) {
    await openAssessment(decodeURIComponent(hash.slice(4)));
  } else if (hash === '#/account') {
    state.assessmentId = null;
    show('view-account');
    await showSessions($('#session-list'), $('#sessions-error'), sessionEnded, () => {
      state.viewFailed = true;
      outage.report();
    });
    await showAccountFactors().catch(handleError);
  } else if (hash.startsWith('#/') || hash === '') {
    state.assessmentId = null;
    await openHome();
  }
}

async function signedIn(account) {
  state.me = account;
  $('#account-email').textContent = account.email;
  $('#account-nav').hidden = false;
  live.start(account.id, await userNodes());
}

function signedOut() {
  state.me = null;
  state.assessmentId = null;
  live.stop();
  setBase(null);
  $('#account-nav').hidden = true;
  $('#live-status').hidden = true;
}

function sessionEnded() {
  if (!state.me) return;
  signedOut();
  go('#/', 'Your session has ended. Log in again to continue.');
}

/** Shows a view by its hash, with an optional message on it. */
function go(hash, message) {
  state.flash = message || null;
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash; // route() runs on hashchange
  }
}

/** Runs an API call from a form, showing its error in the form. */
async function withForm(form, action) {
  const error = form.querySelector('.form-error');
  const ok = form.querySelector('.form-ok');
  const button = form.querySelector('button[type=submit]');
  error.textContent = '';
  if (ok) ok.textContent = '';
  button.disabled = true;
  try {
    await action();
  } catch (e) {
    if (e.code === 'UNAVAILABLE') outage.report();
    error.textContent = e.message;
    if (e.code === 'RATE_LIMITED' && e.extensions.retryAfterSeconds) {
      error.textContent += ` (try again in ${e.extensions.retryAfterSeconds} s)`;
    }
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ accounts

function bindAccountForms() {
  $('#login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      let d;
      try {
        d = await gql('mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { account { id email } } }',
          {e: f.email.value, p: f.password.value});
      } catch (err) {
        if (err.code !== 'SECOND_FACTOR_REQUIRED') throw err;
        f.reset();
        askForCode(err.extensions.secondFactorToken);
        return;
      }
      f.reset();
      await signedIn(d.logIn.account);
      location.hash = '#/';
      await route();
    });
  });
  $('#signup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      const d = await gql('mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { account { id email } } }',
        {e: f.email.value, p: f.password.value});
      f.reset();
      await signedIn(d.signUp.account);
      location.hash = '#/';
      await route();
    });
  });
  $('#logout').addEventListener('click', async () => {
    try {
      await gql('mutation { logOut }');
    } catch (e) {
      if (e.code === 'UNAVAILABLE') {
        // The session could not be ended (the database, the node or the network is down): saying "logged out"
        // would be untrue (the cookie still works).
        outage.report();
        notice('The service is unavailable: you are still logged in. Log out again once it is back.');
        return;
      }
      // Logged out on the server already (UNAUTHENTICATED): the page forgets the session below.
    }
    signedOut();
    location.hash = '#/';
    await route();
  });
  $('#forgot-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      await gql('mutation($e: String!) { requestPasswordReset(email: $e) }', {e: f.email.value});
      f.querySelector('.form-ok').textContent =
        'If an account exists for this email, a reset link is on its way. It works once, for 30 minutes.';
    });
  });
  $('#reset-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const token = decodeURIComponent(location.hash.slice('#/reset/'.length));
    withForm(f, async () => {
      await gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }',
        {t: token, p: f.password.value});
      f.reset();
      f.querySelector('.form-ok').textContent = 'Your password has been changed. You can now log in.';
    });
  });
  $('#password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      await gql('mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
        {c: $('#current-password').value, n: $('#new-password').value});
      f.reset();
      f.querySelector('.form-ok').textContent = 'Password changed. Other sessions have been logged out.';
    });
  });
  $('#delete-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    if (!window.confirm('Delete your account and all its assessments? This cannot be undone.')) return;
    withForm(f, async () => {
      await gql('mutation($p: String!) { deleteAccount(password: $p) }', {p: $('#delete-password').value});
      f.reset();
      signedOut();
      go('#/', 'Your account and all its data have been deleted.');
    });
  });
}

// ------------------------------------------------------------------ assessment list

async function openHome() {
  show('view-home');
  const list = $('#assessment-list');
  // Never show the list of an earlier visit as if it were current while this one loads.
  clear(list).appendChild(h('p', {class: 'muted'}, 'Loading…'));
  try {
    const d = await gql(`{ catalogues { id title version description }
      assessments { id title catalogueId catalogueVersion version createdAt updatedAt
                    latestReport { version score tier tierName createdAt } } }`);
    state.catalogues = d.catalogues;
    const select = $('#new-catalogue');
    const chosen = select.value;
    clear(select).append(...d.catalogues.map((c) => h('option', {value: c.id, selected: c.id === chosen},
      `${c.title} (${c.version})`)));
    describeCatalogue();
    clear(list);
    if (!d.assessments.length) {
      list.appendChild(h('p', {class: 'empty'}, 'No assessments yet: start one above.'));
      return;
    }
    list.appendChild(h('ul', {class: 'assessments'}, d.assessments.map((a) => {
      const r = a.latestReport;
      return h('li', {class: 'assessment-item', dataset: {id: a.id}},
        h('a', {href: '#/a/' + encodeURIComponent(a.id), class: 'assessment-link'}, a.title),
        h('span', {class: 'muted'}, ` ${a.catalogueId} ${a.catalogueVersion}`),
        h('span', {class: 'item-score'}, r ? `${formatScore(r.score)}/100 · Tier ${r.tier} ${r.tierName}` : 'No report yet'),
        h('span', {class: 'muted small'}, r ? `updated ${formatDate(r.createdAt)}` : `started ${formatDate(a.createdAt)}`));
    })));
  } catch (e) {
    handleError(e);
  }
}

function describeCatalogue() {
  const c = state.catalogues.find((x) => x.id === $('#new-catalogue').value);
  $('#new-catalogue-description').textContent = c ? c.description : '';
}

function bindHome() {
  $('#new-catalogue').addEventListener('change', describeCatalogue);
  $('#new-assessment').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      const d = await gql('mutation($c: ID!, $t: String) { startAssessment(catalogueId: $c, title: $t) { id } }',
        {c: $('#new-catalogue').value, t: $('#new-title').value || null});
      f.reset();
      location.hash = '#/a/' + encodeURIComponent(d.startAssessment.id);
    });
  });
}

// ------------------------------------------------------------------ one assessment

async function openAssessment(id) {
  const token = ++state.loadToken;
  state.assessmentId = id;
  show('view-assessment');
  const questionnaireEl = $('#questionnaire');
  const reportEl = $('#report');
  clear(questionnaireEl).appendChild(h('p', {class: 'muted'}, 'Loading…'));
  clear(reportEl);
  let a;
  try {
    const d = await gql(`query($id: ID!) { assessment(id: $id) {
        id title version catalogueId catalogueVersion createdAt updatedAt
        catalogue { ${CATALOGUE_FIELDS} }
        answers { questionId value comment version }
        visibleQuestionIds
        reports(first: ${HISTORY_PAGE}) { version score tier createdAt }
        latestReport { ${REPORT_FIELDS} } } }`, {id});
    a = d.assessment;
    a.reports = await restOfHistory(id, a.reports);
  } catch (e) {
    if (token === state.loadToken) handleError(e);
    return;
  }
  if (token !== state.loadToken) return;
  $('#assessment-title').textContent = a.title;
  $('#assessment-meta').textContent = `${a.catalogue.title}, version ${a.catalogueVersion} · started ${formatDate(a.createdAt)}`;

  state.report = new ReportView(reportEl, {loadVersion: (v) => loadReport(id, v)});
  state.report.show(a.latestReport, a.reports.map((r) => ({...r})), a.version);

  const answers = new Map(a.answers.map((x) => [x.questionId, x]));
  state.questionnaire = new Questionnaire(questionnaireEl, {
    catalogue: a.catalogue,
    answers,
    visible: a.visibleQuestionIds,
    version: a.version,
    save: async (questionId, value, comment) => {
      try {
        const d = await gql(`mutation($a: ID!, $q: ID!, $v: String!, $c: String) {
            answer(assessmentId: $a, questionId: $q, value: $v, comment: $c) {
              questionId value comment version visibleQuestionIds } }`,
        {a: id, q: questionId, v: value, c: comment});
        state.report.pendingVersion(d.answer.version);
        return d.answer;
      } catch (e) {
        if (e.code === 'UNAUTHENTICATED') sessionEnded();
        throw e;
      }
    },
    onUnavailable: () => outage.report(),
    onChange: ({answered, applicable}) => {
      const progress = $('#progress');
      progress.max = Math.max(1, applicable);
      progress.value = answered;
      $('#progress-text').textContent = `${answered} of ${applicable} applicable questions answered`;
    },
  });
  state.questionnaire.render();
  catchUp();
}

// The server returns reports a page at a time (at most 100): summaries for the history, a few full ones to catch up.
const HISTORY_PAGE = 100;
const CATCH_UP_PAGE = 3;

/** The history's later pages, when the first one was full. */
async function restOfHistory(id, first) {
  const all = [...first];
  let page = first;
  while (page.length === HISTORY_PAGE) {
    const d = await gql(`query($id: ID!, $after: Int!) { assessment(id: $id) {
        reports(first: ${HISTORY_PAGE}, after: $after) { version score tier createdAt } } }`,
    {id, after: all[all.length - 1].version});
    page = d.assessment.reports;
    all.push(...page);
  }
  return all;
}

async function loadReport(assessmentId, version) {
  const d = await gql(`query($id: ID!, $v: Int!) { assessment(id: $id) { report(version: $v) { ${REPORT_FIELDS} } } }`,
    {id: assessmentId, v: version});
  if (!d.assessment.report) throw new Error(`no report for version ${version}`);
  return d.assessment.report;
}

function onReport(report) {
  if (state.assessmentId && report.assessmentId === state.assessmentId && state.report) {
    state.report.push(report);
  }
}

/** After a (re)connect: fetch every report the bridge could not deliver while the socket was down. */
async function catchUp() {
  const id = state.assessmentId;
  if (!id || !state.report) return;
  let since = state.report.report ? state.report.report.version : 0;
  try {
    for (;;) {
      const d = await gql(`query($id: ID!, $v: Int!) { assessment(id: $id) { version reportsSince(version: $v, first: ${CATCH_UP_PAGE}) { ${REPORT_FIELDS} } } }`,
        {id, v: since});
      if (id !== state.assessmentId) return;
      state.report.pendingVersion(d.assessment.version);
      const page = d.assessment.reportsSince;
      for (const r of page) state.report.push(r);
      if (page.length < CATCH_UP_PAGE) break;
      since = page[page.length - 1].version;
    }
  } catch (e) {
    // Unavailable: caught up again once the service is back (serviceBack); otherwise the next reconnect tries again.
    if (e.code === 'UNAVAILABLE') outage.report();
  }
}

function handleError(e) {
  if (e.code === 'UNAVAILABLE') {
    state.viewFailed = true;
    outage.report();
  } else if (e.code === 'UNAUTHENTICATED') {
    sessionEnded();
  } else if (e.code === 'NOT_FOUND') {
    go('#/', 'That assessment does not exist.');
  } else {
    notice(e.message);
  }
}

// ------------------------------------------------------------------ start

async function boot() {
  bindAccountForms();
  bindFactorLogin(async (account) => {
    await signedIn(account);
    location.hash = '#/';
    await route();
  });
  bindAccountFactors();
  bindHome();
  window.addEventListener('hashchange', route);
  try {
    const d = await gql('{ me { id email } }');
    await signedIn(d.me);
  } catch (e) {
    if (e.code === 'UNAVAILABLE') {
      outage.report(); // logged in, most likely: serviceBack signs in and shows the view
      return;
    }
    if (e.code !== 'UNAUTHENTICATED') notice(e.message);
  }
  await route();
}

boot();
