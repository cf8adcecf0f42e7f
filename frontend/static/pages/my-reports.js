// pages/my-reports.js — the reports I filed and what became of them.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, repeatKeyed } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  let list = [];
  let failed = null;
  try {
    list = (await api.get('/api/v1/me/reports', { signal })).reports.slice().reverse();
  } catch (err) {
    failed = err;
  }
  const draw = () => render(html`
    <h1 tabindex="-1">${t('mod.mine.title')}</h1>
    <p>${t('mod.mine.intro')}</p>
    ${failed ? loadFailed(failed) : ''}
    ${!failed && !list.length ? html`<p>${t('mod.mine.none')}</p>` : ''}
    <ul class="rows">${repeatKeyed(list, (r) => r.id, (r) => html`<li data-report=${r.id}>
      <span><strong>${t(`mod.reason.${r.reason}`)}</strong> · <span class="tag" data-status>${t(`mod.status.${r.status}`)}</span><br>
        <span class="hint">${t('mod.mine.filed', { date: formatDate(r.created) })}</span>
        ${r.outcome ? html`<br><span class="hint">${t('mod.mine.resolved', { date: formatDate(r.outcome.at) })}</span>
          ${r.outcome.note ? html`<br><span data-note>${t('mod.mine.note', { note: r.outcome.note })}</span>` : ''}` : ''}
        <br><a href=${`/rooms/${encodeURIComponent(r.room)}`}>${t('mod.mine.room')}</a></span>
    </li>`)}</ul>`, root);
  draw();
  return draw;
}
