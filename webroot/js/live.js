// The live connection: the SockJS event bus bridge. The socket opens when the user signs in; while an assessment is
// open, it listens to that assessment's feed, assessments.<id> (one registration at a time), whose events are
// dispatched by their type: report, answer, presence.
// When the connection drops, it reconnects with backoff, trying the other user nodes too, registers again and
// lets the page fetch what it missed (the bridge has no replay).

/* global EventBus */

const MIN_DELAY = 500;
const MAX_DELAY = 8000;
/** The bridge closes a socket whose session ended with 4401, one that lost access to its assessment with 4403. */
const SESSION_ENDED = 4401;
const ACCESS_ENDED = 4403;

export class LiveFeed {
  /**
   * @param onReport      called with each report body (JSON, its facts: no words) of the watched assessment
   * @param onAnswer      called with each answer event ({questionId, value, comment, version, answeredBy, at})
   * @param onPresence    called with each presence event ({node, viewers, ttlMs})
   * @param onTargets     called with each targets event ({targets: the assessment's targets after a change})
   * @param onActions     called with each actions event ({actions: the action plan after a change})
   * @param onEvidence    called with each evidence event ({questionId, evidence: that question's list after a change})
   * @param onStatus      called with (state, node): 'connecting' | 'live' | 'reconnecting' | 'refused' |
   *                      'unavailable' (the server could not check the session: it closes, we reconnect) | 'offline'
   * @param onReconnect   called with the node's URL after a reconnect, once the registration is sent again
   * @param onRejected    called when the bridge refused a registration or closed the socket as "session ended":
   *                      the session ended, or the access to the watched assessment did (the page asks which)
   * @param onAccessEnded called with the assessment id when the socket was closed because its access ended (4403)
   */
  constructor({onReport, onAnswer, onPresence, onTargets, onActions, onEvidence, onStatus, onReconnect, onRejected, onAccessEnded}) {
    this.onReport = onReport;
    this.onAnswer = onAnswer;
    this.onPresence = onPresence;
    this.onTargets = onTargets;
    this.onActions = onActions;
    this.onEvidence = onEvidence;
    this.onStatus = onStatus;
    this.onReconnect = onReconnect;
    this.onRejected = onRejected;
    this.onAccessEnded = onAccessEnded;
    this.eb = null;
    this.watched = null; // the assessment id whose feed we want
    this.registered = null; // {address, handler} on the current socket
    this.nodes = [];
    this.index = 0;
    this.attempts = 0;
    this.opened = false;
    this.timer = null;
    this.stopped = true;
  }

  /** @param nodes user node URLs, the page's own first */
  start(nodes) {
    this.stop();
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

  /** Listens to one assessment's feed instead of the one before; null listens to none. */
  watch(assessmentId) {
    if (this.watched === assessmentId) return;
    this.watched = assessmentId || null;
    if (this.eb && this.eb.state === EventBus.OPEN) this.register(this.eb);
  }

  /** Brings the socket's registration in line with the watched assessment. */
  register(eb) {
    if (this.registered) {
      const {address, handler} = this.registered;
      this.registered = null;
      try { eb.unregisterHandler(address, {}, handler); } catch (e) { /* socket closing: nothing to undo */ }
    }
    if (!this.watched) return;
    const id = this.watched;
    const address = 'assessments.' + id;
    const handler = (err, message) => {
      if (!err && message && message.body && this.watched === id) this.dispatch(id, message.body);
    };
    eb.registerHandler(address, {}, handler);
    this.registered = {address, handler};
  }

  dispatch(id, body) {
    if (body.assessmentId && body.assessmentId !== id) return;
    switch (body.type) {
      case 'answer':
        this.onAnswer(body);
        break;
      case 'presence':
        this.onPresence(body);
        break;
      case 'targets':
        if (this.onTargets) this.onTargets(body);
        break;
      case 'actions':
        if (this.onActions) this.onActions(body);
        break;
      case 'evidence':
        if (this.onEvidence) this.onEvidence(body);
        break;
      case 'report':
      case undefined: // reports of nodes older than the "type" field
        this.onReport(body);
        break;
      default: // a kind of event this page does not know yet: ignored
        break;
    }
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
      this.registered = null;
      this.register(eb);
      this.onStatus('live', node);
      if (this.opened) this.onReconnect(node);
      this.opened = true;
    };
    eb.onclose = (e) => {
      if (this.eb !== eb || this.stopped) return;
      this.eb = null;
      this.registered = null;
      const code = e && e.code;
      if (code === ACCESS_ENDED && this.watched) {
        const id = this.watched;
        this.watched = null; // reconnect without it
        this.onAccessEnded(id);
      } else if (code === SESSION_ENDED) {
        this.onRejected();
      }
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
      // The session is fine but the assessment is not (or no longer) to be seen: removed, left, or deleted. (The
      // bridge also closes such a socket with 4403, but over SockJS's own framing Vert.x sends every close as
      // 3000 "Go away!", so this frame is what says it.)
      if (err && err.body === 'NOT_FOUND') {
        const id = this.watched;
        this.watched = null; // reconnect without it
        if (id) this.onAccessEnded(id);
        return;
      }
      // A refused registration arrives without an address: the session is gone, or the access to the assessment.
      if (!unavailable && err && (err.body === 'rejected' || err.body === 'access_denied')) {
        this.onRejected();
      }
    };
    this.eb = eb;
  }

  stop() {
    this.stopped = true;
    this.watched = null;
    this.registered = null;
    clearTimeout(this.timer);
    if (this.eb) {
      const eb = this.eb;
      this.eb = null;
      try { eb.close(); } catch (e) { /* already closed */ }
    }
  }
}
