// chat/report.js — reporting a message from the chat view: a reason from the list,
// optional words, how much context goes with it, then the exact messages that will be
// sent, and a confirmation. The page (pages/room.js) holds the state and sends it.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { errorText, tn } from '../i18n.js';
import { REASONS } from '../moderation.js';
// Messages on each side of the reported one; 10 + 10 is the server's most (20).
const AROUND = [0, 2, 5, 10];

// reportForm draws the report of st = { seq, reason, text, around, step, error, busy }.
// h: { t, name(user), time(sent), context(seq, around) → {before, after, messages},
// send(), cancel(), change(newStep) }.
export function reportForm(st, h) {
  const { t } = h;
  if (st.step === 'done') {
    return html`<section class="chat-report card" aria-labelledby="report-h">
      <h1 id="report-h" tabindex="-1">${t('chat.report.title')}</h1>
      <p id="report-done" role="status" tabindex="-1" data-report-done>${t('chat.report.sent')}</p>
      <p><a href="/reports">${t('chat.report.mine')}</a></p>
      <p><button type="button" @click=${h.cancel}>${t('chat.report.backToRoom')}</button></p>
    </section>`;
  }
  const c = h.context(st.seq, st.around);
  const preview = html`<ol class="report-preview" aria-labelledby="report-preview-h">${c.messages.map((m) => html`
    <li class=${m.seq === st.seq ? 'reported' : ''}>
      <p class="msg-head"><span class="msg-author">${h.name(m.author)}</span>
        ${m.sent ? html`<time datetime=${m.sent}>${h.time(m.sent)}</time>` : nothing}
        ${m.seq === st.seq ? html`<strong>${t('chat.report.thisOne')}</strong>` : nothing}</p>
      <p class="msg-body">${m.body}</p></li>`)}</ol>`;
  if (st.step === 'confirm') {
    return html`<section class="chat-report card" aria-labelledby="report-h">
      <h1 id="report-h" tabindex="-1">${t('chat.report.confirmTitle')}</h1>
      <dl class="facts"><dt>${t('chat.report.reason')}</dt><dd data-report-reason>${t(`mod.reason.${st.reason}`)}</dd>
        ${st.text.trim() ? html`<dt>${t('chat.report.text')}</dt><dd class="msg-body">${st.text.trim()}</dd>` : nothing}</dl>
      <h2 id="report-preview-h">${tn('chat.report.willSend', c.messages.length)}</h2>
      ${preview}
      <p class="note">${t('chat.report.private')}</p>
      <p id="report-error" class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>
      <p class="actions"><button type="button" data-report-send aria-disabled=${st.busy ? 'true' : 'false'} @click=${h.send}>${t('chat.report.send')}</button>
        <button type="button" class="secondary" @click=${() => { st.step = 'form'; h.change(true); }}>${t('chat.report.change')}</button>
        <button type="button" class="secondary" @click=${h.cancel}>${t('chat.cancel')}</button></p>
    </section>`;
  }
  const onSubmit = (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    st.reason = f.elements.reason.value;
    st.text = f.elements.text.value;
    if (!st.reason) {
      st.error = { code: 'reason_missing' };
      h.change();
      return;
    }
    st.error = null;
    st.step = 'confirm';
    h.change(true);
  };
  return html`<section class="chat-report card" aria-labelledby="report-h">
    <h1 id="report-h" tabindex="-1">${t('chat.report.title')}</h1>
    <p>${t('chat.report.intro')}</p>
    <form @submit=${onSubmit} data-report-form>
      <fieldset class="field choices"><legend>${t('chat.report.reason')}</legend>
        ${REASONS.map((r) => html`<label class="check"><input type="radio" name="reason" value=${r} .checked=${st.reason === r}
          @change=${() => { st.reason = r; }}> ${t(`mod.reason.${r}`)}</label>`)}
      </fieldset>
      <div class="field"><label for="report-text">${t('chat.report.text')}</label>
        <textarea id="report-text" name="text" rows="3" maxlength="1000" .value=${st.text}
          @input=${(e) => { st.text = e.target.value; }}></textarea></div>
      <div class="field"><label for="report-around">${t('chat.report.context')}</label>
        <select id="report-around" name="around" @change=${(e) => { st.around = Number(e.target.value); h.change(); }}>
          ${AROUND.map((n) => html`<option value=${n} ?selected=${st.around === n}>${n === 0 ? t('chat.report.alone') : t('chat.report.around', { n })}</option>`)}
        </select></div>
      <h2 id="report-preview-h">${tn('chat.report.willSend', c.messages.length)}</h2>
      ${preview}
      <p class="error" role="alert">${st.error?.code === 'reason_missing' ? t('chat.report.reasonMissing') : ''}</p>
      <p class="actions"><button type="submit">${t('chat.report.next')}</button>
        <button type="button" class="secondary" @click=${h.cancel}>${t('chat.cancel')}</button></p>
    </form>
  </section>`;
}
