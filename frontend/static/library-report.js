// library-report.js — what a report of a library resource adds to the staff's report view
// (moderation.js): the resource, which staff open through the report.
import { html } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';

// resourceFacts names the reported resource; staff open it through the report.
export function resourceFacts(r) {
  return html`<dt>${t('library.report.resource')}</dt>
    <dd><a href=${`/library/${encodeURIComponent(r.target)}`} data-reported-resource>${t('library.report.openResource')}</a></dd>`;
}
