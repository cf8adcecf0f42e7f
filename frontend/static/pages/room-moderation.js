// pages/room-moderation.js — a room's moderation panel for its owners and room
// moderators: the room's reports, lock and unlock, slow mode, and (owners) room
// moderators chosen among the room's people.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText } from '../i18n.js';
import { REASONS, reportRows } from '../moderation.js';
import { html, loadFailed, needSignIn, perform } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal, params } = ctx;
  const room = encodeURIComponent(params.room);
  const status = ctx.query.get('status') === 'all' ? 'all' : 'open';
  const st = { busy: false, error: null, done: '' };
  let reports = [];
  let people = [];
  let title = '';
  let failed = null;
  try {
    const [list, members, rooms] = await Promise.all([
      api.get(`/api/v1/rooms/${room}/reports?status=${status}`, { signal }),
      api.get(`/api/v1/rooms/${room}/members`, { signal }).catch(() => ({ members: [] })),
      api.get('/api/v1/rooms', { signal }).catch(() => ({ rooms: [] })),
    ]);
    reports = list.reports;
    people = members.members.filter((m) => m.user_id !== ctx.me.user.id && m.role !== 'owner');
    title = (rooms.rooms || []).find((x) => x.id === params.room)?.title || '';
  } catch (err) {
    failed = err;
  }

  const run = (fn, done) => perform(st, draw, fn, done, '#panel-error');

  const onRoom = (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const action = e.submitter?.value || 'lock';
    const body = { action, reason: f.elements.reason.value };
    if (action === 'slow_mode') body.seconds = Number(f.elements.seconds.value);
    run(() => api.post(`/api/v1/rooms/${room}/actions`, body, { signal }), t(`mod.done.${action}`));
  };
  const onModerator = (e) => {
    e.preventDefault();
    const user = e.currentTarget.elements.user.value;
    const appoint = e.submitter?.value !== 'withdraw';
    const path = `/api/v1/rooms/${room}/moderators/${encodeURIComponent(user)}`;
    run(() => (appoint ? api.put(path, undefined, { signal }) : api.del(path, { signal })),
      t(appoint ? 'mod.panel.appointed' : 'mod.panel.withdrawn'));
  };

  const draw = () => render(html`
    <p><a href=${`/rooms/${room}`}>${t('mod.panel.toRoom')}</a></p>
    <h1 tabindex="-1">${t('mod.panel.title', { room: title || params.room })}</h1>
    ${failed ? loadFailed(failed) : html`
    <h2>${t('mod.panel.reports')}</h2>
    <nav aria-label=${t('mod.queue.filter')}><ul class="tabs">${['open', 'all'].map((s) => html`<li>
      <a href=${`/rooms/${room}/moderation?status=${s}`} aria-current=${s === status ? 'page' : 'false'}>${t(`mod.queue.${s}`)}</a></li>`)}</ul></nav>
    ${reports.length ? '' : html`<p>${t('mod.queue.none')}</p>`}
    ${reportRows(reports, (r) => `/rooms/${room}/moderation/reports/${encodeURIComponent(r.id)}`)}
    <h2 id="room-h">${t('mod.panel.room')}</h2>
    <form class="card" aria-labelledby="room-h" @submit=${onRoom} aria-busy=${st.busy ? 'true' : 'false'} data-room-actions>
      <div class="field"><label for="room-reason">${t('mod.report.actionReason')}</label>
        <select id="room-reason" name="reason">${REASONS.map((x) => html`<option value=${x}>${t(`mod.reason.${x}`)}</option>`)}</select></div>
      <p class="actions"><button type="submit" value="lock" data-act="lock">${t('mod.act.lock')}</button>
        <button type="submit" class="secondary" value="unlock" data-act="unlock">${t('mod.act.unlock')}</button></p>
      <div class="field"><label for="room-seconds">${t('mod.act.seconds')}</label>
        <select id="room-seconds" name="seconds" class="short">${[0, 10, 30, 60, 300].map((s) => html`<option value=${s}>${s ? t('mod.act.everySeconds', { n: s }) : t('mod.act.slowOff')}</option>`)}</select></div>
      <p><button type="submit" class="secondary" value="slow_mode" data-act="slow_mode">${t('mod.act.slow_mode')}</button></p>
    </form>
    <h2 id="mods-h">${t('mod.panel.moderators')}</h2>
    <form class="card" aria-labelledby="mods-h" @submit=${onModerator} data-room-moderators>
      <p class="hint">${t('mod.panel.moderatorsHint')}</p>
      ${people.length ? html`<div class="field"><label for="mod-user">${t('mod.panel.member')}</label>
        <select id="mod-user" name="user">${people.map((m) => html`<option value=${m.user_id}>${m.pseudonym}${m.organisation ? ` · ${m.organisation}` : ''}</option>`)}</select></div>
      <p class="actions"><button type="submit" value="appoint">${t('mod.panel.appoint')}</button>
        <button type="submit" class="secondary" value="withdraw">${t('mod.panel.withdraw')}</button></p>`
      : html`<p>${t('mod.panel.noMembers')}</p>`}
    </form>
    <p id="panel-error" class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>
    <p class="note" role="status">${st.done}</p>`}`, root);
  draw();
  return draw;
}
