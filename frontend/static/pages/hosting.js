// pages/hosting.js — hosting for an organisation's leads: our own host (host-form.js),
// the groups that asked us to host them (confirm, or decline with a reason) and the
// groups we host (end, with a reason).
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatDate } from '../i18n.js';
import { hostPicker } from '../host-form.js';
import { html, isLead, loadFailed, needSignIn, repeatKeyed, statusLine } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const base = `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}`;
  if (!isLead(ctx)) {
    render(html`<h1 tabindex="-1">${t('hosting.title')}</h1><p>${t('hosting.onlyLeads')}</p>`, root);
    return;
  }
  let org = null;
  let list = [];
  let failed = null;
  let note = '';
  let busy = false;
  try {
    [org, { hosted: list }] = await Promise.all([api.get(base, { signal }), api.get(`${base}/hosting`, { signal })]);
  } catch (err) {
    failed = err;
  }
  const act = async (g, what, body) => {
    if (busy) return;
    busy = true;
    try {
      list = (await api.post(`${base}/hosting/${encodeURIComponent(g.org)}/${what}`, body, { signal })).hosted;
      note = t(`hosting.${what === 'confirm' ? 'confirmed' : what === 'decline' ? 'declined' : 'ended'}`, { name: g.name });
    } catch (err) {
      note = errorText(err);
    }
    busy = false;
    draw();
  };
  const withReason = (g, what) => (e) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') || '').trim();
    act(g, what, { reason });
  };
  const reasonForm = (g, what, label) => html`<details><summary>${label}</summary>
    <form class="inline-form" @submit=${withReason(g, what)}>
      <div class="field"><label for=${`${what}-${g.org}`}>${t('hosting.why')}</label>
        <textarea id=${`${what}-${g.org}`} name="reason" required maxlength="500" rows="2"></textarea></div>
      <button type="submit" class="secondary">${label}</button>
    </form></details>`;
  const host = failed ? null : hostPicker(ctx, org, () => draw());
  const row = (g, actions) => html`<li>
    <span><strong>${g.name}</strong> · ${t('hosting.since', { date: formatDate(g.since, false) })}
      ${g.state === 'confirmed' && !g.counts ? html` · <span class="hint">${t('hosting.paused')}</span>` : ''}</span>
    <span class="actions">${actions}</span></li>`;
  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('hosting.title')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const requests = list.filter((g) => g.state === 'requested');
    const hosted = list.filter((g) => g.state === 'confirmed');
    render(html`
      <h1 tabindex="-1">${t('hosting.title')}</h1>
      ${statusLine(note)}
      <section aria-labelledby="requests-h">
        <h2 id="requests-h">${t('hosting.requests')}</h2>
        ${requests.length ? '' : html`<p>${t('hosting.requestsNone')}</p>`}
        <ul class="rows" data-requests>${repeatKeyed(requests, (g) => g.org, (g) => row(g, html`
          <button type="button" @click=${() => act(g, 'confirm')} ?disabled=${busy}>${t('hosting.confirm')}</button>
          ${reasonForm(g, 'decline', t('hosting.decline'))}`))}</ul>
      </section>
      <section aria-labelledby="hosted-h">
        <h2 id="hosted-h">${t('hosting.hosted')}</h2>
        ${hosted.length ? '' : html`<p>${t('hosting.hostedNone')}</p>`}
        <ul class="rows" data-hosted>${repeatKeyed(hosted, (g) => g.org, (g) => row(g, reasonForm(g, 'end', t('hosting.end'))))}</ul>
      </section>
      ${host.view(org)}`, root);
  };
  draw();
  return draw;
}
