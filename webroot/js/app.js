// Bastion's page: routing between views, accounts, the assessment list, one assessment with its questionnaire and
// live report (teammates' answers and presence included), organisations and their audit logs.
// Plain ES modules, no build step.
import {gql, setBase, currentBase, ApiError, REPORT_FIELDS, CATALOGUE_FIELDS, ACCOUNT_FIELDS} from './api.js';
import {h, clear, $, formatScore, formatDate} from './dom.js';
import {Questionnaire} from './questionnaire.js';
import {ReportView} from './report.js';
import {PlanView} from './plan.js';
import {EvidenceBoard} from './evidence.js';
import {LiveFeed} from './live.js';
import {withWords} from './words.js';
import {Presence} from './presence.js';
import {TeamsPage, createOrganisation, acceptInvitation, joinFailure} from './teams.js';
import {AuditView} from './audit.js';
import {showSessions} from './sessions.js';
import {bindFactorLogin, askForCode, bindAccountFactors, showAccountFactors} from './factors.js';
import {Outage} from './outage.js';
import {useLanguage, preferredLanguage, onLanguageChange, language, LANGUAGES, LANGUAGE_NAMES, t, has, errorText, errorIn}
  from './i18n.js';

const state = {
  flash: null,
  me: null,
  catalogues: [],
  assessmentId: null,
  questionnaire: null,
  report: null,
  /** The open assessment's evidence, per question (evidence.js). */
  evidence: null,
  /** The open assessment's catalogue (CATALOGUE_FIELDS): the words of its live reports. */
  catalogue: null,
  loadToken: 0,
  /** The view could not load because the service was unavailable: load it again when it is back. */
  viewFailed: false,
  /** The invitation token being accepted (a join runs once per token, however often the view is routed to). */
  joining: null,
  /** A language picked while logged out: the account takes it at the next login. */
  pickedLanguage: null,
  /** The questionnaires of the home view are loaded: "Start" works only then. */
  cataloguesLoaded: false,
  /** Why the questionnaires could not be loaded (an ApiError), shown with "Try again". */
  cataloguesError: null,
  /** The live connection's last state, drawn again in a new language. */
  liveStatus: null,
};

/** An invitation link opened while logged out: joined once the user has logged in or signed up. */
const JOIN_KEY = 'bastion.join';

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

const live = new LiveFeed({
  onReport: (report) => onReport(report),
  onAnswer: (answer) => onAnswer(answer),
  onTargets: (event) => {
    if (state.report && event.assessmentId === state.assessmentId) state.report.showTargets(event.targets);
  },
  onActions: (event) => {
    if (state.report && state.report.plan && event.assessmentId === state.assessmentId) {
      state.report.plan.show(event.actions);
      state.report.render(); // the findings' "Plan" / "In the action plan"
    }
  },
  onEvidence: (event) => {
    if (state.evidence && event.assessmentId === state.assessmentId) {
      state.evidence.showQuestion(event.questionId, event.evidence || []);
      refreshExpiredEvidence();
    }
  },
  onPresence: (event) => {
    if (state.assessmentId && (!event.assessmentId || event.assessmentId === state.assessmentId)) presence.merge(event);
  },
  onRejected: () => rejected(),
  onAccessEnded: (id) => accessEnded(id),
  onStatus: (status, node) => {
    state.liveStatus = {status, node};
    showLiveStatus();
    if (status === 'live') setBase(node);
    if (status === 'refused') sessionEnded();
    if (status === 'unavailable') outage.report();
  },
  onReconnect: () => catchUp(),
});

/** The live connection's state in words (core status.*), with the node it is connected to as its title. */
function showLiveStatus() {
  if (!state.liveStatus) return;
  const {status, node} = state.liveStatus;
  const el = $('#live-status');
  const moved = status === 'live' && node && node !== location.origin;
  const key = `status.${moved ? 'moved' : status}`;
  el.hidden = false;
  el.dataset.state = status;
  el.textContent = has(key) ? t(key) : status;
  el.title = node ? t('status.connectedTo', {node}) : '';
}

