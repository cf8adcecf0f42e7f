// pages/proposals.js — requests sent to this organisation as a mentor: what
// each request says, accept, or decline with a reason.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatDate, formatNumber } from '../i18n.js';
import { maxPoints, pointsList } from '../points.js';
import { profileView } from '../profile-form.js';
import { requestView } from '../request-fields.js';
import { getTaxonomy, html, loadFailed, needSignIn, orgNames, repeatKeyed, stateText } from '../ui.js';

const DECLINE_REASONS = ['no_capacity_now', 'topic_not_a_fit', 'language_barrier', 'timing', 'other'];

// directoryProfile turns a directory entry into the shape profileView reads.
const asProfile = (d) => ({ ...d, legal: '' });

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = encodeURIComponent(ctx.params.org);
  const base = `/api/v1/orgs/${org}/proposals`;
  let list = [];
  let tax = null;
  let failed = null;
  let note = '';
  let nameOf = () => '';
  const declining = new Set();

  const load = async () => {
    try {
      let r;
      [r, tax, nameOf] = await Promise.all([api.get(base, { signal }), getTaxonomy(), orgNames(ctx)]);
      list = r.proposals;
      failed = null;
    } catch (err) {
      failed = err;
    }
  };
  const act = async (fn, done) => {
    try {
      await fn();
      note = done;
      await load();
    } catch (err) {
      note = errorText(err);
    }
    draw();
    root.querySelector('[role=status]')?.focus();
  };
  const accept = (p) => act(() => api.post(`${base}/${encodeURIComponent(p.id)}/accept`, undefined, { signal }),
    t('proposals.accepted', { name: nameOf(p.request_org) }));
  const decline = (event, p) => {
    event.preventDefault();
    const fd = new FormData(event.currentTarget);
    const body = { reason: String(fd.get('reason')) };
    const text = String(fd.get('text') || '').trim();
    if (text) body.text = text;
    declining.delete(p.id);
    return act(() => api.post(`${base}/${encodeURIComponent(p.id)}/decline`, body, { signal }),
      t('proposals.declined', { name: nameOf(p.request_org) }));
  };

  const card = (p, max) => {
    const id = encodeURIComponent(p.id);
    const requester = p.organisation; // the requesting organisation's directory entry
    return html`<li class="card">
      <h2>${requester?.name || nameOf(p.request_org)}</h2>
      <p>${stateText(p.state)} · ${formatDate(p.proposed)} · ${t('request.score', { score: formatNumber(p.score, 1) })}</p>
      ${p.request ? requestView(tax, p.request, true) : ''}
      ${requester ? html`<details><summary>${t('proposals.aboutRequester')}</summary>${profileView(tax, asProfile(requester))}</details>` : ''}
      <h3>${t('proposals.why')}</h3>
      ${pointsList(tax, p.points, max)}
      ${p.state === 'proposed' ? html`<p class="actions">
          <button type="button" @click=${() => accept(p)}>${t('proposals.accept')}</button>
          <button type="button" class="secondary" aria-expanded=${declining.has(p.id) ? 'true' : 'false'}
            @click=${() => { if (declining.has(p.id)) declining.delete(p.id); else declining.add(p.id); draw(); }}>${t('proposals.decline')}</button>
        </p>
        ${declining.has(p.id) ? html`<form @submit=${(e) => decline(e, p)}>
          <div class="field"><label for=${`decline-reason-${id}`}>${t('field.reason')}</label>
            <select id=${`decline-reason-${id}`} name="reason">${DECLINE_REASONS.map((x) => html`<option value=${x}>${t(`reason.${x}`)}</option>`)}</select></div>
          <div class="field"><label for=${`decline-text-${id}`}>${t('field.reasonText')}</label>
            <textarea id=${`decline-text-${id}`} name="text" maxlength="500" rows="2"></textarea></div>
          <button type="submit" class="danger">${t('proposals.declineSubmit')}</button>
        </form>` : ''}`
      : ['accepted', 'active', 'completed'].includes(p.state)
        ? html`<p><a href=${`/orgs/${org}/exchanges/${id}`}>${t('request.openExchange')}</a></p>` : ''}
    </li>`;
  };

  const draw = () => {
    const max = maxPoints(list.map((p) => p.points));
    render(html`
      <h1 tabindex="-1">${t('proposals.title')}</h1>
      <p class="note" role="status" tabindex="-1">${note}</p>
      ${failed ? loadFailed(failed) : ''}
      ${!failed && !list.length ? html`<p>${t('proposals.none')}</p>` : ''}
      <ul class="cards">${repeatKeyed(list, (p) => p.id, (p) => card(p, max))}</ul>`, root);
  };
  await load();
  draw();
  return draw;
}
