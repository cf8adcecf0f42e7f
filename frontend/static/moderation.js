// moderation.js — what the staff screens share: report lists, a report's copied
// messages, and the actions a report leads to (platform staff through
// /api/v1/admin/reports/{id}/actions, room owners through /api/v1/rooms/{room}/actions).
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { errorText, formatDate, t } from './i18n.js';
import { tipCopy, tipFacts } from './tips-report.js';
import { resourceFacts } from './library-report.js';

// Reports of shared material, by kind: their line in the queue, their facts, what
// follows the facts (a copy), and the one action on them, taking the material down.
const MATERIAL = {
  tip: { queueItem: 'tips.mod.queueItem', facts: tipFacts, copy: tipCopy, takeDown: 'tips.mod.takeDown', takenDown: 'tips.mod.takenDown' },
  resource: { queueItem: 'library.report.queueItem', facts: resourceFacts, copy: () => nothing, takeDown: 'library.report.takeDown', takenDown: 'library.report.takenDown' },
};

export const REASONS = ['harassment', 'threat_or_violence', 'outing_or_doxxing', 'spam', 'other'];

export function shortID(id) { return `#${String(id || '').slice(0, 8)}`; }

// reportRows lists reports, each linking to href(r).
export function reportRows(list, href) {
  return html`<ul class="rows">${list.map((r) => html`<li data-report=${r.id}>
    <span><a href=${href(r)}>${t('mod.queue.item', { reason: t(`mod.reason.${r.reason}`), date: formatDate(r.created) })}</a>
      <span class="tag">${t(`mod.status.${r.status}`)}</span><br>
      <span class="hint">${MATERIAL[r.kind] ? t(MATERIAL[r.kind].queueItem) : t('mod.queue.room', { room: r.room })}</span></span></li>`)}</ul>`;
}

// reportBody shows a report's facts and the messages copied into it.
export function reportBody(r) {
  const material = MATERIAL[r.kind];
  return html`<dl class="facts">
      <dt>${t('mod.report.reason')}</dt><dd data-reason>${t(`mod.reason.${r.reason}`)}</dd>
      ${r.text ? html`<dt>${t('mod.report.text')}</dt><dd class="msg-body">${r.text}</dd>` : nothing}
      <dt>${t('mod.report.filed')}</dt><dd>${formatDate(r.created)}</dd>
      <dt>${t('mod.report.status')}</dt><dd data-status>${t(`mod.status.${r.status}`)}</dd>
      ${r.outcome ? html`<dt>${t('mod.report.outcome')}</dt><dd>${formatDate(r.outcome.at)}${r.outcome.note ? html` · ${r.outcome.note}` : nothing}</dd>` : nothing}
      ${material ? material.facts(r) : html`<dt>${t('mod.report.author')}</dt><dd><code>${r.author}</code></dd>`}
    </dl>
    ${material ? material.copy(r) : html`<h2>${t('mod.report.messages')}</h2>`}
    <ol class="report-preview">${(r.messages || []).map((m) => html`<li class=${m.reported ? 'reported' : ''} data-seq=${m.seq}>
      <p class="msg-head"><span class="msg-author">${shortID(m.author)}</span> <time datetime=${m.sent}>${formatDate(m.sent)}</time>
        ${m.edited ? html`<span>${t('mod.report.edited')}</span>` : nothing}
        ${m.reported ? html`<strong>${t('mod.report.reported')}</strong>` : nothing}</p>
      <p class="msg-body">${m.body}</p></li>`)}</ol>`;
}

