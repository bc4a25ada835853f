// Organisations ("Teams"): the caller's organisations with their role; creating one; for an OWNER the members (role
// change, removal), the pending invitations (revoke) and an invite form; for everyone leaving. Errors are explained
// from extensions.code. Every piece of user text (names, emails) goes through h() / textContent.
import {gql} from './api.js';
import {h, clear, formatDate} from './dom.js';

const ROLES = ['OWNER', 'EDITOR', 'VIEWER'];
const ROLE_TEXT = {
  OWNER: 'Owner: everything, members and deletions included',
  EDITOR: 'Editor: answers, comments, starts assessments',
  VIEWER: 'Viewer: reads everything, changes nothing',
};

export const ORGANISATION_FIELDS = `id name createdAt myRole
  members { account { id email } role joinedAt }
  invitations { id email role expiresAt }`;

/** An API error in words for this page: the codes that have a meaning here, the server's message otherwise. */
export function explain(e) {
  switch (e.code) {
    case 'CONFLICT':
      return /owner/i.test(e.message)
        ? `${e.message}: an organisation always keeps an owner, so make another member an owner first.`
        : e.message;
    case 'FORBIDDEN':
      return 'Only an owner of this organisation can do that.';
    case 'NOT_FOUND':
      return 'Not found: it may have been removed meanwhile.';
    default:
      return e.message;
  }
}

export class TeamsPage {
  /**
   * @param root     element of the organisation list
   * @param me       () => the caller's account {id, email}
   * @param onError  API errors that are not the page's own (UNAVAILABLE, UNAUTHENTICATED)
   */
  constructor(root, {me, onError}) {
    this.root = root;
    this.me = me;
    this.onError = onError;
    this.loads = 0;
  }

  /** @param message shown on the list (after a change, which re-renders it) */
  async show(message) {
    const token = ++this.loads; // a slower, older load never replaces a newer one
    clear(this.root).appendChild(h('p', {class: 'muted'}, 'Loading…'));
    let organisations;
    try {
      organisations = (await gql(`{ organisations { ${ORGANISATION_FIELDS} } }`)).organisations;
    } catch (e) {
      if (token !== this.loads) return;
      clear(this.root);
      this.onError(e);
      return;
    }
    if (token !== this.loads) return;
    clear(this.root);
    if (message) this.root.appendChild(h('p', {class: 'form-ok teams-message', role: 'status'}, message));
    if (!organisations.length) {
      this.root.appendChild(h('p', {class: 'empty'},
        'You belong to no organisation yet: create one above, or accept an invitation from a teammate.'));
    }
    for (const o of organisations) this.root.appendChild(this.card(o));
  }

  card(o) {
    const owner = o.myRole === 'OWNER';
    const error = h('p', {class: 'form-error', role: 'alert', 'aria-live': 'assertive'});
    const ok = h('p', {class: 'form-ok', role: 'status'});
    const run = async (button, action, done) => {
      error.textContent = '';
      ok.textContent = '';
      if (button) button.disabled = true;
      try {
        await action();
      } catch (e) {
        if (e.code === 'UNAVAILABLE' || e.code === 'UNAUTHENTICATED') this.onError(e);
        error.textContent = explain(e);
        if (button) button.disabled = false;
        return false;
      }
      await this.show(done); // the message stays on the card shown again
      return true;
    };

    const leave = h('button', {type: 'button', class: 'secondary leave', onclick: (e) => {
      if (!window.confirm(`Leave ${o.name}? You lose access to its assessments.`)) return;
      run(e.currentTarget, () => gql('mutation($o: ID!) { leaveOrganisation(organisationId: $o) }', {o: o.id}));
    }}, 'Leave');

    return h('article', {class: 'card org-card', id: 'org-' + o.id, dataset: {name: o.name, role: o.myRole}},
      h('h2', {}, o.name),
      h('p', {class: 'muted'}, 'Your role: ', h('strong', {class: 'my-role'}, o.myRole),
        ` · created ${formatDate(o.createdAt)} · `, h('a', {href: '#/'}, 'Assessments'),
        owner ? [' · ', h('a', {href: '#/audit/' + encodeURIComponent(o.id), class: 'audit-link'}, 'Audit log')] : null),
      this.members(o, owner, run),
      owner ? this.invitations(o, run) : null,
      owner ? this.inviteForm(o, run) : null,
      h('div', {class: 'org-actions'}, leave),
      error, ok);
  }

