// tips-report.js — a report of a tip as platform staff see it (moderation.js hands
// reports of kind "tip" here): the tip's title and text as they were when reported, its
// organisation's id, and the one action there is, taking the tip down.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { errorText, formatDate, t } from './i18n.js';

// moderation.js's REASONS, not imported from there: moderation.js imports this module.
const REASONS = ['harassment', 'threat_or_violence', 'outing_or_doxxing', 'spam', 'other'];

export function tipReportBody(r) {
  const m = r.material || {};
  return html`<dl class="facts">
      <dt>${t('mod.report.reason')}</dt><dd data-reason>${t(`mod.reason.${r.reason}`)}</dd>
      ${r.text ? html`<dt>${t('mod.report.text')}</dt><dd class="msg-body">${r.text}</dd>` : nothing}
      <dt>${t('mod.report.filed')}</dt><dd>${formatDate(r.created)}</dd>
      <dt>${t('mod.report.status')}</dt><dd data-status>${t(`mod.status.${r.status}`)}</dd>
      ${r.outcome ? html`<dt>${t('mod.report.outcome')}</dt><dd>${formatDate(r.outcome.at)}${r.outcome.note ? html` · ${r.outcome.note}` : nothing}</dd>` : nothing}
      <dt>${t('tips.mod.org')}</dt><dd><code>${m.org}</code></dd>
    </dl>
    <h2>${t('tips.mod.reported')}</h2>
    <article class="card tip" data-reported-tip><h3>${m.title}</h3><p class="tip-body">${m.body}</p></article>`;
}

// tipReportActions: take the tip down (POST .../actions {action: remove}), then resolve
// the report. act(body, done) and resolve(body) do the requests, as for messages.
export function tipReportActions(r, st, act, resolve) {
  const onTakeDown = (e) => {
    const f = e.currentTarget.form;
    const body = { action: 'remove', reason: f.elements.reason.value };
    if (f.elements.note.value.trim()) body.note = f.elements.note.value.trim();
    act(body, t('tips.mod.takenDown'));
  };
  const onResolve = (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const body = { status: e.submitter?.value === 'dismissed' ? 'dismissed' : 'actioned' };
    if (f.elements.note.value.trim()) body.note = f.elements.note.value.trim();
    resolve(body);
  };
  return html`
    <h2 id="actions-h">${t('mod.report.actions')}</h2>
    <form class="card" aria-labelledby="actions-h" @submit=${(e) => e.preventDefault()} aria-busy=${st.busy ? 'true' : 'false'} data-actions>
      <div class="field"><label for="act-reason">${t('mod.report.actionReason')}</label>
        <select id="act-reason" name="reason">${REASONS.map((x) => html`<option value=${x} ?selected=${x === r.reason}>${t(`mod.reason.${x}`)}</option>`)}</select></div>
      <div class="field"><label for="act-note">${t('mod.report.actionNote')}</label>
        <input id="act-note" name="note" maxlength="500"></div>
      <p class="actions"><button type="button" class="danger" @click=${onTakeDown} data-act="take-down">${t('tips.mod.takeDown')}</button></p>
    </form>
    <p id="act-error" class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>
    <p class="note" role="status" data-done>${st.done || ''}</p>
    ${r.status === 'open' ? html`<h2 id="resolve-h">${t('mod.report.resolve')}</h2>
      <form class="card" aria-labelledby="resolve-h" @submit=${onResolve} data-resolve>
        <div class="field"><label for="resolve-note">${t('mod.report.resolveNote')}</label>
          <textarea id="resolve-note" name="note" rows="3" maxlength="1000"></textarea>
          <p class="hint">${t('mod.report.resolveHint')}</p></div>
        <p class="actions"><button type="submit" value="actioned" data-resolve-as="actioned">${t('mod.report.actioned')}</button>
          <button type="submit" class="secondary" value="dismissed" data-resolve-as="dismissed">${t('mod.report.dismissed')}</button></p>
      </form>` : nothing}`;
}
