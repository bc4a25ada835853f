// The live connection: the SockJS event bus bridge, listening to reports.<accountId>.
// The bridge has no replay, so after every reconnect the page asks the API for what it missed.

/* global EventBus */

export class LiveReports {
  /**
   * @param onReport    called with each report body (JSON) pushed by the server
   * @param onStatus    called with 'connecting' | 'live' | 'reconnecting' | 'refused' | 'offline'
   * @param onReconnect called after a reconnect, once the registration is sent again
   */
  constructor({onReport, onStatus, onReconnect}) {
    this.onReport = onReport;
    this.onStatus = onStatus;
    this.onReconnect = onReconnect;
    this.eb = null;
    this.accountId = null;
    this.opened = false;
  }

  start(accountId) {
    this.stop();
    this.accountId = accountId;
    this.opened = false;
    if (typeof EventBus === 'undefined') {
      this.onStatus('offline');
      return;
    }
    this.onStatus('connecting');
    const eb = new EventBus('/eventbus', {
      vertxbus_reconnect_delay_min: 500,
      vertxbus_reconnect_delay_max: 8000,
      vertxbus_ping_interval: 5000,
    });
    eb.enableReconnect(true);
    eb.onopen = () => {
      // Handlers do not survive a reconnect: register on every open.
      eb.registerHandler('reports.' + this.accountId, {}, (err, message) => {
        if (!err && message && message.body) this.onReport(message.body);
      });
      this.onStatus('live');
      if (this.opened) this.onReconnect();
      this.opened = true;
    };
    eb.onclose = () => {
      if (this.eb === eb) this.onStatus('reconnecting');
    };
    eb.onerror = (err) => {
      // A refused registration arrives without an address: the session is gone.
      if (err && (err.body === 'rejected' || err.body === 'access_denied')) this.onStatus('refused');
    };
    this.eb = eb;
  }

  stop() {
    if (this.eb) {
      const eb = this.eb;
      this.eb = null;
      try { eb.close(); } catch (e) { /* already closed */ }
    }
  }
}
