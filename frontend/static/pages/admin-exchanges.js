// pages/admin-exchanges.js — every exchange of the programme with its state, the two
// organisations, dates, goals, sessions and feedback; never anything from its room.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate, formatNumber } from '../i18n.js';
import { html, loadFailed, needSignIn, stateText } from '../ui.js';

const STATES = ['proposed', 'accepted', 'active', 'completed', 'declined', 'cancelled', 'expired'];
const PAGE = 100;

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal, query } = ctx;
  const state = STATES.includes(query.get('state')) ? query.get('state') : '';
  const offset = Math.max(0, Number.parseInt(query.get('offset') || '0', 10) || 0);
  let list = [];
  let total = 0;
  let failed = null;
  try {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (state) q.set('state', state);
    const res = await api.get(`/api/v1/admin/exchanges?${q}`, { signal });
    list = res.exchanges;
    total = res.total;
  } catch (err) {
    failed = err;
  }
  const rating = (r) => (r ? t('mod.exchanges.rating', { usefulness: r.usefulness, respect: r.respect }) : t('mod.exchanges.noRating'));
  const link = (s, off) => {
    const q = new URLSearchParams();
    if (s) q.set('state', s);
    if (off) q.set('offset', String(off));
    return `/admin/exchanges${q.size ? `?${q}` : ''}`;
  };
  const draw = () => render(html`
    <h1 tabindex="-1">${t('mod.exchanges.title')}</h1>
    <nav aria-label=${t('mod.exchanges.byState')}><ul class="tabs">
      <li><a href=${link('', 0)} aria-current=${state === '' ? 'page' : 'false'}>${t('mod.exchanges.all')}</a></li>
      ${STATES.map((s) => html`<li><a href=${link(s, 0)} aria-current=${s === state ? 'page' : 'false'}>${stateText(s)}</a></li>`)}</ul></nav>
    ${failed ? loadFailed(failed) : html`
      <p role="status" data-count>${t('mod.exchanges.count', { n: total })}</p>
      <ul class="rows" data-exchanges>${list.map((x) => html`<li data-exchange=${x.id}>
        <span><strong>${t('mod.exchanges.pair', { requester: x.request_org.name, mentor: x.mentor_org.name })}</strong>
          <span class="tag">${stateText(x.state)}${x.paused ? ` · ${t('mod.exchanges.paused')}` : ''}</span><br>
          <span class="hint">${t('mod.exchanges.dates', { proposed: formatDate(x.proposed, false), updated: formatDate(x.updated, false) })}
            ${x.reason ? html` · ${t(`reason.${x.reason}`)}` : ''}</span><br>
          <span class="hint">${t('mod.exchanges.progress', { done: x.goals_done, total: x.goals_total, sessions: x.sessions, hours: formatNumber(x.session_minutes / 60) })}</span><br>
          <span class="hint">${t('mod.exchanges.feedback', { requester: rating(x.requester_feedback), mentor: rating(x.mentor_feedback) })}</span></span>
      </li>`)}</ul>
      <p class="actions">${offset > 0 ? html`<a href=${link(state, Math.max(0, offset - PAGE))}>${t('mod.exchanges.previous')}</a>` : ''}
        ${offset + PAGE < total ? html`<a href=${link(state, offset + PAGE)}>${t('mod.exchanges.next')}</a>` : ''}</p>`}`, root);
  draw();
  return draw;
}
