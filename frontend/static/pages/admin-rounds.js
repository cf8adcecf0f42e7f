// pages/admin-rounds.js — matching rounds, and running a new one (stable or optimal).
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate, formatNumber, tn } from '../i18n.js';
import { errorLine, html, loadFailed, needSignIn, repeatKeyed, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const st = { busy: false, error: null };
  let rounds = [];
  let failed = null;
  try {
    rounds = (await api.get('/api/v1/admin/rounds', { signal })).rounds;
  } catch (err) {
    failed = err;
  }
  const onRun = (e) => submit(e, st, draw, async ({ mode }) => {
    const round = await api.post('/api/v1/admin/rounds', { mode }, { signal });
    ctx.navigate(`/admin/rounds/${encodeURIComponent(round.id)}`);
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('rounds.title')}</h1>
    <p>${t('rounds.intro')}</p>
    <form class="card" @submit=${onRun} aria-busy=${st.busy ? 'true' : 'false'}>
      <fieldset class="field" data-field="mode"><legend>${t('rounds.mode')}</legend>
        <label class="check"><input type="radio" name="mode" value="stable" checked> <span>${t('rounds.stable')}</span></label>
        <label class="check"><input type="radio" name="mode" value="optimal"> <span>${t('rounds.optimal')}</span></label>
      </fieldset>
      ${errorLine(st, 'round-error')}
      <button type="submit">${t('rounds.run')}</button>
    </form>
    ${failed ? loadFailed(failed) : ''}
    <h2>${t('rounds.past')}</h2>
    ${!failed && !rounds.length ? html`<p>${t('rounds.none')}</p>` : ''}
    <ul class="rows">${repeatKeyed(rounds, (r) => r.id, (r) => html`<li><span>
      <a href=${`/admin/rounds/${encodeURIComponent(r.id)}`}>${t('rounds.row', { date: formatDate(r.created), mode: t(`rounds.${r.mode}Short`) })}</a><br>
      <span class="hint">${t(`rounds.state.${r.state}`)} · ${tn('rounds.summary', r.proposals.length, { score: formatNumber(r.total_score, 1) })}</span></span></li>`)}</ul>`, root);
  draw();
  return draw;
}
