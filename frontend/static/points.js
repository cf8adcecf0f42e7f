// points.js — why a mentor organisation scores what it does: one small bar per
// criterion, its points, and the server's explanation code rendered in the
// person's language.
import { html } from './vendor/lit-html/lit-html.js';
import { formatNumber, has, t } from './i18n.js';
import { term } from './ui.js';

// paramText renders one explanation parameter: topic ids become their labels.
function paramText(tax, v) {
  if (Array.isArray(v)) return v.map((x) => paramText(tax, x)).join(', ');
  if (typeof v === 'number') return formatNumber(v, 2);
  if (typeof v === 'string' && tax) {
    for (const kind of ['topics', 'populations', 'formats']) {
      if ((tax[kind] || []).some((x) => x.id === v)) return term(tax, kind, v);
    }
  }
  return String(v);
}

function explanation(tax, p) {
  if (!p.code || !has(`explain.${p.code}`)) return '';
  const params = {};
  for (const [k, v] of Object.entries(p.params || {})) params[k] = paramText(tax, v);
  return t(`explain.${p.code}`, params);
}

// pointsList shows the points of one suggestion or proposal; max is the
// largest number of points any criterion reaches in the list being compared.
export function pointsList(tax, points, max) {
  const top = Math.max(max || 0, 1);
  return html`<ul class="points-list">${points.map((p) => html`<li>
    <span class="criterion">${t(`criterion.${p.criterion}`)}</span>
    <meter min="0" max=${top} value=${Math.max(0, p.points)} aria-label=${t(`criterion.${p.criterion}`)}></meter>
    <span class="num">${formatNumber(p.points, 1)}</span>
    ${explanation(tax, p) ? html`<span class="why">${explanation(tax, p)}</span>` : ''}
  </li>`)}</ul>`;
}

export function maxPoints(lists) {
  let max = 0;
  for (const points of lists) for (const p of points || []) max = Math.max(max, p.points);
  return max;
}
