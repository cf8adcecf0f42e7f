// pages/admin-round.js — a round's proposals with their explanations and
// names, the requests it left unmatched and why; re-run it in another mode,
// or publish it to send the proposals.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate, formatNumber, tn } from '../i18n.js';
import { maxPoints, pointsList } from '../points.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, orgNames, statusLine, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const path = `/api/v1/admin/rounds/${encodeURIComponent(ctx.params.round)}`;
  const st = { busy: false, error: null, done: '' };
  let round = null;
  let tax = null;
  let failed = null;
  let nameOf = () => '';
  try {
    [round, tax, nameOf] = await Promise.all([api.get(path, { signal }), getTaxonomy(), orgNames(ctx)]);
  } catch (err) {
    failed = err;
  }
  const onPublish = (e) => submit(e, st, draw, async () => {
    const res = await api.post(`${path}/publish`, undefined, { signal });
    round = res.round;
    st.done = tn('rounds.published', res.sent);
  });
  const onRerun = (e) => submit(e, st, draw, async ({ mode }) => {
    round = await api.post(`${path}/run`, { mode }, { signal });
    st.done = t('rounds.rerun');
  });
  const name = (id, given) => given || nameOf(id);
  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('rounds.roundTitle')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const max = maxPoints(round.proposals.map((p) => p.points));
    const draft = round.state === 'draft';
    render(html`
      <h1 tabindex="-1">${t('rounds.roundTitle')}</h1>
      <p><a href="/admin/rounds">${t('rounds.back')}</a></p>
      <p>${t(`rounds.${round.mode}Short`)} · <span data-state>${t(`rounds.state.${round.state}`)}</span> · ${formatDate(round.created)}</p>
      <p>${tn('rounds.summary', round.proposals.length, { score: formatNumber(round.total_score, 1) })}
        · ${tn('rounds.blocking', round.blocking_pairs)}</p>
      ${errorLine(st, 'round-error')}
      ${statusLine(st.done)}
      ${draft ? html`<div class="card actions">
        <form @submit=${onPublish}><button type="submit">${t('rounds.publish')}</button></form>
        <form @submit=${onRerun} class="actions">
          <label for="rerun-mode">${t('rounds.mode')}</label>
          <select id="rerun-mode" name="mode">
            <option value="stable" ?selected=${round.mode === 'stable'}>${t('rounds.stableShort')}</option>
            <option value="optimal" ?selected=${round.mode === 'optimal'}>${t('rounds.optimalShort')}</option>
          </select>
          <button type="submit" class="secondary">${t('rounds.rerunButton')}</button>
        </form></div>` : ''}
      <h2>${t('rounds.proposals')}</h2>
      ${round.proposals.length ? '' : html`<p>${t('rounds.noProposals')}</p>`}
      <ol class="cards">${round.proposals.map((p) => html`<li class="card">
        <h3>${t('rounds.pair', { learner: name(p.request_org, p.request_org_name), mentor: name(p.mentor, p.mentor_org_name) })}</h3>
        <p>${t('request.score', { score: formatNumber(p.score, 1) })}${p.locked ? html` · <span class="tag">${t('rounds.locked')}</span>` : ''}</p>
        ${pointsList(tax, p.points, max)}
      </li>`)}</ol>
      ${round.unmatched.length ? html`<h2>${t('rounds.unmatched')}</h2>
        <ul class="rows">${round.unmatched.map((u) => html`<li><span>${u.request_org_name || t('rounds.request')} — ${t(`whynot.${u.reason}`)}</span></li>`)}</ul>` : ''}`, root);
  };
  draw();
  return draw;
}
