// pages/home.js — what Cascade is for people signed out; for people signed in,
// their organisations, where each stands and what to do next.
import { render } from '../vendor/lit-html/lit-html.js';
import { html } from '../ui.js';

function about(t) {
  return html`
    <section aria-labelledby="what-h">
      <h2 id="what-h">${t('home.what.title')}</h2>
      <ul class="points">
        <li><strong>${t('home.what.mentoring.name')}</strong> ${t('home.what.mentoring')}</li>
        <li><strong>${t('home.what.visits.name')}</strong> ${t('home.what.visits')}</li>
        <li><strong>${t('home.what.tot.name')}</strong> ${t('home.what.tot')}</li>
      </ul>
    </section>
    <section aria-labelledby="how-h">
      <h2 id="how-h">${t('home.how.title')}</h2>
      <ol class="points">${[1, 2, 3, 4].map((n) => html`<li>${t(`home.how.${n}`)}</li>`)}</ol>
    </section>
    <section aria-labelledby="privacy-h">
      <h2 id="privacy-h">${t('home.privacy.title')}</h2>
      <ul class="points">${['pseudonym', 'thirdParty', 'rooms', 'exit', 'device'].map((k) => html`<li>${t(`home.privacy.${k}`)}</li>`)}</ul>
    </section>`;
}

function orgCard(t, o) {
  const href = `/orgs/${encodeURIComponent(o.id)}`;
  return html`<li class="card">
    <h3><a href=${href}>${o.name}</a></h3>
    <p>${t(`org.status.${o.status}`)} · ${o.roles.map((r) => t(`role.${r}`)).join(', ')}</p>
    ${o.status === 'approved' ? html`<p class="actions">
        <a href=${`${href}/exchanges`}>${t('nav.exchanges')}</a>
        <a href=${`${href}/requests`}>${t('nav.requests')}</a>
        ${o.roles.includes('lead') ? html`<a href=${`${href}/proposals`}>${t('nav.proposals')}</a>` : ''}
      </p>`
    : html`<p>${t(`org.next.${o.status}`)}</p>`}
  </li>`;
}

export async function mount(root, ctx) {
  const { t, me } = ctx;
  if (!me) {
    render(html`
      <section class="hero">
        <h1 tabindex="-1">${t('home.title')}</h1>
        <p class="lead">${t('home.lead')}</p>
        <p class="motto">${t('home.motto')}</p>
        <p class="actions"><a class="button" href="/signin">${t('home.signIn')}</a>
          <a class="button secondary" href="/apply">${t('home.applyButton')}</a></p>
        <p><a href="/recover">${t('home.forgot')}</a></p>
        <p>${t('home.apply')}</p>
      </section>
      ${about(t)}`, root);
    return;
  }
  const admin = (me.platform_roles || []).includes('admin');
  render(html`
    <h1 tabindex="-1">${t('home.welcome', { pseudonym: me.user.pseudonym })}</h1>
    <p data-me>${t('home.signedInAs', { pseudonym: me.user.pseudonym })}</p>
    ${me.organisations.length ? html`<h2>${t('home.yourOrgs')}</h2>
      <ul class="cards">${me.organisations.map((o) => orgCard(t, o))}</ul>` : ''}
    ${admin ? html`<h2>${t('home.admin')}</h2>
      <ul class="points">
        <li><a href="/admin?status=pending">${t('home.adminPending')}</a></li>
        <li><a href="/admin/rounds">${t('nav.adminRounds')}</a></li>
        <li><a href="/admin/accounts">${t('nav.adminAccounts')}</a></li>
      </ul>` : ''}
    ${!me.organisations.length && !admin ? html`<p>${t('home.noOrg')}</p>` : ''}
    <p class="actions"><a href="/notifications">${t('nav.notifications')}</a> <a href="/settings">${t('nav.settings')}</a></p>`, root);
}
