// pages/members.js — a lead's people: members and their roles, naming mentors,
// removing members, and single-use invitations (create, copy the link, revoke).
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, repeatKeyed } from '../ui.js';
import { librarySection } from '../library-members.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const base = `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}`;
  const mine = ctx.me.organisations.find((o) => o.id === ctx.params.org);
  let members = [];
  let invites = [];
  let failed = null;
  let note = '';
  let link = null; // the invitation just created: shown once, here only
  let copied = '';

  const load = async () => {
    try {
      const [m, i] = await Promise.all([api.get(`${base}/members`, { signal }), api.get(`${base}/invites`, { signal })]);
      members = m.members;
      invites = i.invites;
      failed = null;
    } catch (err) {
      failed = err;
    }
  };
  const act = async (fn, done) => {
    try {
      await fn();
      note = done;
      await load();
    } catch (err) {
      note = errorText(err);
    }
    draw();
  };
  const invite = () => act(async () => {
    const res = await api.post(`${base}/invites`, undefined, { signal });
    link = res.url;
    copied = '';
  }, t('members.inviteCreated'));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      copied = t('codes.copied');
    } catch {
      copied = t('members.copyFailed');
    }
    draw();
  };
  const mentor = (m, on) => act(() => {
    const path = `${base}/mentors/${encodeURIComponent(m.id)}`;
    return on ? api.put(path, undefined, { signal }) : api.del(path, { signal });
  },
    t(on ? 'members.mentorNamed' : 'members.mentorUnnamed', { pseudonym: m.pseudonym }));
  const remove = (m) => act(() => api.del(`${base}/members/${encodeURIComponent(m.id)}`, { signal }),
    t('members.removed', { pseudonym: m.pseudonym }));
  const revoke = (i) => act(() => api.del(`${base}/invites/${encodeURIComponent(i.id)}`, { signal }), t('members.revoked'));

  const draw = () => render(html`
    <h1 tabindex="-1">${t('members.title', { name: mine?.name || '' })}</h1>
    ${failed ? loadFailed(failed) : ''}
    <p class="note" role="status">${note}</p>
    <section aria-labelledby="people-h">
      <h2 id="people-h">${t('members.people')}</h2>
      <ul class="rows">${repeatKeyed(members, (m) => m.id, (m) => html`<li>
        <span><strong>${m.pseudonym}</strong><br><span class="hint">${m.roles.map((r) => t(`role.${r}`)).join(', ')}</span></span>
        <span class="actions">
          ${m.roles.includes('mentor')
            ? html`<button type="button" class="secondary" @click=${() => mentor(m, false)}>${t('members.unnameMentor', { pseudonym: m.pseudonym })}</button>`
            : html`<button type="button" class="secondary" @click=${() => mentor(m, true)}>${t('members.nameMentor', { pseudonym: m.pseudonym })}</button>`}
          ${m.id === ctx.me.user.id ? '' : html`<button type="button" class="secondary danger" @click=${() => remove(m)}>${t('members.remove', { pseudonym: m.pseudonym })}</button>`}
        </span>
      </li>`)}</ul>
    </section>
    ${librarySection(ctx, members, async () => { await load(); draw(); })}
    <section class="card" aria-labelledby="invites-h">
      <h2 id="invites-h">${t('members.invites')}</h2>
      <p>${t('members.invitesHint')}</p>
      <p><button type="button" @click=${invite}>${t('members.createInvite')}</button></p>
      ${link ? html`<div class="field">
          <label for="invite-link">${t('members.link')}</label>
          <input id="invite-link" readonly .value=${link} @focus=${(e) => e.target.select()}>
          <p class="hint">${t('members.linkHint')}</p>
        </div>
        ${navigator.clipboard && window.isSecureContext ? html`<p class="actions"><button type="button" class="secondary" @click=${copy}>${t('members.copy')}</button>
          <span role="status">${copied}</span></p>` : ''}` : ''}
      <ul class="rows">${repeatKeyed(invites, (i) => i.id, (i) => html`<li>
        <span>${t('members.inviteRow', { created: formatDate(i.created), expires: formatDate(i.expires) })}</span>
        <button type="button" class="secondary" @click=${() => revoke(i)}
          aria-label=${t('members.revokeLabel', { created: formatDate(i.created) })}>${t('members.revoke')}</button>
      </li>`)}</ul>
    </section>`, root);
  await load();
  draw();
  return draw;
}
