// pages/org.js — an organisation as its members see it: where it stands in
// review and what to do next, its profile, and the way to its work.
import { render } from '../vendor/lit-html/lit-html.js';
import { profileView } from '../profile-form.js';
import { getTaxonomy, html, isLead, loadFailed, needSignIn } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const base = `/orgs/${encodeURIComponent(ctx.params.org)}`;
  let org = null;
  let tax = null;
  let failed = null;
  try {
    [org, tax] = await Promise.all([api.get(`/api/v1${base}`, { signal }), getTaxonomy()]);
  } catch (err) {
    failed = err;
  }
  if (failed) {
    render(html`<h1 tabindex="-1">${t('org.title')}</h1>${loadFailed(failed)}`, root);
    return;
  }
  const lead = isLead(ctx);
  const status = org.status;
  render(html`
    <h1 tabindex="-1">${org.profile.name}</h1>
    <section class=${status === 'approved' ? 'card' : 'card warning'} aria-labelledby="status-h">
      <h2 id="status-h">${t('org.statusTitle', { status: t(`org.status.${status}`) })}</h2>
      <p>${t(`org.next.${status}`)}</p>
      ${org.status_reason ? html`<p><strong>${t('org.reason')}</strong> <span data-reason>${org.status_reason}</span></p>` : ''}
    </section>
    <p class="actions">
      ${lead && status !== 'rejected' ? html`<a class="button" href=${`${base}/profile`}>${t('org.editProfile')}</a>` : ''}
      ${lead ? html`<a class="button secondary" href=${`${base}/members`}>${t('nav.members')}</a>` : ''}
      ${lead ? html`<a class="button secondary" href=${`${base}/offboard`}>${t('privacy.offboardLink')}</a>` : ''}
      ${status === 'approved' ? html`<a class="button secondary" href=${`${base}/exchanges`}>${t('nav.exchanges')}</a>
        <a class="button secondary" href=${`${base}/requests`}>${t('nav.requests')}</a>` : ''}
    </p>
    <h2>${t('org.profile')}</h2>
    ${profileView(tax, org.profile)}`, root);
}
