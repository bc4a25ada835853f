// The account page's list of sessions: browser, address, start and last use, and a button that ends any of them
// (its token stops working and its live connections close at once). Text goes through textContent only.
import {gql} from './api.js';
import {h, clear, formatDate} from './dom.js';
import {t, errorText} from './i18n.js';

/**
 * Fills `list` with the account's sessions; `onOwnEnded` runs when the user ends this browser's own session,
 * `onUnavailable` when the service cannot be reached (the page retries and shows the list again once it is back).
 */
export async function showSessions(list, error, onOwnEnded, onUnavailable = () => {}) {
  error.textContent = '';
  let sessions;
  try {
    sessions = (await gql('{ sessions { id browser address createdAt lastUsedAt current } }')).sessions;
  } catch (e) {
    error.textContent = errorText(e);
    if (e.code === 'UNAVAILABLE') onUnavailable();
    return;
  }
  clear(list);
  for (const s of sessions) {
    const end = h('button', {type: 'button', class: 'secondary small', 'data-session': s.id},
      t(s.current ? 'sessions.logOutHere' : 'sessions.end'));
    end.addEventListener('click', async () => {
      end.disabled = true;
      try {
        await gql('mutation($id: ID!) { endSession(id: $id) }', {id: s.id});
        if (s.current) {
          onOwnEnded();
        } else {
          await showSessions(list, error, onOwnEnded, onUnavailable);
        }
      } catch (e) {
        error.textContent = errorText(e);
        end.disabled = false;
        if (e.code === 'UNAVAILABLE') onUnavailable();
      }
    });
    list.appendChild(h('li', {class: 'session', 'data-current': s.current ? 'true' : 'false'},
      h('strong', {}, browserName(s.browser)),
      s.current ? h('span', {class: 'muted small'}, ' ', t('sessions.thisBrowser')) : null,
      h('div', {class: 'muted small'}, t('sessions.line', {address: s.address || t('sessions.unknownAddress'),
        created: formatDate(s.createdAt), lastUsed: formatDate(s.lastUsedAt)})),
      end));
  }
}

/**
 * The API names a browser with a few fixed English words (auth/Browsers: "Chrome 142 on Linux", "API client",
 * "unknown browser"): those words in the user's language, the product names as they are.
 */
function browserName(name) {
  if (name === 'API client') return t('sessions.apiClient');
  if (name === 'unknown browser') return t('sessions.unknownBrowser');
  const on = / on ([^ ]+)$/.exec(name || '');
  return on ? t('sessions.browserOn', {browser: name.slice(0, on.index), system: on[1]}) : name;
}