  members(o, owner, run) {
    const me = this.me();
    const rows = o.members.map((m) => {
      const self = m.account.id === me.id;
      let role = h('span', {class: 'role'}, m.role);
      if (owner) {
        role = h('select', {class: 'role', 'aria-label': `Role of ${m.account.email}`, onchange: (e) => {
          const select = e.currentTarget;
          run(select, () => gql(`mutation($o: ID!, $a: ID!, $r: Role!) {
              changeRole(organisationId: $o, accountId: $a, role: $r) { role } }`,
          {o: o.id, a: m.account.id, r: select.value}), `${m.account.email} is now ${select.value}.`)
            .then((changed) => {
              if (!changed) select.value = m.role;
            });
        }}, ROLES.map((r) => h('option', {value: r, selected: r === m.role}, r)));
      }
      const remove = owner && !self ? h('button', {type: 'button', class: 'secondary small remove', onclick: (e) => {
        if (!window.confirm(`Remove ${m.account.email} from ${o.name}? Their access ends at once.`)) return;
        run(e.currentTarget, () => gql('mutation($o: ID!, $a: ID!) { removeMember(organisationId: $o, accountId: $a) }',
          {o: o.id, a: m.account.id}), `${m.account.email} was removed.`);
      }}, 'Remove') : null;
      return h('tr', {class: 'member', dataset: {email: m.account.email, account: m.account.id}},
        h('td', {}, m.account.email, self ? h('span', {class: 'muted small'}, ' (you)') : null),
        h('td', {}, role),
        h('td', {}, formatDate(m.joinedAt)),
        h('td', {}, remove));
    });
    return h('section', {class: 'members'},
      h('h3', {}, `Members (${o.members.length})`),
      h('div', {class: 'table-scroll'}, h('table', {class: 'member-table'},
        h('thead', {}, h('tr', {}, ['Email', 'Role', 'Joined', ''].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, rows))));
  }

  invitations(o, run) {
    if (!o.invitations.length) return h('p', {class: 'muted small'}, 'No pending invitations.');
    return h('section', {class: 'invitations'},
      h('h3', {}, 'Pending invitations'),
      h('ul', {class: 'invitation-list'}, o.invitations.map((i) => h('li', {class: 'invitation', dataset: {email: i.email}},
        h('strong', {}, i.email), ` · ${i.role} · expires ${formatDate(i.expiresAt)} `,
        h('button', {type: 'button', class: 'secondary small revoke', onclick: (e) =>
          run(e.currentTarget, () => gql(`mutation($o: ID!, $i: ID!) {
              revokeInvitation(organisationId: $o, invitationId: $i) }`, {o: o.id, i: i.id}),
          `The invitation of ${i.email} was revoked.`)}, 'Revoke')))));
  }

  inviteForm(o, run) {
    const emailId = 'invite-email-' + o.id;
    const roleId = 'invite-role-' + o.id;
    const form = h('form', {class: 'invite-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      const email = form.querySelector('input').value.trim();
      const role = form.querySelector('select').value;
      run(form.querySelector('button'), () => gql(`mutation($o: ID!, $e: String!, $r: Role!) {
          invite(organisationId: $o, email: $e, role: $r) { id } }`, {o: o.id, e: email, r: role}),
      `Invitation sent to ${email}: the link in the mail works once, until it expires.`);
    }},
    h('h3', {}, 'Invite someone'),
    h('div', {class: 'row'},
      h('div', {class: 'grow'},
        h('label', {for: emailId}, 'Email'),
        h('input', {id: emailId, type: 'email', required: true, autocomplete: 'off'})),
      h('div', {},
        h('label', {for: roleId}, 'Role'),
        h('select', {id: roleId}, ['EDITOR', 'VIEWER', 'OWNER'].map((r) => h('option', {value: r, title: ROLE_TEXT[r]}, r)))),
      h('button', {type: 'submit'}, 'Invite')));
    return form;
  }
}

/** Creates an organisation with the caller as its OWNER. */
export async function createOrganisation(name) {
  return (await gql('mutation($n: String!) { createOrganisation(name: $n) { id name } }', {n: name})).createOrganisation;
}

/** Joins with an invitation's token: the organisation, or an ApiError (FORBIDDEN: another email; NOT_FOUND). */
export async function acceptInvitation(token) {
  return (await gql('mutation($t: String!) { acceptInvitation(token: $t) { id name myRole } }', {t: token}))
    .acceptInvitation;
}

/** Why a join failed, in words. */
export function joinFailure(e, me) {
  if (e.code === 'FORBIDDEN') {
    return `This invitation was sent to another email address than yours (${me.email}). Log out and log in, or sign up,`
      + ' with the invited address to accept it.';
  }
  if (e.code === 'NOT_FOUND') {
    return 'This invitation link does not work any more: it was already used, withdrawn, or it expired. Ask an owner'
      + ' of the organisation to invite you again.';
  }
  return e.message;
}
