// pages/request.js — one request: what it says, its state and proposals, and
// (leads) the ranked mentor organisations with the why of each score, the
// why-not of those filtered out, sending it to one, and cancelling it.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatNumber } from '../i18n.js';
import { explanation, maxPoints, pointsList } from '../points.js';
import { requestView } from '../request-fields.js';
import { errorLine, getTaxonomy, html, isLead, loadFailed, needSignIn, orgNames, repeatKeyed, stateText, submit } from '../ui.js';

const CANCEL_REASONS = ['no_longer_needed', 'found_other_support', 'timing', 'safety_concern', 'other'];

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = encodeURIComponent(ctx.params.org);
  const path = `/api/v1/orgs/${org}/requests/${encodeURIComponent(ctx.params.request)}`;
  const lead = isLead(ctx);
  const cancel = { busy: false, error: null };
  let data = null;
  let suggestions = null;
  let excluded = [];
  let tax = null;
  let failed = null;
  let note = '';
  let nameOf = () => '';

  const load = async () => {
    try {
      [data, tax, nameOf] = await Promise.all([api.get(path, { signal }), getTaxonomy(), orgNames(ctx)]);
      failed = null;
      if (lead && data.request.state === 'open') {
        const s = await api.get(`${path}/suggestions`, { signal });
        suggestions = s.suggestions;
        excluded = s.excluded || [];
      } else {
        suggestions = null;
      }
    } catch (err) {
      failed = err;
    }
  };
  const sent = (mentor) => (data?.proposals || []).some((p) => p.mentor_org === mentor && ['proposed', 'accepted', 'active'].includes(p.state));
  const send = async (s) => {
    try {
      await api.post(`${path}/proposals`, { mentor: s.mentor }, { signal });
      note = t('request.sent', { name: s.name });
      await load();
    } catch (err) {
      note = errorText(err);
    }
    draw();
  };
  const onCancel = (e) => submit(e, cancel, draw, async ({ reason, text }) => {
    const body = { reason };
    if (text.trim()) body.text = text.trim();
    await api.post(`${path}/cancel`, body, { signal });
    note = t('request.cancelled');
    await load();
  });

  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('request.title')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const r = data.request;
    const max = maxPoints((suggestions || []).map((s) => s.points));
    render(html`
      <h1 tabindex="-1">${t('request.title')}</h1>
      <p><a href=${`/orgs/${org}/requests`}>${t('request.back')}</a></p>
      <p><strong>${t('request.state')}</strong> <span data-state>${stateText(r.state)}</span></p>
      ${r.reason ? html`<p>${t(`reason.${r.reason}`)}${r.reason_text ? html` — ${r.reason_text}` : ''}</p>` : ''}
      ${requestView(tax, r)}
      <p class="note" role="status">${note}</p>

      <section aria-labelledby="proposals-h">
        <h2 id="proposals-h">${t('request.proposals')}</h2>
        ${data.proposals.length ? '' : html`<p>${t('request.noProposals')}</p>`}
        <ul class="rows">${repeatKeyed(data.proposals, (p) => p.id, (p) => html`<li>
          <span><strong>${nameOf(p.mentor_org)}</strong> · ${stateText(p.state)}
            ${p.reason ? html`<br><span class="hint">${t(`reason.${p.reason}`)}${p.reason_text ? ` — ${p.reason_text}` : ''}</span>` : ''}</span>
          ${['accepted', 'active', 'completed'].includes(p.state) ? html`<a href=${`/orgs/${org}/exchanges/${encodeURIComponent(p.id)}`}>${t('request.openExchange')}</a>` : ''}
        </li>`)}</ul>
      </section>

      ${suggestions ? html`<section aria-labelledby="suggestions-h">
        <h2 id="suggestions-h">${t('request.suggestions')}</h2>
        <p class="hint">${t('request.suggestionsHint')}</p>
        ${suggestions.length ? '' : html`<p>${t('request.noSuggestions')}</p>`}
        <ol class="cards suggestions">${repeatKeyed(suggestions, (s) => s.mentor, (s) => html`<li class="card">
          <h3>${s.name} <span class="score">${t('request.score', { score: formatNumber(s.score, 1) })}</span></h3>
          ${pointsList(tax, s.points, max)}
          ${sent(s.mentor) ? html`<p class="tag">${t('request.alreadySent')}</p>`
            : html`<button type="button" @click=${() => send(s)}>${t('request.send', { name: s.name })}</button>`}
        </li>`)}</ol>
        ${excluded.length ? html`<h3>${t('request.filtered')}</h3>
          <ul class="rows excluded">${excluded.map((x) => html`<li><span><strong>${x.name || nameOf(x.mentor)}</strong> — ${t(`whynot.${x.reason}`)}${
            explanation(tax, 'whynotDetail', x.reason, x.params) ? html`<br><span class="hint">${explanation(tax, 'whynotDetail', x.reason, x.params)}</span>` : ''}</span></li>`)}</ul>` : ''}
      </section>` : ''}

      ${lead && r.state === 'open' ? html`<section class="card" aria-labelledby="cancel-h">
        <h2 id="cancel-h">${t('request.cancel')}</h2>
        <form @submit=${onCancel} aria-busy=${cancel.busy ? 'true' : 'false'}>
          <div class="field"><label for="cancel-reason">${t('field.reason')}</label>
            <select id="cancel-reason" name="reason" required>${CANCEL_REASONS.map((x) => html`<option value=${x}>${t(`reason.${x}`)}</option>`)}</select></div>
          <div class="field"><label for="cancel-text">${t('field.reasonText')}</label>
            <textarea id="cancel-text" name="text" data-field="text" maxlength="500" rows="2"></textarea></div>
          ${errorLine(cancel, 'cancel-error')}
          <button type="submit" class="secondary danger">${t('request.cancelSubmit')}</button>
        </form>
      </section>` : ''}`, root);
  };
  await load();
  draw();
  return draw;
}
