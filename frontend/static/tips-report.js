// tips-report.js — what a report of a tip adds to the staff's report view (moderation.js):
// the tip's organisation id, and the tip's title and text as they were when reported.
import { html } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';

// tipFacts names the reported tip's organisation (a fact of the report's list).
export function tipFacts(r) {
  return html`<dt>${t('tips.mod.org')}</dt><dd><code>${r.material?.org}</code></dd>`;
}

// tipCopy is the tip as it was when reported.
export function tipCopy(r) {
  const m = r.material || {};
  return html`<h2>${t('tips.mod.reported')}</h2>
    <article class="card tip" data-reported-tip><h3>${m.title}</h3><p class="tip-body">${m.body}</p></article>`;
}
