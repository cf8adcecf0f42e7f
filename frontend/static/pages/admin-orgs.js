// pages/admin-orgs.js — organisations by review status, for platform admins.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, repeatKeyed } from '../ui.js';

const STATUSES = ['pending', 'approved', 'suspended', 'rejected'];

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const status = STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : 'pending';
  let list = [];
  let failed = null;
  try {
    list = (await api.get(`/api/v1/admin/organisations?status=${status}`, { signal })).organisations;
  } catch (err) {
    failed = err;
  }
  render(html`
    <h1 tabindex="-1">${t('admin.orgsTitle')}</h1>
    <nav aria-label=${t('admin.byStatus')}><ul class="tabs">${STATUSES.map((s) => html`<li>
      <a href=${`/admin?status=${s}`} aria-current=${s === status ? 'page' : 'false'}>${t(`org.statusName.${s}`)}</a></li>`)}</ul></nav>
    <h2>${t(`org.statusName.${status}`)}</h2>
    ${failed ? loadFailed(failed) : ''}
    ${!failed && !list.length ? html`<p>${t('admin.noOrgs')}</p>` : ''}
    <ul class="rows">${repeatKeyed(list, (o) => o.id, (o) => html`<li>
      <span><a href=${`/admin/orgs/${encodeURIComponent(o.id)}`}>${o.profile.name}</a><br>
        <span class="hint">${o.profile.country} · ${t(`stage.${o.profile.stage}`)} · ${formatDate(o.created)}</span></span>
    </li>`)}</ul>`, root);
}