// actionPanel: the actions on a report and its resolution. st = { busy, error, done };
// act(body) and resolve(body) do the requests.
export function actionPanel(r, st, act, resolve) {
  const material = MATERIAL[r.kind];
  const open = r.status === 'open';
  // Buttons, not submits: Enter in the note must not delete or ban anything.
  const onAct = async (e) => {
    const f = e.currentTarget.form;
    const [action, duration] = String(e.currentTarget.value).split(':');
    const body = { action, reason: f.elements.reason.value };
    if (duration) body.duration = duration;
    if (action === 'slow_mode') body.seconds = Number(f.elements.seconds.value);
    if (f.elements.note.value.trim()) body.note = f.elements.note.value.trim();
    await act(body, material ? t(material.takenDown) : t(`mod.done.${action}`));
  };
  const onResolve = async (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const body = { status: e.submitter?.value === 'dismissed' ? 'dismissed' : 'actioned' };
    if (f.elements.note.value.trim()) body.note = f.elements.note.value.trim();
    await resolve(body);
  };
  return html`
    <h2 id="actions-h">${t('mod.report.actions')}</h2>
    <form class="card" aria-labelledby="actions-h" @submit=${(e) => e.preventDefault()} aria-busy=${st.busy ? 'true' : 'false'} data-actions>
      <div class="field"><label for="act-reason">${t('mod.report.actionReason')}</label>
        <select id="act-reason" name="reason">${REASONS.map((x) => html`<option value=${x} ?selected=${x === r.reason}>${t(`mod.reason.${x}`)}</option>`)}</select></div>
      <div class="field"><label for="act-note">${t('mod.report.actionNote')}</label>
        <input id="act-note" name="note" maxlength="500"></div>
      ${material ? html`<p class="actions"><button type="button" @click=${onAct} class="danger" value="remove" data-act="remove">${t(material.takeDown)}</button></p>` : html`<p class="actions">
        <button type="button" @click=${onAct} class="danger" value="delete_message" data-act="delete_message">${t('mod.act.delete_message')}</button>
        <button type="button" @click=${onAct} value="mute:1h" data-act="mute-1h">${t('mod.act.mute1h')}</button>
        <button type="button" @click=${onAct} value="mute:24h" data-act="mute-24h">${t('mod.act.mute24h')}</button>
        <button type="button" @click=${onAct} value="mute:7d" data-act="mute-7d">${t('mod.act.mute7d')}</button>
        <button type="button" @click=${onAct} class="secondary" value="unmute">${t('mod.act.unmute')}</button>
        <button type="button" @click=${onAct} class="danger" value="ban">${t('mod.act.ban')}</button>
        <button type="button" @click=${onAct} class="secondary" value="unban">${t('mod.act.unban')}</button>
        <button type="button" @click=${onAct} class="danger" value="remove">${t('mod.act.remove')}</button>
        <button type="button" @click=${onAct} class="secondary" value="lock">${t('mod.act.lock')}</button>
        <button type="button" @click=${onAct} class="secondary" value="unlock">${t('mod.act.unlock')}</button></p>
      <div class="field"><label for="act-seconds">${t('mod.act.seconds')}</label>
        <select id="act-seconds" name="seconds" class="short">${[0, 10, 30, 60, 300].map((s) => html`<option value=${s}>${s ? t('mod.act.everySeconds', { n: s }) : t('mod.act.slowOff')}</option>`)}</select></div>
      <p><button type="button" @click=${onAct} class="secondary" value="slow_mode">${t('mod.act.slow_mode')}</button></p>`}
    </form>
    <p id="act-error" class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>
    <p class="note" role="status" data-done>${st.done || ''}</p>
    ${open ? html`<h2 id="resolve-h">${t('mod.report.resolve')}</h2>
      <form class="card" aria-labelledby="resolve-h" @submit=${onResolve} data-resolve>
        <div class="field"><label for="resolve-note">${t('mod.report.resolveNote')}</label>
          <textarea id="resolve-note" name="note" rows="3" maxlength="1000"></textarea>
          <p class="hint">${t('mod.report.resolveHint')}</p></div>
        <p class="actions"><button type="submit" value="actioned" data-resolve-as="actioned">${t('mod.report.actioned')}</button>
          <button type="submit" class="secondary" value="dismissed" data-resolve-as="dismissed">${t('mod.report.dismissed')}</button></p>
      </form>` : nothing}`;
}