const presence = new Presence($('#presence'), () => (state.me ? state.me.id : null));
const teams = new TeamsPage($('#organisation-list'), {me: () => state.me, onError: (e) => handleError(e)});

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
  if (!hash.startsWith('#/a/')) leaveAssessment();
  if (hash.startsWith('#/join/')) {
    const token = decodeURIComponent(hash.slice('#/join/'.length));
    if (!state.me) {
      // Logged out: log in or sign up first, then back to the join (see afterSignIn).
      sessionStorage.setItem(JOIN_KEY, token);
      show('view-auth');
      notice(t('auth.invited'));
      return;
    }
    await join(token);
    return;
  }
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
  } else if (hash === '#/teams') {
    show('view-teams');
    await teams.show();
  } else if (hash.startsWith('#/audit/')) {
    await openAudit(decodeURIComponent(hash.slice('#/audit/'.length)));
  } else if (hash === '#/account') {
    show('view-account');
    clear($('#my-activity'));
    $('#activity-show').hidden = false;
    await showSessions($('#session-list'), $('#sessions-error'), sessionEnded, () => {
      state.viewFailed = true;
      outage.report();
    });
    await showAccountFactors().catch(handleError);
  } else if (hash.startsWith('#/') || hash === '') {
    await openHome();
  }
}

/** Not on an assessment any more: its feed, presence and views go. */
function leaveAssessment() {
  state.assessmentId = null;
  state.questionnaire = null;
  state.report = null;
  state.catalogue = null;
  live.watch(null);
  presence.reset();
}

async function signedIn(account) {
  state.me = account;
  $('#account-email').textContent = account.email;
  $('#account-nav').hidden = false;
  await adoptAccountLanguage(account);
  live.start(await userNodes());
}

// ------------------------------------------------------------------ language

/**
 * The account's language is the page's (and its mails'): an account that chose one gets it on every browser; an
 * older account without one keeps the page's current language, saved with it.
 */
async function adoptAccountLanguage(account) {
  // A language picked on this page while logged out (on the login form, say) is the newest choice: it goes to
  // the account rather than being overridden by the one saved there.
  const picked = state.pickedLanguage;
  state.pickedLanguage = null;
  if (LANGUAGES.includes(account.language) && !(picked && picked !== account.language)) {
    if (account.language !== language()) await useLanguage(account.language);
    return;
  }
  try {
    await saveLanguage(language());
  } catch (e) {
    // Not worth a message: the page speaks the language anyway, and the next login tries again.
    console.warn('the account language could not be saved', e);
  }
}

async function saveLanguage(lang) {
  const d = await gql('mutation($language: String!) { setLanguage(language: $language) { id language } }',
    {language: lang});
  if (state.me) state.me.language = d.setLanguage.language;
}

/**
 * A language chosen on the page: its words at once, then saved with the account (a failure is said, the switch
 * stays), then the view drawn again so that what came from the API (catalogue, report) is read in the new language.
 */
async function switchLanguage(lang) {
  if (!(await useLanguage(lang))) {
    $('#language').value = language(); // the words could not be loaded: the page stays as it was
    notice(errorText({code: 'UNAVAILABLE'}));
    return;
  }
  let flash = null;
  if (state.me) {
    try {
      await saveLanguage(lang);
    } catch (e) {
      if (e.code === 'UNAUTHENTICATED') {
        sessionEnded();
        return;
      }
      if (e.code === 'UNAVAILABLE') outage.report();
      flash = t('app.languageNotSaved', {error: errorText(e)});
    }
  }
  if (!state.me) state.pickedLanguage = lang; // saved with the account at the next login (adoptAccountLanguage)
  state.flash = flash;
  if (outage.active) {
    // Answers given during the outage wait on this page: drawing the view again now would drop them. The view is
    // drawn again (in the new language) once the service is back and they are saved (serviceBack).
    state.viewFailed = true;
    notice(flash || '');
    return;
  }
  if (state.questionnaire) await state.questionnaire.savePending();
  if (state.questionnaire && state.questionnaire.unsaved()) {
    // A failed save, a conflict to settle or a comment without an answer: never dropped for a language. The
    // questions and the report follow the new language when the assessment is opened again.
    notice([flash, t('app.languageAfterUnsaved')].filter(Boolean).join(' '));
    return;
  }
  await route();
}

function bindLanguageSwitch() {
  const select = $('#language');
  clear(select).append(...LANGUAGES.map((lang) => h('option', {value: lang, lang}, LANGUAGE_NAMES[lang])));
  select.value = language();
  select.addEventListener('change', () => switchLanguage(select.value));
}

