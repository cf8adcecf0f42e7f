// pages/trainings-dashboard.js — the admin dashboard's cascade section: peers reached per
// topic, one bar per generation, drawn as inline SVG (colours from classes: the CSP
// allows no inline style), with the same numbers in tables beside it, and the tables as
// CSV. Aggregates only; small countries are already folded into "other" by the server.
import { svg } from '../vendor/lit-html/lit-html.js';
import { formatNumber, t } from '../i18n.js';
import { dataTable as table, html, term } from '../ui.js';

const CSV = ['cascade_generations', 'cascade_topics', 'cascade_countries'];

const genClass = (g) => `bar-gen bar-gen-${((g - 1) % 4) + 1}`;

// chart: per topic, its name on a line, then one bar per generation it reached, each
// with its number of peers at the end.
function chart(rows, tax) {
  const topics = [...new Set(rows.map((r) => r.topic))];
  const gens = [...new Set(rows.map((r) => r.generation))].sort((a, b) => a - b);
  const barH = 16;
  const barW = 300;
  const width = barW + 70;
  const groupH = (n) => 22 + n * (barH + 3) + 10;
  const most = Math.max(1, ...rows.map((r) => r.peers_reached));
  const w = (n) => Math.max(n > 0 ? 2 : 0, Math.round((n / most) * barW));
  let y = 0;
  const groups = topics.map((topic) => {
    const mine = rows.filter((r) => r.topic === topic);
    const top = y;
    y += groupH(mine.length);
    return svg`<g class="cascade-topic">
      <text x="0" y=${top + 15} class="chart-label">${term(tax, 'topics', topic)}</text>
      ${mine.map((r, i) => {
        const by = top + 22 + i * (barH + 3);
        return svg`<rect x="0" y=${by} width=${w(r.peers_reached)} height=${barH} class=${genClass(r.generation)}></rect>
          <text x=${w(r.peers_reached) + 4} y=${by + 13} class="chart-value">${formatNumber(r.peers_reached)}</text>`;
      })}
    </g>`;
  });
  const height = y + 24;
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-labelledby="cascade-title cascade-desc" data-cascade-chart>
      <title id="cascade-title">${t('training.chartTitle')}</title>
      <desc id="cascade-desc">${t('training.chartDesc')}</desc>
      ${groups}
      <g class="legend" transform=${`translate(0 ${y + 6})`}>
        ${gens.map((g, i) => svg`<rect x=${i * 92} width="12" height="12" class=${genClass(g)}></rect>
          <text x=${i * 92 + 16} y="11" class="chart-value">${t('training.genShort', { n: g })}</text>`)}
      </g>
    </svg>
    <figcaption>${t('training.chartCaption')}</figcaption>
  </figure>`;
}

// cascadeSection draws the dashboard's cascade (d.cascade) with the taxonomy's labels.
export function cascadeSection(c, tax) {
  const gen = (n) => t('training.generationN', { n });
  const reach = (r) => [formatNumber(r.trainings), formatNumber(r.organisations), formatNumber(r.trainers_trained), formatNumber(r.peers_reached)];
  const heads = [t('training.trainings'), t('training.organisations'), t('training.trainersTrained'), t('training.peersReached')];
  const country = (code) => (code === 'other' ? t('mod.dash.otherCountry') : code);
  return html`<section aria-labelledby="cascade-h" data-cascade>
    <h2 id="cascade-h">${t('training.dashTitle')}</h2>
    <p>${t('training.dashIntro')}</p>
    ${c.topics.length ? html`<div class="cascade-grid">
      ${chart(c.topics, tax)}
      ${table('cascade_topics', t('training.topicsTable'), [t('training.topic'), t('training.generation'), t('training.trainersTrained'), t('training.peersReached')],
        c.topics, (r) => [term(tax, 'topics', r.topic), gen(r.generation), formatNumber(r.trainers_trained), formatNumber(r.peers_reached)])}
    </div>
    ${table('cascade_generations', t('training.generationsTable'), [t('training.generation'), ...heads],
      c.generations, (r) => [gen(r.generation), ...reach(r)])}
    ${table('cascade_countries', t('training.countriesTable'), [t('training.country'), t('training.generation'), ...heads],
      c.countries, (r) => [country(r.country), gen(r.generation), ...reach(r)])}` : html`<p data-cascade-empty>${t('training.noneYet')}</p>`}
    <ul data-cascade-downloads>${CSV.map((name) => html`<li><a href=${`/api/v1/admin/dashboard/${name}.csv`} download=${`${name}.csv`}
      data-csv=${name}>${t(`training.csv.${name}`)}</a></li>`)}</ul>
  </section>`;
}
