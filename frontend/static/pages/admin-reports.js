// pages/admin-reports.js — the report queue for platform moderators and admins:
// open reports oldest first, or every report.
import { render } from '../vendor/lit-html/lit-html.js';
import { reportRows } from '../moderation.js';
import { html, loadFailed, needSignIn } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const status = ctx.query.get('status') === 'all' ? 'all' : 'open';
  let list = [];
  let failed = null;
  try {
    list = (await api.get(`/api/v1/admin/reports?status=${status}`, { signal })).reports;
  } catch (err) {
    failed = err;
  }
  const draw = () => render(html`
    <h1 tabindex="-1">${t('mod.queue.title')}</h1>
    <nav aria-label=${t('mod.queue.filter')}><ul class="tabs">${['open', 'all'].map((s) => html`<li>
      <a href=${`/admin/reports?status=${s}`} aria-current=${s === status ? 'page' : 'false'}>${t(`mod.queue.${s}`)}</a></li>`)}</ul></nav>
    ${failed ? loadFailed(failed) : ''}
    ${!failed && !list.length ? html`<p data-empty>${t('mod.queue.none')}</p>` : ''}
    ${reportRows(list, (r) => `/admin/reports/${encodeURIComponent(r.id)}`)}`, root);
  draw();
  return draw;
}
