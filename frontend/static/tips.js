// tips.js — what the exchange page's "Tips and lessons" and the /tips page share: a
// tip as a card (with edit, delete and report where the reader may), and the form that
// writes or changes one. Who wrote an unnamed tip is never shown to others: the server
// sends no organisation, exchange or author for it, and only the month.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { api } from './client.js';
import { currentLanguage, errorText, t } from './i18n.js';
import { REASONS } from './moderation.js';
import { errorLine, perform, submit, term } from './ui.js';

export const MAX_TOPICS = 5;

// monthText is a tip's month (YYYY-MM) in words: "November 2026".
export function monthText(month) {
  const [y, m] = String(month || '').split('-').map(Number);
  if (!y || !m) return '';
  return new Intl.DateTimeFormat(currentLanguage(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

// tipForm writes a tip (tip null) or changes one. st = {busy, error}; save(body, form)
// does the request; cancel, if given, leaves an edit.
export function tipForm({ id, tax, tip, st, draw, save, cancel }) {
  const chosen = new Set(tip?.topics || []);
  const onSubmit = (e) => submit(e, st, draw, async (v, form) => {
    const topics = [...form.querySelectorAll('input[name=topics]:checked')].map((el) => el.value);
    await save({ title: v.title.trim(), body: v.body.trim(), topics, named: !!v.named }, form);
  });
  return html`<form class="card tip-form" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'} data-tip-form>
    <div class="field"><label for=${`${id}-title`}>${t('tips.field.title')}</label>
      <input id=${`${id}-title`} name="title" data-field="title" required maxlength="120" .value=${tip?.title || ''}></div>
    <div class="field"><label for=${`${id}-body`}>${t('tips.field.body')}</label>
      <textarea id=${`${id}-body`} name="body" data-field="body" required maxlength="5000" rows="6" .value=${tip?.body || ''}></textarea>
      <p class="hint">${t('tips.field.bodyHint')}</p></div>
    <fieldset class="field" data-field="topics" tabindex="-1"><legend>${t('tips.field.topics')}</legend>
      <p class="hint">${t('tips.field.topicsHint', { n: MAX_TOPICS })}</p>
      <div class="choices">${(tax?.topics || []).map((x) => html`<label class="check">
        <input type="checkbox" name="topics" value=${x.id} .checked=${chosen.has(x.id)}> <span>${term(tax, 'topics', x.id)}</span></label>`)}</div>
    </fieldset>
    <div class="field"><label class="check"><input type="checkbox" name="named" .checked=${!!tip?.named}
      aria-describedby=${`${id}-named-hint`}> <span>${t('tips.field.named')}</span></label>
      <p class="hint" id=${`${id}-named-hint`}>${t('tips.field.namedHint')}</p></div>
    ${errorLine(st, `${id}-error`)}
    <p class="actions"><button type="submit">${tip ? t('tips.save') : t('tips.publish')}</button>
      ${cancel ? html`<button type="button" class="secondary" @click=${cancel}>${t('tips.cancel')}</button>` : nothing}</p>
  </form>`;
}

// tipList shows tips as cards; ui = {tax, draw, signal, changed(), editing: Map id → state}.
// changed() reloads the list after an edit or delete.
export function tipList(list, ui) {
  if (!list.length) return html`<p data-empty>${t('tips.none')}</p>`;
  return html`<ul class="tips">${list.map((tip) => html`<li data-tip=${tip.id}>${tipCard(tip, ui)}</li>`)}</ul>`;
}

function tipCard(tip, ui) {
  const edit = ui.editing.get(tip.id);
  const orgPath = tip.org ? `/api/v1/orgs/${encodeURIComponent(tip.org.id)}/tips/${encodeURIComponent(tip.id)}` : '';
  if (edit?.open) {
    return tipForm({
      id: `tip-${tip.id}`, tax: ui.tax, tip, st: edit, draw: ui.draw,
      save: async (body) => { await api.put(orgPath, body, { signal: ui.signal }); edit.open = false; await ui.changed(t('tips.saved')); },
      cancel: () => { edit.open = false; ui.draw(); },
    });
  }
  const st = edit || { busy: false, error: null, done: '', confirming: false };
  const onEdit = () => { ui.editing.set(tip.id, { open: true, busy: false, error: null }); ui.draw(); };
  const onAsk = (on) => { st.confirming = on; ui.editing.set(tip.id, st); ui.draw(); };
  const onDelete = () => perform(st, ui.draw, async () => {
    await api.del(orgPath, { signal: ui.signal });
    await ui.changed(t('tips.deleted'));
  }, '', `#tip-${tip.id}-alert`);
  return html`<article class="card tip" aria-labelledby=${`tip-${tip.id}-h`}>
    <h3 id=${`tip-${tip.id}-h`}>${tip.title}</h3>
    <p class="hint" data-tip-meta>${tip.org ? tip.org.name || t('org.unknown') : t('tips.unnamed')} · ${monthText(tip.month)}
      ${tip.own && !tip.named ? html` · <span class="tag">${t('tips.notNamed')}</span>` : nothing}</p>
    <p class="tags">${tip.topics.map((x) => html`<span class="tag">${term(ui.tax, 'topics', x)}</span> `)}</p>
    <p class="tip-body">${tip.body}</p>
    ${tip.can_edit && !st.confirming ? html`<p class="actions">
      <button type="button" class="secondary" @click=${onEdit} data-edit>${t('tips.edit')}</button>
      <button type="button" class="danger" @click=${() => onAsk(true)} data-delete>${t('tips.delete')}</button></p>` : nothing}
    ${tip.can_edit && st.confirming ? html`<p class="actions"><span>${t('tips.deleteConfirm')}</span>
      <button type="button" class="danger" @click=${onDelete} data-delete-yes>${t('tips.deleteYes')}</button>
      <button type="button" class="secondary" @click=${() => onAsk(false)}>${t('tips.cancel')}</button></p>` : nothing}
    ${tip.own ? nothing : reportControl(tip, ui)}
    <p id=${`tip-${tip.id}-alert`} class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>
  </article>`;
}

// reportControl sends a tip to the platform staff, with a reason and optional text.
function reportControl(tip, ui) {
  const key = `report:${tip.id}`;
  const st = ui.editing.get(key) || { busy: false, error: null, done: '', open: false };
  if (st.done) return html`<p class="note" role="status">${st.done}</p>`;
  if (!st.open) {
    return html`<p><button type="button" class="link" @click=${() => { st.open = true; ui.editing.set(key, st); ui.draw(); }} data-report-open>${t('tips.report')}</button></p>`;
  }
  const onReport = (e) => submit(e, st, ui.draw, async (v) => {
    const body = { reason: v.reason };
    if (v.text.trim()) body.text = v.text.trim();
    await api.post(`/api/v1/tips/${encodeURIComponent(tip.id)}/reports`, body, { signal: ui.signal });
    st.done = t('tips.reported');
  });
  return html`<form class="inline-form" @submit=${onReport} aria-busy=${st.busy ? 'true' : 'false'} data-report-form>
    <div class="field"><label for=${`rep-${tip.id}-reason`}>${t('tips.reportReason')}</label>
      <select id=${`rep-${tip.id}-reason`} name="reason">${REASONS.map((r) => html`<option value=${r}>${t(`mod.reason.${r}`)}</option>`)}</select></div>
    <div class="field"><label for=${`rep-${tip.id}-text`}>${t('tips.reportText')}</label>
      <input id=${`rep-${tip.id}-text`} name="text" maxlength="1000"></div>
    ${errorLine(st, `rep-${tip.id}-error`)}
    <button type="submit" class="secondary">${t('tips.reportSend')}</button>
  </form>`;
}
