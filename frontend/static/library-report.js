// library-report.js — a report of a library resource in the staff's report view
// (moderation.js): the resource to open, and the one action, taking it down.
import { html } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';

// resourceFacts names the reported resource; staff open it through the report.
export function resourceFacts(r) {
  return html`<dt>${t('library.report.resource')}</dt>
    <dd><a href=${`/library/${encodeURIComponent(r.target)}`} data-reported-resource>${t('library.report.openResource')}</a></dd>`;
}

// resourceActions is the action on a reported resource: remove takes it down.
export function resourceActions(onAct) {
  return html`<p class="actions"><button type="button" @click=${onAct} class="danger" value="remove" data-act="remove">${t('library.report.takeDown')}</button></p>`;
}