/** Words drawn by code rather than data-i18n: drawn again after every switch (the views by route()). */
function languageChanged() {
  document.title = t('app.title');
  $('#language').value = language();
  showLiveStatus();
  showCatalogueState();
}

/** After logging in or signing up: the join that waited for it, or the assessments. */
function afterSignIn() {
  const token = sessionStorage.getItem(JOIN_KEY);
  go(token ? '#/join/' + encodeURIComponent(token) : '#/');
}

async function join(token) {
  show('view-join');
  const status = $('#join-status');
  const error = $('#join-error');
  error.textContent = '';
  if (state.joining === token) return;
  state.joining = token;
  status.textContent = t('join.joining');
  try {
    const o = await acceptInvitation(token);
    sessionStorage.removeItem(JOIN_KEY);
    const words = {organisation: o.name, role: t('role.' + o.myRole)};
    status.textContent = t('join.joined', words);
    go('#/', t('join.joinedNotice', words));
  } catch (e) {
    status.textContent = '';
    if (e.code === 'UNAVAILABLE' || e.code === 'UNAUTHENTICATED') {
      handleError(e); // kept: the join runs again once the service is back, or after logging in
      return;
    }
    sessionStorage.removeItem(JOIN_KEY);
    error.textContent = joinFailure(e, state.me);
  } finally {
    state.joining = null;
  }
}

async function openAudit(organisationId) {
  show('view-audit');
  $('#audit-title').textContent = t('audit.title');
  const root = $('#audit-log');
  clear(root).appendChild(h('p', {class: 'muted'}, t('app.loading')));
  try {
    const d = await gql('{ organisations { id name myRole members { account { id email } } } }');
    const o = d.organisations.find((x) => x.id === organisationId);
    if (!o) {
      go('#/teams', t('audit.notMember'));
      return;
    }
    $('#audit-title').textContent = t('audit.titleOf', {organisation: o.name});
    await new AuditView(root, {organisationId, people: o.members.map((m) => m.account)}).render();
  } catch (e) {
    clear(root);
    handleError(e);
  }
}

function signedOut() {
  state.me = null;
  leaveAssessment();
  live.stop();
  setBase(null);
  $('#account-nav').hidden = true;
  $('#live-status').hidden = true;
}

function sessionEnded() {
  if (!state.me) return;
  signedOut();
  go('#/', t('app.sessionEnded'));
}

/** Shows a view by its hash, with an optional message on it. */
async function deleteAssessment(a) {
  const question = a.organisation
    ? t('assessmentPage.deleteConfirmOrganisation', {title: a.title, organisation: a.organisation.name})
    : t('assessmentPage.deleteConfirm', {title: a.title});
  if (!window.confirm(question)) return;
  try {
    await gql('mutation($id: ID!) { deleteAssessment(id: $id) }', {id: a.id});
    go('#/', t('assessmentPage.deleted', {title: a.title}));
  } catch (e) {
    handleError(e);
  }
}

function go(hash, message) {
  state.flash = message || null;
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash; // route() runs on hashchange
  }
}

/**
 * An error shown in a form, in the user's language: the API's code (and reason), or where a code means something
 * particular in this form (UNAUTHENTICATED on logging in: a wrong password), that form's words (`meaning`: code ->
 * key). A reason the bundles know wins over both.
 */
function formError(e, meaning = {}) {
  return errorIn(e, meaning);
}

