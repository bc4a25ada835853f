// Organisations ("Teams"): the caller's organisations with their role; creating one; for an OWNER the members (role
// change, removal), the pending invitations (revoke) and an invite form; for everyone leaving. Errors are explained
// from extensions.code. Every piece of user text (names, emails) goes through h() / textContent.
import {gql} from './api.js';
import {h, clear, formatDate} from './dom.js';
import {t, has, errorText, errorIn} from './i18n.js';

const ROLES = ['OWNER', 'EDITOR', 'VIEWER'];

/** A role's name in the user's language (role.OWNER ...); an unknown one as the API gave it. */
export function roleName(role) {
  return has('role.' + role) ? t('role.' + role) : role;
}

export const ORGANISATION_FIELDS = `id name createdAt myRole
  members { account { id email } role joinedAt }
  invitations { id email role expiresAt }`;

/**
 * An API error in words for this page, in the user's language: a reason the bundles know first, then what a code
 * means here (`conflict`: the key of what a CONFLICT means for this change: the last owner, or already a member),
 * else the code's own words.
 */
export function explain(e, conflict = 'teams.error.lastOwner') {
  return errorIn(e, {CONFLICT: conflict, FORBIDDEN: 'teams.error.forbidden', NOT_FOUND: 'teams.error.notFound'});
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
    clear(this.root).appendChild(h('p', {class: 'muted'}, t('app.loading')));
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
      this.root.appendChild(h('p', {class: 'empty'}, t('teams.empty')));
    }
    for (const o of organisations) this.root.appendChild(this.card(o));
  }

  card(o) {
    const owner = o.myRole === 'OWNER';
    const error = h('p', {class: 'form-error', role: 'alert', 'aria-live': 'assertive'});
    const ok = h('p', {class: 'form-ok', role: 'status'});
    const run = async (button, action, done, conflict) => {
      error.textContent = '';
      ok.textContent = '';
      if (button) button.disabled = true;
      try {
        await action();
      } catch (e) {
        if (e.code === 'UNAVAILABLE' || e.code === 'UNAUTHENTICATED') this.onError(e);
        error.textContent = explain(e, conflict);
        if (button) button.disabled = false;
        return false;
      }
      await this.show(done); // the message stays on the card shown again
      return true;
    };

    const leave = h('button', {type: 'button', class: 'secondary leave', onclick: (e) => {
      if (!window.confirm(t('teams.leave.confirm', {organisation: o.name}))) return;
      run(e.currentTarget, () => gql('mutation($o: ID!) { leaveOrganisation(organisationId: $o) }', {o: o.id}));
    }}, t('teams.leave'));

    return h('article', {class: 'card org-card', id: 'org-' + o.id, dataset: {name: o.name, role: o.myRole}},
      h('h2', {}, o.name),
      h('p', {class: 'muted'}, t('teams.card.role'), ' ',
        h('strong', {class: 'my-role', dataset: {role: o.myRole}}, roleName(o.myRole)),
        ' · ', t('teams.card.created', {date: formatDate(o.createdAt)}), ' · ',
        h('a', {href: '#/'}, t('teams.card.assessments')),
        owner ? [' · ', h('a', {href: '#/audit/' + encodeURIComponent(o.id), class: 'audit-link'},
          t('teams.card.audit'))] : null),
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
      let role = h('span', {class: 'role', dataset: {role: m.role}}, roleName(m.role));
      if (owner) {
        role = h('select', {class: 'role', 'aria-label': t('teams.members.roleOf', {email: m.account.email}),
          onchange: (e) => {
            const select = e.currentTarget;
            run(select, () => gql(`mutation($o: ID!, $a: ID!, $r: Role!) {
                changeRole(organisationId: $o, accountId: $a, role: $r) { role } }`,
            {o: o.id, a: m.account.id, r: select.value}),
            t('teams.members.roleChanged', {email: m.account.email, role: roleName(select.value)}))
              .then((changed) => {
                if (!changed) select.value = m.role;
              });
          }}, ROLES.map((r) => h('option', {value: r, selected: r === m.role}, roleName(r))));
      }
      const remove = owner && !self ? h('button', {type: 'button', class: 'secondary small remove', onclick: (e) => {
        if (!window.confirm(t('teams.members.removeConfirm', {email: m.account.email, organisation: o.name}))) return;
        run(e.currentTarget, () => gql('mutation($o: ID!, $a: ID!) { removeMember(organisationId: $o, accountId: $a) }',
          {o: o.id, a: m.account.id}), t('teams.members.removed', {email: m.account.email}));
      }}, t('teams.members.remove')) : null;
      return h('tr', {class: 'member', dataset: {email: m.account.email, account: m.account.id}},
        h('td', {}, m.account.email, self ? h('span', {class: 'muted small'}, ' ', t('teams.members.you')) : null),
        h('td', {}, role),
        h('td', {}, formatDate(m.joinedAt)),
        h('td', {}, remove));
    });
    return h('section', {class: 'members'},
      h('h3', {}, t('teams.members.title', {count: o.members.length})),
      h('div', {class: 'table-scroll'}, h('table', {class: 'member-table'},
        h('thead', {}, h('tr', {},
          ['teams.members.email', 'teams.members.role', 'teams.members.joined'].map((k) => h('th', {scope: 'col'}, t(k))),
          // The column of the Remove buttons: named for screen readers, blank on screen as before.
          h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('teams.members.actions'))))),
        h('tbody', {}, rows))));
  }

  invitations(o, run) {
    if (!o.invitations.length) return h('p', {class: 'muted small'}, t('teams.invitations.none'));
    return h('section', {class: 'invitations'},
      h('h3', {}, t('teams.invitations.title')),
      h('ul', {class: 'invitation-list'}, o.invitations.map((i) => h('li', {class: 'invitation', dataset: {email: i.email}},
        h('strong', {}, i.email), ' · ',
        t('teams.invitations.line', {role: roleName(i.role), date: formatDate(i.expiresAt)}), ' ',
        h('button', {type: 'button', class: 'secondary small revoke', onclick: (e) =>
          run(e.currentTarget, () => gql(`mutation($o: ID!, $i: ID!) {
              revokeInvitation(organisationId: $o, invitationId: $i) }`, {o: o.id, i: i.id}),
          t('teams.invitations.revoked', {email: i.email}))}, t('teams.invitations.revoke'))))));
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
      t('teams.invite.sent', {email}), 'teams.error.alreadyMember');
    }},
    h('h3', {}, t('teams.invite.heading')),
    h('div', {class: 'row'},
      h('div', {class: 'grow'},
        h('label', {for: emailId}, t('teams.invite.email')),
        h('input', {id: emailId, type: 'email', required: true, autocomplete: 'off'})),
      h('div', {},
        h('label', {for: roleId}, t('teams.invite.role')),
        h('select', {id: roleId}, ['EDITOR', 'VIEWER', 'OWNER'].map((r) =>
          h('option', {value: r, title: t(`role.${r}.help`)}, roleName(r))))),
      h('button', {type: 'submit'}, t('teams.invite.submit'))));
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

/** Why a join failed, in the user's language. */
export function joinFailure(e, me) {
  if (e.code === 'FORBIDDEN') return t('join.error.otherEmail', {email: me.email});
  if (e.code === 'NOT_FOUND') return t('join.error.gone');
  return errorText(e);
}
