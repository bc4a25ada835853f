// Who else has the assessment open: each user node publishes its own viewers of it every second while there are
// any (and once, empty, when the last leaves); the page merges the lists per node and forgets a node's list after
// its ttlMs without news (a node that died says nothing more).
import {clear} from './dom.js';
import {t, language} from './i18n.js';

const DEFAULT_TTL = 3000;

export class Presence {
  /**
   * @param el   the element showing who else is here (hidden when nobody else is here)
   * @param self () => the caller's account id, left out of the list
   */
  constructor(el, self) {
    this.el = el;
    this.self = self;
    this.nodes = new Map(); // node -> {viewers, timer}
  }

  /** A presence event: {node, viewers: [{id, email}], ttlMs}. */
  merge(event) {
    const node = event.node || '';
    const known = this.nodes.get(node);
    if (known) clearTimeout(known.timer);
    const viewers = event.viewers || [];
    if (!viewers.length) {
      this.nodes.delete(node);
    } else {
      const timer = setTimeout(() => this.forget(node), event.ttlMs || DEFAULT_TTL);
      this.nodes.set(node, {viewers, timer});
    }
    this.render();
  }

  forget(node) {
    this.nodes.delete(node);
    this.render();
  }

  /** Leaving the assessment: nobody is known to be here any more. */
  reset() {
    for (const {timer} of this.nodes.values()) clearTimeout(timer);
    this.nodes.clear();
    this.render();
  }

  /** Everybody here but the caller, each once, by email. */
  others() {
    const me = this.self();
    const byId = new Map();
    for (const {viewers} of this.nodes.values()) {
      for (const v of viewers) if (v && v.id !== me) byId.set(v.id, v.email);
    }
    return [...byId.values()].sort();
  }

  render() {
    const others = this.others();
    clear(this.el);
    this.el.hidden = !others.length;
    // "a, b and c" as the page's language joins a list.
    this.el.textContent = others.length ? t('presence.alsoHere',
      {names: new Intl.ListFormat(language(), {type: 'conjunction'}).format(others)}) : '';
  }
}
