// pages/notifications.js — what happened to my organisations' requests and
// exchanges, newest first; opening one marks it read.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, orgNames, repeatKeyed } from '../ui.js';

// staffTarget is where an alert to platform staff leads: the application, the
// programme's exchanges, or the report in the moderation queue.
const staffTarget = {
  application_received: (n) => `/admin/orgs/${encodeURIComponent(n.org_id)}`,
  safety_concern: () => '/admin/exchanges',
  report_filed: (n) => `/admin/reports/${encodeURIComponent(n.report_id)}`,
  report_waiting: (n) => `/admin/reports/${encodeURIComponent(n.report_id)}`,
};

function target(n) {
  if (staffTarget[n.kind]) return staffTarget[n.kind](n);
  if (n.kind === 'trainer_named') return '/trainings/named';
  const org = `/orgs/${encodeURIComponent(n.org_id)}`;
  if (n.kind.startsWith('hosting_')) return `${org}/hosting`;
  if (n.exchange_id) {
    return n.kind === 'proposal_received' ? `${org}/proposals` : `${org}/exchanges/${encodeURIComponent(n.exchange_id)}`;
  }
  if (n.request_id) return `${org}/requests/${encodeURIComponent(n.request_id)}`;
  return org;
}

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  let list = [];
  let failed = null;
  let note = '';
  const nameOf = await orgNames(ctx);
  const load = async () => {
    try {
      list = (await api.get('/api/v1/me/notifications', { signal })).notifications;
      failed = null;
    } catch (err) {
      failed = err;
    }
  };
  const markRead = async (n) => {
    try {
      await api.post(`/api/v1/me/notifications/${encodeURIComponent(n.id)}/read`, undefined, { signal });
      n.read = true;
      note = t('notifications.marked');
      ctx.refreshUnread();
    } catch (err) {
      note = errorText(err);
    }
    draw();
  };
  const open = async (event, n) => {
    event.preventDefault();
    if (!n.read) await markRead(n);
    ctx.navigate(target(n));
  };
  const draw = () => render(html`
    <h1 tabindex="-1">${t('notifications.title')}</h1>
    ${failed ? loadFailed(failed) : ''}
    ${!failed && !list.length ? html`<p>${t('notifications.none')}</p>` : ''}
    <ul class="rows">${repeatKeyed(list, (n) => n.id, (n) => html`<li class=${n.read ? 'read' : 'unread'}>
      <span>${n.read ? '' : html`<span class="tag">${t('notifications.new')}</span> `}
        <a href=${target(n)} @click=${(e) => open(e, n)}>${t(`notification.${n.kind}`, { organisation: nameOf(n.org_id) })}</a><br>
        <span class="hint">${formatDate(n.created)}${n.reason ? ` · ${t(`reason.${n.reason}`)}` : ''}</span></span>
      ${n.read ? '' : html`<button type="button" class="secondary" @click=${() => markRead(n)}>${t('notifications.markRead')}</button>`}
    </li>`)}</ul>
    <p class="note" role="status">${note}</p>`, root);
  await load();
  draw();
  return draw;
}
