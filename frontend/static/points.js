// points.js — why a mentor organisation scores what it does: one small bar per
// criterion, its points, and the server's explanation (a code and the values it
// names, docs/matching.md) said in the person's language.
import { html } from './vendor/lit-html/lit-html.js';
import { currentLanguage, displayName, formatNumber, has, t } from './i18n.js';
import { grade, term } from './ui.js';

const list = (items) => new Intl.ListFormat(currentLanguage(), { type: 'conjunction' }).format(items);

// paramText renders one value an explanation names: codes become labels.
function paramText(tax, key, v) {
  if (Array.isArray(v)) return list(v.map((x) => paramText(tax, key, x)));
  if (v && typeof v === 'object' && v.topic) {
    return t('explain.topicPart', {
      topic: term(tax, 'topics', v.topic),
      priority: grade(tax, 'need_priorities', v.priority),
      level: grade(tax, 'offer_levels', v.level),
    });
  }
  if (typeof v === 'number') return formatNumber(v, 2);
  switch (key) {
    case 'country': return displayName('region', v);
    case 'languages': return displayName('language', v);
    case 'populations': return term(tax, 'populations', v);
    case 'formats': return term(tax, 'formats', v);
    default: return String(v);
  }
}

// explanation is the sentence for a code; a code this version does not know says nothing.
export function explanation(tax, prefix, code, params) {
  if (!code || !has(`${prefix}.${code}`)) return '';
  const values = {};
  for (const [k, v] of Object.entries(params || {})) values[k] = paramText(tax, k, v);
  return t(`${prefix}.${code}`, values);
}

// pointsList shows the points of one suggestion or proposal; max is the
// largest number of points any criterion reaches in the list being compared.
export function pointsList(tax, points, max) {
  const top = Math.max(max || 0, 1);
  return html`<ul class="points-list">${points.map((p) => {
    const why = explanation(tax, 'explain', p.code, p.params);
    return html`<li>
      <span class="criterion">${t(`criterion.${p.criterion}`)}</span>
      <meter min="0" max=${top} value=${Math.max(0, p.points)} aria-label=${t(`criterion.${p.criterion}`)}></meter>
      <span class="num">${formatNumber(p.points, 1)}</span>
      ${why ? html`<span class="why">${why}</span>` : ''}
    </li>`;
  })}</ul>`;
}

export function maxPoints(lists) {
  let max = 0;
  for (const points of lists) for (const p of points || []) max = Math.max(max, p.points);
  return max;
}
