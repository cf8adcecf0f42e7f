// pages/report.js — one report with the messages copied into it, its actions and
// its resolution. /admin/reports/:report is the platform staff's view; the room
// owners' view, /rooms/:room/moderation/reports/:report, goes through the room's
// own routes. Opening a report is recorded in the audit log by the server.
import { render } from '../vendor/lit-html/lit-html.js';
import { actionPanel, reportBody } from '../moderation.js';
import { html, loadFailed, needSignIn, perform } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal, params } = ctx;
  const inRoom = !!params.room;
  const roomBase = inRoom ? `/api/v1/rooms/${encodeURIComponent(params.room)}` : '';
  const base = inRoom ? `${roomBase}/reports/${encodeURIComponent(params.report)}`
    : `/api/v1/admin/reports/${encodeURIComponent(params.report)}`;
  const back = inRoom ? `/rooms/${encodeURIComponent(params.room)}/moderation` : '/admin/reports';
  const st = { busy: false, error: null, done: '' };
  let r = null;
  let failed = null;
  try {
    r = await api.get(base, { signal });
  } catch (err) {
    failed = err;
  }

  // A room owner's action names its member and message; platform staff name the report.
  const act = async (body, done) => {
    if (st.busy) return;
    if (inRoom) {
      if (['mute', 'unmute', 'ban', 'unban', 'remove'].includes(body.action)) body.user = r.author;
      if (body.action === 'delete_message') body.seq = r.seq;
    }
    await run(() => api.post(inRoom ? `${roomBase}/actions` : `${base}/actions`, body, { signal }), done);
  };
  const resolve = async (body) => {
    if (st.busy) return;
    await run(async () => { r = await api.post(`${base}/resolve`, body, { signal }); }, t(`mod.resolved.${body.status}`));
  };
  const run = (fn, done) => perform(st, draw, fn, done, '#act-error');


  const draw = () => render(html`
    <p><a href=${back}>${inRoom ? t('mod.panel.back') : t('mod.queue.back')}</a></p>
    <h1 tabindex="-1">${t('mod.report.title')}</h1>
    ${failed ? loadFailed(failed) : html`${reportBody(r)}${actionPanel(r, st, act, resolve)}`}`, root);
  draw();
  return draw;
}
