// The account page's list of sessions: browser, address, start and last use, and a button that ends any of them
// (its token stops working and its live connections close at once). Text goes through textContent only.
import {gql} from './api.js';
import {h, clear, formatDate} from './dom.js';

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
    error.textContent = e.message;
    if (e.code === 'UNAVAILABLE') onUnavailable();
    return;
  }
  clear(list);
  for (const s of sessions) {
    const end = h('button', {type: 'button', class: 'secondary small', 'data-session': s.id},
      s.current ? 'Log out here' : 'End session');
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
        error.textContent = e.message;
        end.disabled = false;
        if (e.code === 'UNAVAILABLE') onUnavailable();
      }
    });
    list.appendChild(h('li', {class: 'session', 'data-current': s.current ? 'true' : 'false'},
      h('strong', {}, s.browser), s.current ? h('span', {class: 'muted small'}, ' (this browser)') : null,
      h('div', {class: 'muted small'}, `from ${s.address || 'unknown address'} · logged in ${formatDate(s.createdAt)}`
        + ` · last used ${formatDate(s.lastUsedAt)}`),
      end));
  }
}
