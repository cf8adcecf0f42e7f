// pages/my-reports.js — the reports I filed and what became of them, and what
// moderation did to me (with the reason).
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, repeatKeyed } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  let list = [];
  let notices = [];
  let failed = null;
  try {
    const [mine, told] = await Promise.all([api.get('/api/v1/me/reports', { signal }), api.get('/api/v1/me/moderation', { signal })]);
    list = mine.reports.slice().reverse();
    notices = told.notices.slice().reverse();
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
        <br>${r.kind === 'resource' ? html`<a href=${`/library/${encodeURIComponent(r.target)}`}>${t('library.report.openResource')}</a>`
          : html`<a href=${`/rooms/${encodeURIComponent(r.room)}`}>${t('mod.mine.room')}</a>`}</span>
    </li>`)}</ul>
    <h2>${t('mod.notices.title')}</h2>
    <p>${t('mod.notices.intro')}</p>
    ${!failed && !notices.length ? html`<p>${t('mod.notices.none')}</p>` : ''}
    <ul class="rows" data-notices>${repeatKeyed(notices, (n) => n.id, (n) => html`<li data-notice=${n.action}>
      <span><strong>${n.material ? t(`mod.notices.material.${n.material}`, { title: n.title }) : t(`mod.notices.action.${n.action}`)}</strong>${n.until ? ` ${t('mod.notices.until', { date: formatDate(n.until) })}` : ''}<br>
        <span class="hint">${t('mod.notices.when', { date: formatDate(n.created), reason: t(`mod.reason.${n.reason}`) })}</span>
        ${n.room ? html`<br><a href=${`/rooms/${encodeURIComponent(n.room)}`}>${t('mod.mine.room')}</a>` : ''}</span>
    </li>`)}</ul>`, root);
  draw();
  return draw;
}
