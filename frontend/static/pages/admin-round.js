// pages/admin-round.js — a round's proposals with their explanations and
// names, the requests it left unmatched and why; lock or exclude pairs and
// re-run it (in either mode), or publish it to send the proposals.
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
  // The locks and bans for the next run: the round's own, changed on the cards.
  const rules = { locked: [...(round?.rules?.locked || [])], banned: [...(round?.rules?.banned || [])] };
  const labels = new Map(); // "request mentor" → the pair in words, for rules whose proposal is gone
  const key = (p) => `${p.request} ${p.mentor}`;
  const inList = (list, p) => list.some((x) => key(x) === key(p));
  const toggle = (which, p) => {
    const pair = { request: p.request, mentor: p.mentor };
    rules[which] = inList(rules[which], pair) ? rules[which].filter((x) => key(x) !== key(pair)) : [...rules[which], pair];
    const other = which === 'locked' ? 'banned' : 'locked';
    rules[other] = rules[other].filter((x) => key(x) !== key(pair));
    draw();
  };
  const onRerun = (e) => submit(e, st, draw, async ({ mode }) => {
    round = await api.post(`${path}/run`, { mode, rules }, { signal });
    st.done = t('rounds.rerun');
  });
  const name = (id, given) => given || nameOf(id);
  const pairText = (p) => labels.get(key(p)) || t('rounds.pair', { learner: t('rounds.request'), mentor: nameOf(p.mentor) });
  const ruleList = (which, title) => (rules[which].length ? html`<h3>${title}</h3>
    <ul class="rows">${rules[which].map((p) => html`<li><span>${pairText(p)}</span>
      <button type="button" class="secondary" @click=${() => toggle(which, p)}
        aria-label=${t('rounds.removeRule', { pair: pairText(p) })}>${t('rounds.remove')}</button></li>`)}</ul>` : '');
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
      ${draft ? html`<div class="card">
        <form @submit=${onPublish}><button type="submit">${t('rounds.publish')}</button></form>
        <h2>${t('rounds.nextRun')}</h2>
        <p class="hint">${t('rounds.rulesHint')}</p>
        ${ruleList('locked', t('rounds.lockedPairs'))}
        ${ruleList('banned', t('rounds.bannedPairs'))}
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
      <ol class="cards">${round.proposals.map((p) => {
        const pair = t('rounds.pair', { learner: name(p.request_org, p.request_org_name), mentor: name(p.mentor, p.mentor_org_name) });
        labels.set(key(p), pair);
        return html`<li class="card">
          <h3>${pair}</h3>
          <p>${t('request.score', { score: formatNumber(p.score, 1) })}${p.locked ? html` · <span class="tag">${t('rounds.locked')}</span>` : ''}</p>
          ${pointsList(tax, p.points, max)}
          ${draft ? html`<p class="actions">
            <button type="button" class="secondary" aria-pressed=${inList(rules.locked, p) ? 'true' : 'false'} @click=${() => toggle('locked', p)}
              aria-label=${t('rounds.lockLabel', { pair })}>${t('rounds.lock')}</button>
            <button type="button" class="secondary" aria-pressed=${inList(rules.banned, p) ? 'true' : 'false'} @click=${() => toggle('banned', p)}
              aria-label=${t('rounds.banLabel', { pair })}>${t('rounds.ban')}</button></p>` : ''}
        </li>`;
      })}</ol>
      ${round.unmatched.length ? html`<h2>${t('rounds.unmatched')}</h2>
        <ul class="rows">${round.unmatched.map((u) => html`<li><span>${u.request_org_name || t('rounds.request')} — ${t(`whynot.${u.reason}`)}</span></li>`)}</ul>` : ''}`, root);
  };
  draw();
  return draw;
}