/** Runs an API call from a form, showing its error in the form (see formError for `meaning`). */
async function withForm(form, action, meaning = {}) {
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
    error.textContent = formError(e, meaning);
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
        d = await gql(`mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) {
            account { ${ACCOUNT_FIELDS} } } }`, {e: f.email.value, p: f.password.value});
      } catch (err) {
        if (err.code !== 'SECOND_FACTOR_REQUIRED') throw err;
        f.reset();
        askForCode(err.extensions.secondFactorToken);
        return;
      }
      f.reset();
      await signedIn(d.logIn.account);
      afterSignIn();
    }, {UNAUTHENTICATED: 'auth.login.wrong'});
  });
  $('#signup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      const d = await gql(`mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) {
          account { ${ACCOUNT_FIELDS} } } }`, {e: f.email.value, p: f.password.value});
      f.reset();
      await signedIn(d.signUp.account);
      afterSignIn();
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
        notice(t('nav.logoutUnavailable'));
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
      f.querySelector('.form-ok').textContent = t('forgot.sent');
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
      f.querySelector('.form-ok').textContent = t('reset.done');
    });
  });
  $('#password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      await gql('mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
        {c: $('#current-password').value, n: $('#new-password').value});
      f.reset();
      f.querySelector('.form-ok').textContent = t('password.changed');
    }, {UNAUTHENTICATED: 'password.wrong'});
  });
  $('#delete-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    if (!window.confirm(t('delete.confirm'))) return;
    withForm(f, async () => {
      try {
        await gql('mutation($p: String!) { deleteAccount(password: $p) }', {p: $('#delete-password').value});
      } catch (err) {
        // The last owner of organisations with other members: which ones, from the error's extensions.
        if (err.code === 'CONFLICT' && Array.isArray(err.extensions.organisations)) {
          err.extensions = {...err.extensions, organisations: err.extensions.organisations.join(', ')};
        }
        throw err;
      }
      f.reset();
      signedOut();
      go('#/', t('delete.done'));
    }, {UNAUTHENTICATED: 'delete.wrongPassword', CONFLICT: 'delete.lastOwner'});
  });
}

// ------------------------------------------------------------------ assessment list

/**
 * "Start" works once the questionnaires (and where an assessment may start) are loaded: pressed before, it would
 * start nothing and fail. Until then it says that they are loading; when loading failed, the form says so and offers
 * to try again.
 */
function cataloguesLoading() {
  state.cataloguesLoaded = false;
  state.cataloguesError = null;
  showCatalogueState();
}

function cataloguesLoaded(any) {
  state.cataloguesLoaded = any;
  state.cataloguesError = null;
  showCatalogueState();
}

function cataloguesFailed(e) {
  state.cataloguesLoaded = false;
  state.cataloguesError = e;
  showCatalogueState();
}

function showCatalogueState() {
  const button = $('#start-assessment');
  button.dataset.i18n = state.cataloguesLoaded || state.cataloguesError ? 'home.new.start' : 'home.new.loading';
  button.textContent = t(button.dataset.i18n);
  button.disabled = !state.cataloguesLoaded;
  button.setAttribute('aria-busy', String(!state.cataloguesLoaded && !state.cataloguesError));
  $('#catalogues-failed').hidden = !state.cataloguesError;
  $('#catalogues-failed-text').textContent = state.cataloguesError
    ? t('home.new.loadFailed', {error: errorText(state.cataloguesError)}) : '';
}

async function openHome() {
  show('view-home');
  const list = $('#assessment-list');
  // Never show the list of an earlier visit as if it were current while this one loads.
  clear(list).appendChild(h('p', {class: 'muted'}, t('app.loading')));
  cataloguesLoading();
  let d;
  try {
    d = await gql(`{ catalogues { id title version description }
      organisations { id name myRole }
      assessments { id title catalogueId catalogueVersion version createdAt updatedAt myRole organisation { id name }
                    latestReport { version score tier tierName createdAt } } }`);
  } catch (e) {
    clear(list);
    if (e.code !== 'UNAUTHENTICATED') cataloguesFailed(e);
    handleError(e);
    return;
  }
  state.catalogues = d.catalogues;
  const select = $('#new-catalogue');
  const chosen = select.value;
  clear(select).append(...d.catalogues.map((c) => h('option', {value: c.id, selected: c.id === chosen},
    t('home.new.catalogueOption', {title: c.title, version: c.version}))));
  describeCatalogue();
  // Where a new assessment may start: the personal space, or an organisation where the caller is EDITOR or OWNER.
  const space = $('#new-space');
  const chosenSpace = space.value;
  const writable = d.organisations.filter((o) => o.myRole === 'OWNER' || o.myRole === 'EDITOR');
  clear(space).append(h('option', {value: ''}, t('home.new.personalSpace')),
    ...writable.map((o) => h('option', {value: o.id, selected: o.id === chosenSpace}, o.name)));
  $('#new-space-box').hidden = !writable.length;
  cataloguesLoaded(d.catalogues.length > 0);
  clear(list);
  if (!d.assessments.length) {
    list.appendChild(h('p', {class: 'empty'}, t('home.empty')));
    return;
  }
  list.appendChild(h('ul', {class: 'assessments'}, d.assessments.map((a) => {
    const r = a.latestReport;
    return h('li', {class: 'assessment-item', dataset: {id: a.id}},
      h('a', {href: '#/a/' + encodeURIComponent(a.id), class: 'assessment-link'}, a.title),
      h('span', {class: 'space-tag', dataset: {organisation: a.organisation ? a.organisation.id : ''}},
        a.organisation ? a.organisation.name : t('home.item.personal')),
      a.organisation && a.myRole === 'VIEWER' ? h('span', {class: 'muted small'}, t('home.item.readOnly')) : null,
      h('span', {class: 'muted'}, ` ${a.catalogueId} ${a.catalogueVersion}`),
      h('span', {class: 'item-score'}, r
        ? t('home.item.score', {score: formatScore(r.score), tier: r.tier, tierName: t('tier.' + r.tier)})
        : t('home.item.noReport')),
      h('span', {class: 'muted small'}, r
        ? t('home.item.updated', {date: formatDate(r.createdAt)})
        : t('home.item.started', {date: formatDate(a.createdAt)})));
  })));
}

function describeCatalogue() {
  const c = state.catalogues.find((x) => x.id === $('#new-catalogue').value);
  $('#new-catalogue-description').textContent = c ? c.description : '';
}

function bindHome() {
  $('#activity-show').addEventListener('click', async (e) => {
    e.currentTarget.hidden = true;
    await new AuditView($('#my-activity')).render();
  });
  $('#new-organisation').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    withForm(f, async () => {
      const o = await createOrganisation(f.name.value.trim());
      f.reset();
      await teams.show(t('teams.created', {organisation: o.name}));
    });
  });
  $('#new-catalogue').addEventListener('change', describeCatalogue);
  $('#catalogues-retry').addEventListener('click', () => openHome());
  $('#new-assessment').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    if (!state.cataloguesLoaded) return; // the button is disabled meanwhile; Enter in the title field too
    withForm(f, async () => {
      const d = await gql(`mutation($c: ID!, $t: String, $o: ID) {
          startAssessment(catalogueId: $c, title: $t, organisationId: $o) { id } }`,
      {c: $('#new-catalogue').value, t: $('#new-title').value || null, o: $('#new-space').value || null});
      f.reset();
      location.hash = '#/a/' + encodeURIComponent(d.startAssessment.id);
    });
  });
}

// ------------------------------------------------------------------ one assessment

async function openAssessment(id) {
  const token = ++state.loadToken;
  if (state.assessmentId !== id) leaveAssessment();
  state.assessmentId = id;
  live.watch(id); // first: what happens while the assessment loads is caught up below
  show('view-assessment');
  const questionnaireEl = $('#questionnaire');
  const reportEl = $('#report');
  clear(questionnaireEl).appendChild(h('p', {class: 'muted'}, t('app.loading')));
  clear(reportEl);
  let a;
  try {
    const d = await gql(`query($id: ID!) { assessment(id: $id) {
        id title version catalogueId catalogueVersion createdAt updatedAt
        catalogue { ${CATALOGUE_FIELDS} }
        myRole organisation { id name }
        signOffs { ${SIGN_OFF_FIELDS} }
        targets { ${TARGET_FIELDS} }
        answers { ${ANSWER_FIELDS} }
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
  const meta = {catalogue: a.catalogue.title, version: a.catalogueVersion, date: formatDate(a.createdAt)};
  $('#assessment-meta').textContent = a.organisation
    ? t('assessmentPage.metaOrganisation', {...meta, organisation: a.organisation.name})
    : t('assessmentPage.meta', meta);
  const readOnly = a.myRole === 'VIEWER';
  $('#read-only').hidden = !readOnly;
  // Deleting is the OWNER's (of the organisation, or of a personal assessment).
  const remove = $('#delete-assessment');
  remove.hidden = a.myRole !== 'OWNER';
  remove.onclick = () => deleteAssessment(a);

  state.catalogue = a.catalogue; // the words of the live reports
  state.report = new ReportView(reportEl, {
    loadVersion: (v) => loadReport(id, v),
    signOffs: a.signOffs,
    signOff: a.myRole === 'OWNER' ? (v, note) => signOff(id, v, note) : null,
    targets: a.targets,
    setTarget: readOnly ? null : (fn, score) => setTarget(id, fn, score),
    whatIf: () => whatIf(id),
    catalogue: a.catalogue, // the labels of the answers a delta names
  });
  state.report.show(a.latestReport, a.reports.map((r) => ({...r})), a.version);

  const answers = new Map(a.answers.map((x) => [x.questionId, x]));
  state.evidence = new EvidenceBoard({
    upload: readOnly ? null : (questionId, form) => uploadEvidence(id, questionId, form),
    addLink: readOnly ? null : (questionId, link) => addEvidenceLink(id, questionId, link),
    remove: readOnly ? null : (evidenceId) => removeEvidence(evidenceId),
  });
  const evidence = state.evidence;
  state.questionnaire = new Questionnaire(questionnaireEl, {
    extra: (questionId) => evidence.panel(questionId),
    catalogue: a.catalogue,
    answers,
    visible: a.visibleQuestionIds,
    version: a.version,
    readOnly,
    loadHistory: async (questionId) => (await gql(`query($a: ID!, $q: ID!) {
        answerHistory(assessmentId: $a, questionId: $q) { ${CHANGE_FIELDS} } }`, {a: id, q: questionId})).answerHistory,
    onTheirs: () => syncAnswers(),
    save: async (questionId, value, comment, expectedVersion) => {
      try {
        const d = await gql(`mutation($a: ID!, $q: ID!, $v: String!, $c: String, $x: Int) {
            answer(assessmentId: $a, questionId: $q, value: $v, comment: $c, expectedVersion: $x) {
              ${ANSWER_FIELDS} visibleQuestionIds } }`,
        {a: id, q: questionId, v: value, c: comment, x: expectedVersion});
        state.report.pendingVersion(d.answer.version);
        refreshActions(questionId);
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
      $('#progress-text').textContent = t('assessmentPage.progressText', {answered, applicable});
    },
  });
  state.questionnaire.render();
  catchUp();
  loadPlan(a, readOnly, token);
  loadEvidence(a, token);
}

const EVIDENCE_FIELDS = `id questionId kind name mediaType size url downloadPath effectiveDate expiresOn expired
  addedBy { id email } addedAt`;
const EXPIRED_EVIDENCE_FIELDS = 'evidenceId questionId questionText name expiredSince';

/** The evidence of every question and what has expired, in a query of its own (as the plan). */
async function loadEvidence(a, token) {
  let d;
  try {
    d = await gql(`query($id: ID!) { assessment(id: $id) { evidence { ${EVIDENCE_FIELDS} }
        expiredEvidence { ${EXPIRED_EVIDENCE_FIELDS} } } }`, {id: a.id});
  } catch (e) {
    return; // shown without evidence; opening the assessment again reads it
  }
  if (token !== state.loadToken || !state.evidence) return;
  state.evidence.show(d.assessment.evidence);
  if (state.report) {
    state.report.expiredEvidence = d.assessment.expiredEvidence;
    state.report.render();
  }
}

/** The report's "Evidence expired" read again after a change of evidence. */
async function refreshExpiredEvidence() {
  const id = state.assessmentId;
  try {
    const d = await gql(`query($id: ID!) { assessment(id: $id) { expiredEvidence { ${EXPIRED_EVIDENCE_FIELDS} } } }`,
      {id});
    if (state.assessmentId === id && state.report) {
      state.report.expiredEvidence = d.assessment.expiredEvidence;
      state.report.render();
    }
  } catch (e) { /* the next change or a reload brings it */ }
}

/** A file of evidence, sent as multipart/form-data (the server checks its type by content). */
async function uploadEvidence(assessmentId, questionId, form) {
  const base = currentBase() === location.origin ? '' : currentBase();
  let response;
  try {
    response = await fetch(`${base}/evidence/${encodeURIComponent(assessmentId)}/${encodeURIComponent(questionId)}`,
      {method: 'POST', credentials: base ? 'include' : 'same-origin', body: form});
  } catch (e) {
    throw new ApiError('cannot reach the server: check your connection', 'UNAVAILABLE',
      {retryable: true, cause: 'NETWORK'});
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) { /* not JSON: the status says it */ }
  if (!response.ok) {
    if (response.status === 401) sessionEnded();
    if (response.status === 503) outage.report();
    // The words come from the code, as for GraphQL errors (TOO_LARGE and UNSUPPORTED_MEDIA_TYPE are the upload's
    // own); a body over the server's limit is refused with 413 before the upload's handler answers with a code.
    const {error, code, ...extensions} = body || {};
    throw new ApiError(error || `HTTP ${response.status}`,
      code || (response.status === 413 ? 'TOO_LARGE' : 'HTTP_' + response.status), extensions);
  }
  refreshExpiredEvidence();
  return body;
}

async function addEvidenceLink(assessmentId, questionId, {url, title, effectiveDate, expiresOn}) {
  const d = await gql(`mutation($a: ID!, $q: ID!, $u: String!, $t: String, $d: String!, $x: String) {
      addEvidenceLink(assessmentId: $a, questionId: $q, url: $u, title: $t, effectiveDate: $d, expiresOn: $x) {
        ${EVIDENCE_FIELDS} } }`, {a: assessmentId, q: questionId, u: url, t: title, d: effectiveDate, x: expiresOn});
  refreshExpiredEvidence();
  return d.addEvidenceLink;
}

async function removeEvidence(id) {
  await gql(`mutation($id: ID!) { removeEvidence(id: $id) }`, {id});
  refreshExpiredEvidence();
}

/**
 * The action plan and who may own an item, read after the assessment (a query of its own: with the report and a
 * large catalogue the first one is near the cost limit), then shown under the findings.
 */
async function loadPlan(a, readOnly, token) {
  let d;
  try {
    d = await gql(`query($id: ID!) { assessment(id: $id) { organisation { members { account { id email } } }
        actions { ${ACTION_FIELDS} } } }`, {id: a.id});
  } catch (e) {
    return; // shown without a plan; opening the assessment again reads it
  }
  if (token !== state.loadToken || !state.report) return;
  const org = d.assessment.organisation;
  state.report.plan = new PlanView({
    actions: d.assessment.actions,
    questions: a.catalogue.questions.map((q) => ({id: q.id, text: q.text})),
    people: org ? org.members.map((m) => m.account) : [{id: state.me.id, email: state.me.email}],
    me: state.me.id,
    create: readOnly ? null : (item) => createAction(a.id, item),
    update: readOnly ? null : (actionId, fields) => updateAction(actionId, fields),
  });
  state.report.render();
}

const ANSWER_FIELDS = 'questionId value comment version answeredBy { id email } updatedAt';
const CHANGE_FIELDS = 'questionId value comment version answeredBy { id email } at';
const SIGN_OFF_FIELDS = 'version signedBy { id email } note at';
const TARGET_FIELDS = 'function name score setBy { id email } setAt';
const ACTION_FIELDS = 'id questionId title owner { id email } dueDate status setStatus closedByAnswer reason overdue';

async function whatIf(assessmentId) {
  const d = await gql(`query($id: ID!) { assessment(id: $id) { whatIf {
      questionId recommendation score gain tier tierName effort } } }`, {id: assessmentId});
  return d.assessment.whatIf;
}

async function createAction(assessmentId, {questionId, title, ownerId, dueDate}) {
  const d = await gql(`mutation($a: ID!, $q: ID!, $t: String!, $o: ID, $d: String) {
      createAction(assessmentId: $a, questionId: $q, title: $t, ownerId: $o, dueDate: $d) { ${ACTION_FIELDS} } }`,
  {a: assessmentId, q: questionId, t: title, o: ownerId, d: dueDate});
  return d.createAction;
}

async function updateAction(id, {status, reason}) {
  const d = await gql(`mutation($id: ID!, $s: ActionStatus, $r: String) {
      updateAction(id: $id, status: $s, reason: $r) { ${ACTION_FIELDS} } }`, {id, s: status, r: reason || null});
  return d.updateAction;
}

/** The plan read again: an answer may have closed or reopened an item (the server decides, from the answer). */
async function refreshActions(questionId) {
  const id = state.assessmentId;
  const plan = state.report && state.report.plan;
  if (!id || !plan || !plan.has(questionId)) return;
  try {
    const d = await gql(`query($id: ID!) { assessment(id: $id) { actions { ${ACTION_FIELDS} } } }`, {id});
    if (state.assessmentId === id && state.report && state.report.plan === plan) {
      plan.show(d.assessment.actions);
      state.report.render();
    }
  } catch (e) { /* the next change or a reload brings it */ }
}

async function setTarget(assessmentId, fn, score) {
  const d = await gql(`mutation($a: ID!, $f: String!, $s: Float) { setTarget(assessmentId: $a, function: $f, score: $s) {
      ${TARGET_FIELDS} } }`, {a: assessmentId, f: fn, s: score});
  return d.setTarget;
}

async function signOff(assessmentId, version, note) {
  const d = await gql(`mutation($a: ID!, $v: Int!, $n: String) { signOff(assessmentId: $a, version: $v, note: $n) {
      ${SIGN_OFF_FIELDS} } }`, {a: assessmentId, v: version, n: note});
  return d.signOff;
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

function onReport(facts) {
  if (state.assessmentId && facts.assessmentId === state.assessmentId && state.report) {
    // The bridge pushes the facts; the words come from the assessment's catalogue (or, for a report of another
    // catalogue version, from GraphQL).
    const report = withWords(facts, state.catalogue);
    if (report) {
      state.report.push(report);
    } else {
      const id = state.assessmentId;
      loadReport(id, facts.version).then((r) => {
        if (state.assessmentId === id && state.report) state.report.push(r);
      }).catch(() => { /* the next report or a reconnect brings the page up to date */ });
    }
    // A report of a version newer than every answer we know: an answer event was missed (the bridge does not
    // replay), so the answers are read again.
    if (state.questionnaire && facts.version > state.questionnaire.maxVersion()) syncAnswers();
  }
}

/** A teammate's answer, live: shown in place, and the questions it shows or hides with it. */
function onAnswer(event) {
  if (!state.assessmentId || event.assessmentId !== state.assessmentId || !state.questionnaire) return;
  if (state.questionnaire.applyTheirs(event)) {
    state.report.pendingVersion(event.version);
    refreshActions(event.questionId);
    syncAnswers(); // for the questions shown: the server decides which, with every answer
  }
}

let syncing = null;
let syncAgain = false;

/** Reads the answers and the questions shown again, and takes teammates' newer answers into the page. */
async function syncAnswers() {
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  syncing = (async () => {
    do {
      syncAgain = false;
      const id = state.assessmentId;
      if (!id || !state.questionnaire) return;
      try {
        const d = await gql(`query($id: ID!) { assessment(id: $id) { version visibleQuestionIds
            answers { ${ANSWER_FIELDS} } } }`, {id});
        if (id !== state.assessmentId || !state.questionnaire) return;
        for (const a of d.assessment.answers) state.questionnaire.applyTheirs({...a, at: a.updatedAt}, {highlight: true});
        state.questionnaire.showFor({version: d.assessment.version, visibleQuestionIds: d.assessment.visibleQuestionIds});
      } catch (e) {
        if (e.code === 'UNAVAILABLE') outage.report();
        return;
      }
    } while (syncAgain);
  })();
  try {
    await syncing;
  } finally {
    syncing = null;
  }
}

/** The bridge refused a registration (or closed as "session ended"): the session ended, or the access did. */
async function rejected() {
  if (!state.me) return;
  try {
    await gql('{ me { id } }');
  } catch (e) {
    if (e.code === 'UNAUTHENTICATED') sessionEnded();
    else if (e.code === 'UNAVAILABLE') outage.report();
    return;
  }
  if (state.assessmentId) accessEnded(state.assessmentId);
}

/** The socket lost its access to the open assessment (removed, left, or the assessment deleted). */
function accessEnded(id) {
  if (state.assessmentId !== id) return;
  leaveAssessment();
  go('#/', t('app.accessEnded'));
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
      if (id !== state.assessmentId || !state.report) return;
      // Answers given while the socket was down came with no event: read them before showing their reports.
      if (state.questionnaire && d.assessment.version > state.questionnaire.maxVersion()) await syncAnswers();
      if (id !== state.assessmentId || !state.report) return;
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
    go('#/', t('app.notFound'));
  } else {
    notice(errorText(e));
  }
}

// ------------------------------------------------------------------ start

async function boot() {
  onLanguageChange(languageChanged);
  bindLanguageSwitch();
  await useLanguage(preferredLanguage(), {remember: false});
  bindAccountForms();
  bindFactorLogin(async (account) => {
    await signedIn(account);
    afterSignIn();
  });
  bindAccountFactors();
  bindHome();
  window.addEventListener('hashchange', route);
  try {
    const d = await gql(`{ me { ${ACCOUNT_FIELDS} } }`);
    await signedIn(d.me);
  } catch (e) {
    if (e.code === 'UNAVAILABLE') {
      outage.report(); // logged in, most likely: serviceBack signs in and shows the view
      return;
    }
    if (e.code !== 'UNAUTHENTICATED') notice(errorText(e));
  }
  await route();
}

boot();
