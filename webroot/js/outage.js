// A service outage (the server answers UNAVAILABLE: its database cannot be reached) is not the end of the session:
// the page keeps it, says so in a banner, asks again with backoff, and runs what waited (answers given meanwhile,
// the view that failed to load) once the service answers again. Only a real refusal (UNAUTHENTICATED) ends it.
import {gql, ACCOUNT_FIELDS} from './api.js';
import {$} from './dom.js';

const MIN_DELAY = 1000;
const MAX_DELAY = 15000;

export class Outage {
  /**
   * @param onBack    called with the account ({id, email, language}) once the service answers again
   * @param onRefused called when the server, back, refuses the session (it really ended meanwhile)
   */
  constructor({onBack, onRefused}) {
    this.onBack = onBack;
    this.onRefused = onRefused;
    this.active = false;
    this.attempts = 0;
    this.timer = null;
  }

  /** An UNAVAILABLE answer: show the banner and start asking again (once, however many report it). */
  report() {
    if (this.active) return;
    this.active = true;
    this.attempts = 0;
    $('#unavailable').hidden = false;
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    const delay = Math.min(MAX_DELAY, MIN_DELAY * 2 ** this.attempts) * (0.75 + Math.random() / 2);
    this.attempts++;
    this.timer = setTimeout(() => this.probe(), delay);
  }

  /** Asks who we are: it needs the database, as every request does. */
  async probe() {
    try {
      const d = await gql(`{ me { ${ACCOUNT_FIELDS} } }`);
      this.end();
      await this.onBack(d.me);
    } catch (e) {
      if (e.code === 'UNAUTHENTICATED') {
        this.end();
        this.onRefused();
      } else {
        this.schedule(); // still unavailable, or the network: ask again later
      }
    }
  }

  end() {
    clearTimeout(this.timer);
    this.active = false;
    $('#unavailable').hidden = true;
  }
}
