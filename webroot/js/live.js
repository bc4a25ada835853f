// The live connection: the SockJS event bus bridge, listening to reports.<accountId>.
// When the connection drops, it reconnects with backoff, trying the other user nodes too, registers again and
// lets the page fetch what it missed (the bridge has no replay).

/* global EventBus */

const MIN_DELAY = 500;
const MAX_DELAY = 8000;

export class LiveReports {
  /**
   * @param onReport    called with each report body (JSON) pushed by the server
   * @param onStatus    called with (state, node): 'connecting' | 'live' | 'reconnecting' | 'refused' |
   *                    'unavailable' (the server could not check the session: it closes, we reconnect) | 'offline'
   * @param onReconnect called with the node's URL after a reconnect, once the registration is sent again
   */
  constructor({onReport, onStatus, onReconnect}) {
    this.onReport = onReport;
    this.onStatus = onStatus;
    this.onReconnect = onReconnect;
    this.eb = null;
    this.accountId = null;
    this.nodes = [];
    this.index = 0;
    this.attempts = 0;
    this.opened = false;
    this.timer = null;
    this.stopped = true;
  }

  /** @param nodes user node URLs, the page's own first */
  start(accountId, nodes) {
    this.stop();
    this.accountId = accountId;
    this.nodes = nodes && nodes.length ? nodes : [location.origin];
    this.index = 0;
    this.attempts = 0;
    this.opened = false;
    this.stopped = false;
    if (typeof EventBus === 'undefined') {
      this.onStatus('offline');
      return;
    }
    this.onStatus('connecting');
    this.connect();
  }

  setNodes(nodes) {
    if (nodes && nodes.length) {
      const current = this.nodes[this.index];
      this.nodes = nodes;
      this.index = Math.max(0, nodes.indexOf(current));
    }
  }

  connect() {
    const node = this.nodes[this.index];
    const eb = new EventBus(node + '/eventbus', {vertxbus_ping_interval: 5000, transports: ['websocket', 'xhr-streaming', 'xhr-polling']});
    let open = false;
    let unavailable = false;
    eb.onopen = () => {
      open = true;
      this.attempts = 0;
      // Handlers do not survive a reconnect: register on every open.
      eb.registerHandler('reports.' + this.accountId, {}, (err, message) => {
        if (!err && message && message.body) this.onReport(message.body);
      });
      this.onStatus('live', node);
      if (this.opened) this.onReconnect(node);
      this.opened = true;
    };
    eb.onclose = () => {
      if (this.eb !== eb || this.stopped) return;
      this.eb = null;
      this.onStatus('reconnecting');
      // A node that cannot be reached right away gives its turn to the next one.
      if (!open || this.attempts > 0) this.index = (this.index + 1) % this.nodes.length;
      const delay = Math.min(MAX_DELAY, MIN_DELAY * 2 ** this.attempts) * (0.75 + Math.random() / 2);
      this.attempts++;
      this.timer = setTimeout(() => this.connect(), delay);
    };
    eb.onerror = (err) => {
      // The server could not check the session (database unavailable): it closes this socket, we reconnect.
      if (err && err.body === 'UNAVAILABLE') {
        unavailable = true;
        this.onStatus('unavailable');
        return;
      }
      // A refused registration arrives without an address: the session is gone.
      if (!unavailable && err && (err.body === 'rejected' || err.body === 'access_denied')) {
        this.onStatus('refused');
        this.stop();
      }
    };
    this.eb = eb;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.eb) {
      const eb = this.eb;
      this.eb = null;
      try { eb.close(); } catch (e) { /* already closed */ }
    }
  }
}
