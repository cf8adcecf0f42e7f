// pages/requests.js — the organisation's requests for a mentor, and (leads) a new one.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { readRequest, requestFields } from '../request-fields.js';
import { errorLine, getTaxonomy, html, isLead, loadFailed, needSignIn, repeatKeyed, stateText, submit, term } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = encodeURIComponent(ctx.params.org);
  const base = `/api/v1/orgs/${org}`;
  const lead = isLead(ctx);
  const st = { busy: false, error: null };
  let requests = [];
  let profile = null;
  let tax = null;
  let failed = null;
  try {
    const [r, o, x] = await Promise.all([api.get(`${base}/requests`, { signal }), api.get(base, { signal }), getTaxonomy()]);
    requests = r.requests;
    profile = o.profile;
    tax = x;
  } catch (err) {
    failed = err;
  }
  const onSubmit = (e) => submit(e, st, draw, async (values, form) => {
    const created = await api.post(`${base}/requests`, readRequest(form), { signal });
    ctx.navigate(`/orgs/${org}/requests/${encodeURIComponent(created.id)}`);
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('requests.title')}</h1>
    ${failed ? loadFailed(failed) : html`
      ${requests.length ? '' : html`<p>${t('requests.none')}</p>`}
      <ul class="rows">${repeatKeyed(requests, (r) => r.id, (r) => html`<li>
        <span><a href=${`/orgs/${org}/requests/${encodeURIComponent(r.id)}`}>${r.needs.map((n) => term(tax, 'topics', n.topic)).join(', ')}</a><br>
          <span class="hint">${stateText(r.state)} · ${formatDate(r.created)}</span></span>
      </li>`)}</ul>
      ${lead ? html`<section class="card" aria-labelledby="new-h">
        <h2 id="new-h">${t('requests.new')}</h2>
        <form @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
          ${requestFields(tax, profile)}
          ${errorLine(st, 'request-error')}
          <button type="submit">${t('requests.create')}</button>
        </form>
      </section>` : ''}`}`, root);
  draw();
  return draw;
}
