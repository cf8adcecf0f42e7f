// pages/admin-dashboard.js — the programme dashboard for admins: the gap map drawn
// as an SVG chart by this page (supply, as free places, against demand, as open
// needs, per topic), the tables, and each table as CSV to download. Aggregates only.
import { render, svg } from '../vendor/lit-html/lit-html.js';
import { formatDate, formatNumber } from '../i18n.js';
import { dataTable as table, getTaxonomy, html, loadFailed, needSignIn, stateText, term } from '../ui.js';
import { cascadeSection } from './trainings-dashboard.js';

const TABLES = ['summary', 'gap_map', 'organisations', 'exchange_states', 'sessions'];

// gapChart: one row per topic, two bars each (free places, open needs) on one scale,
// and the gap in words at the end of the row. The numbers are in the table below too.
function gapChart(rows, label, t) {
  // Each row: the topic's name on a line of its own (names are long; phones are narrow),
  // then its two bars, and the gap at the right.
  const rowH = 62;
  const barW = 300;
  const width = barW + 60;
  const height = rows.length * rowH + 24;
  const most = Math.max(1, ...rows.map((r) => Math.max(r.free_places, r.open_needs)));
  const w = (n) => Math.max(n > 0 ? 2 : 0, Math.round((n / most) * barW));
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-labelledby="gap-title gap-desc" data-gap-chart>
      <title id="gap-title">${t('mod.dash.gapTitle')}</title>
      <desc id="gap-desc">${t('mod.dash.gapDesc')}</desc>
      ${rows.map((r, i) => {
        const y = i * rowH;
        return svg`<g class="gap-row">
          <text x="0" y=${y + 15} class="chart-label">${label(r.topic)}</text>
          <rect x="0" y=${y + 22} width=${w(r.free_places)} height="16" class="bar-supply"></rect>
          <text x=${w(r.free_places) + 4} y=${y + 35} class="chart-value">${r.free_places}</text>
          <rect x="0" y=${y + 40} width=${w(r.open_needs)} height="16" class="bar-demand"></rect>
          <text x=${w(r.open_needs) + 4} y=${y + 53} class="chart-value">${r.open_needs}</text>
          <text x=${width - 4} y=${y + 46} text-anchor="end" class=${r.gap > 0 ? 'chart-gap short' : 'chart-gap'}>${r.gap > 0 ? `−${r.gap}` : '✓'}</text>
        </g>`;
      })}
      <g class="legend" transform=${`translate(0 ${rows.length * rowH + 8})`}>
        <rect width="12" height="12" class="bar-supply"></rect><text x="16" y="11" class="chart-value">${t('mod.dash.freePlaces')}</text>
        <rect x="150" width="12" height="12" class="bar-demand"></rect><text x="166" y="11" class="chart-value">${t('mod.dash.openNeeds')}</text>
      </g>
    </svg>
    <figcaption>${t('mod.dash.gapCaption')}</figcaption>
  </figure>`;
}

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  let d = null;
  let tax = null;
  let failed = null;
  try {
    [d, tax] = await Promise.all([api.get('/api/v1/admin/dashboard', { signal }), getTaxonomy().catch(() => null)]);
  } catch (err) {
    failed = err;
  }
  const topic = (id) => term(tax, 'topics', id);
  const country = (c) => (c === 'other' ? t('mod.dash.otherCountry') : c);
  const num = (n) => (n === null || n === undefined ? '–' : formatNumber(n));
  const ratings = (r) => (r.count ? t('mod.dash.ratings', { count: r.count, usefulness: num(r.usefulness), respect: num(r.respect) }) : t('mod.dash.noRatings'));
  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('mod.dash.title')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const s = d.summary;
    render(html`
    <h1 tabindex="-1">${t('mod.dash.title')}</h1>
    <p class="hint">${t('mod.dash.generated', { date: formatDate(d.generated) })}</p>
    <h2>${t('mod.dash.summary')}</h2>
    <dl class="facts" data-summary>
      <dt>${t('mod.dash.organisations')}</dt><dd>${s.organisations}</dd>
      <dt>${t('mod.dash.exchanges')}</dt><dd>${s.exchanges}</dd>
      <dt>${t('mod.dash.accepted')}</dt><dd>${s.accepted_requests}</dd>
      <dt>${t('mod.dash.median')}</dt><dd>${num(s.median_days_to_accept)}</dd>
      <dt>${t('mod.dash.running')}</dt><dd>${t('mod.dash.runningValue', { running: s.running, paused: s.paused })}</dd>
      <dt>${t('mod.dash.completion')}</dt><dd>${s.completion_rate === null ? '–' : `${formatNumber(s.completion_rate * 100, 0)} %`}
        (${t('mod.dash.completionOf', { completed: s.completed, cancelled: s.cancelled_after_acceptance })})</dd>
      <dt>${t('mod.dash.toMentors')}</dt><dd>${ratings(s.feedback_to_mentors)}</dd>
      <dt>${t('mod.dash.toRequesters')}</dt><dd>${ratings(s.feedback_to_requesters)}</dd>
      <dt>${t('mod.dash.sessions')}</dt><dd>${t('mod.dash.sessionsValue', { sessions: s.sessions, hours: formatNumber(s.hours) })}</dd>
    </dl>
    <h2>${t('mod.dash.gapTitle')}</h2>
    <p>${t('mod.dash.gapIntro')}</p>
    ${gapChart(d.gap_map, topic, t)}
    ${table('gap_map', t('mod.dash.gapTable'),
      [t('mod.dash.topic'), t('mod.dash.level1'), t('mod.dash.level2'), t('mod.dash.level3'), t('mod.dash.freePlaces'),
        t('mod.dash.priority1'), t('mod.dash.priority2'), t('mod.dash.priority3'), t('mod.dash.openNeeds'), t('mod.dash.gap')],
      d.gap_map, (r) => [topic(r.topic), r.offering_level_1, r.offering_level_2, r.offering_level_3, r.free_places,
        r.needs_priority_1, r.needs_priority_2, r.needs_priority_3, r.open_needs, r.gap])}
    <h2>${t('mod.dash.orgsTitle')}</h2>
    ${table('organisations', t('mod.dash.orgsTable'), [t('mod.dash.country'), t('mod.dash.stage'), t('mod.dash.status'), t('mod.dash.count')],
      d.organisations, (r) => [country(r.country), t(`stage.${r.stage}`), t(`org.statusName.${r.status}`), r.organisations])}
    <h2>${t('mod.dash.statesTitle')}</h2>
    ${table('exchange_states', t('mod.dash.statesTable'), [t('mod.dash.state'), t('mod.dash.count')],
      d.exchange_states, (r) => [stateText(r.state), r.exchanges])}
    <h2>${t('mod.dash.sessionsTitle')}</h2>
    ${table('sessions', t('mod.dash.sessionsTable'), [t('mod.dash.format'), t('mod.dash.country'), t('mod.dash.sessions'), t('mod.dash.hours')],
      d.sessions, (r) => [term(tax, 'formats', r.format), country(r.country), r.sessions, formatNumber(r.hours)])}
    ${cascadeSection(d.cascade, tax)}
    <h2>${t('mod.dash.download')}</h2>
    <ul data-downloads>${TABLES.map((name) => html`<li><a href=${`/api/v1/admin/dashboard/${name}.csv`} download=${`${name}.csv`}
      data-csv=${name}>${t(`mod.dash.csv.${name}`)}</a></li>`)}</ul>`, root);
  };
  draw();
  return draw;
}
