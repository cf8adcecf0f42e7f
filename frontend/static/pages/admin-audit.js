// pages/admin-audit.js — the audit log for admins, filtered by actor, action,
// target and time (the filters live in the address, so a view can be shared).
// Reading it is itself recorded by the server.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate, has, t } from '../i18n.js';
import { html, loadFailed, needSignIn } from '../ui.js';

const ACTIONS = ['approve', 'reject', 'suspend', 'disable', 'enable', 'publish_round', 'appoint_moderator',
  'withdraw_moderator', 'appoint_room_moderator', 'withdraw_room_moderator', 'open_report', 'resolve_report',
  'read_audit', 'mute_lifted', 'delete_message', 'mute', 'unmute', 'ban', 'unban', 'remove', 'lock', 'unlock', 'slow_mode'];
const FIELDS = ['actor', 'action', 'target', 'from', 'to'];

// A reason is a moderation reason, another documented reason code, or shown as it is.
function reasonText(r) {
  if (has(`mod.reason.${r}`)) return t(`mod.reason.${r}`);
  if (has(`reason.${r}`)) return t(`reason.${r}`);
  return r;
}

// A datetime-local value is the person's local time; the API takes RFC 3339.
function toISO(local) {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
function toLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { api, signal, query } = ctx;
  const filter = new URLSearchParams();
  for (const f of FIELDS) if (query.get(f)) filter.set(f, query.get(f));
  let entries = [];
  let failed = null;
  try {
    entries = (await api.get(`/api/v1/admin/audit?${filter}`, { signal })).entries.slice().reverse();
  } catch (err) {
    failed = err;
  }
  const onSubmit = (e) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    const q = new URLSearchParams();
    for (const name of ['actor', 'action', 'target']) if (f[name].value.trim()) q.set(name, f[name].value.trim());
    for (const name of ['from', 'to']) if (f[name].value) q.set(name, toISO(f[name].value));
    ctx.navigate(`/admin/audit${q.size ? `?${q}` : ''}`);
  };
  const draw = () => render(html`
    <h1 tabindex="-1">${t('mod.audit.title')}</h1>
    <p>${t('mod.audit.intro')}</p>
    <form class="card filters" @submit=${onSubmit} data-audit-filter>
      <div class="field"><label for="audit-actor">${t('mod.audit.actor')}</label>
        <input id="audit-actor" name="actor" .value=${filter.get('actor') || ''} autocapitalize="none" spellcheck="false"></div>
      <div class="field"><label for="audit-action">${t('mod.audit.action')}</label>
        <select id="audit-action" name="action"><option value="">${t('mod.audit.anyAction')}</option>
          ${ACTIONS.map((a) => html`<option value=${a} ?selected=${filter.get('action') === a}>${t(`mod.audit.actions.${a}`)}</option>`)}</select></div>
      <div class="field"><label for="audit-target">${t('mod.audit.target')}</label>
        <input id="audit-target" name="target" .value=${filter.get('target') || ''} aria-describedby="audit-target-hint" autocapitalize="none" spellcheck="false">
        <p id="audit-target-hint" class="hint">${t('mod.audit.targetHint')}</p></div>
      <div class="field"><label for="audit-from">${t('mod.audit.from')}</label>
        <input id="audit-from" name="from" type="datetime-local" .value=${toLocal(filter.get('from'))}></div>
      <div class="field"><label for="audit-to">${t('mod.audit.to')}</label>
        <input id="audit-to" name="to" type="datetime-local" .value=${toLocal(filter.get('to'))}></div>
      <p class="actions"><button type="submit">${t('mod.audit.apply')}</button> <a href="/admin/audit">${t('mod.audit.clear')}</a></p>
    </form>
    ${failed ? loadFailed(failed) : html`
      <p role="status">${t('mod.audit.count', { n: entries.length })}</p>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-caption">
      <table class="data stack" data-audit>
        <caption id="audit-caption">${t('mod.audit.caption')}</caption>
        <thead><tr><th scope="col">${t('mod.audit.seq')}</th><th scope="col">${t('mod.audit.at')}</th><th scope="col">${t('mod.audit.actor')}</th>
          <th scope="col">${t('mod.audit.action')}</th><th scope="col">${t('mod.audit.target')}</th><th scope="col">${t('mod.audit.reason')}</th></tr></thead>
        <tbody>${entries.map((e) => html`<tr>
          <td data-label=${t('mod.audit.seq')}>${e.seq}</td><td data-label=${t('mod.audit.at')}>${formatDate(e.at)}</td>
          <td data-label=${t('mod.audit.actor')}><code>${e.actor}</code></td>
          <td data-label=${t('mod.audit.action')}>${ACTIONS.includes(e.action) ? t(`mod.audit.actions.${e.action}`) : e.action}</td>
          <td data-label=${t('mod.audit.target')}><code>${e.target}</code></td>
          <td data-label=${t('mod.audit.reason')}>${e.reason ? reasonText(e.reason) : ''}${e.note ? html`<br>${e.note}` : ''}</td></tr>`)}</tbody>
      </table></div>`}`, root);
  draw();
  return draw;
}
