// exchange-host.js — the host organisation as a third party of an exchange: who it is
// (every party sees its name), and for the lead of the group it hosts, bringing the
// confirmed host in or taking it out. pages/exchange.js renders hostSection(ctx, x, update).
import { html } from './vendor/lit-html/lit-html.js';
import { api } from './client.js';
import { errorText, t } from './i18n.js';
import { isLead, orgNames } from './ui.js';

const pages = new WeakMap(); // ctx → what the section read for that page

// hostSection renders the exchange's host, or what the hosted lead can do about it;
// update(x) takes the exchange as the server answers after a change (and redraws).
export function hostSection(ctx, x, update) {
  let s = pages.get(ctx);
  if (!s) {
    s = { x, host: null, nameOf: null, busy: false, note: '' };
    pages.set(ctx, s);
    const org = encodeURIComponent(ctx.params.org);
    Promise.all([
      orgNames(ctx).then((f) => { s.nameOf = f; }),
      isLead(ctx) ? api.get(`/api/v1/orgs/${org}`, { signal: ctx.signal }).then((o) => { s.host = o.host || null; }) : null,
    ]).then(() => update(s.x), () => {});
  }
  s.x = x;
  if (!s.nameOf) return '';
  const ours = ctx.params.org;
  const path = `/api/v1/orgs/${encodeURIComponent(ours)}/exchanges/${encodeURIComponent(x.id)}/host`;
  const confirmed = s.host?.kind === 'cascade' && s.host.state === 'confirmed' ? s.host : null;
  const running = ['accepted', 'active'].includes(x.state) && !x.paused;
  if (!x.host_org && !(confirmed && running)) return '';
  const act = async (bring, name) => {
    if (s.busy) return;
    s.busy = true;
    let next = s.x;
    try {
      next = bring ? await api.put(path, undefined, { signal: ctx.signal }) : await api.del(path, { signal: ctx.signal });
      s.note = t(bring ? 'hosting.brought' : 'hosting.takenOut', { host: name });
    } catch (err) {
      s.note = errorText(err);
    }
    s.busy = false;
    update(next);
  };
  const host = x.host_org ? s.nameOf(x.host_org) : confirmed.name;
  let body;
  if (x.host_org === ours) {
    body = html`<p>${t('hosting.exchangeWeHost', { hosted: s.nameOf(x.host_for) })}</p>`;
  } else if (x.host_org) {
    body = html`<p data-exchange-host>${t('hosting.exchangeHost', { host, hosted: s.nameOf(x.host_for) })}</p>
      ${x.host_for === ours && isLead(ctx) ? html`<button type="button" class="secondary" ?disabled=${s.busy}
        @click=${() => act(false, host)}>${t('hosting.takeOut', { host })}</button>` : ''}`;
  } else {
    body = html`<p class="hint" id="host-bring-hint">${t('hosting.bringHint')}</p>
      <button type="button" aria-describedby="host-bring-hint" ?disabled=${s.busy}
        @click=${() => act(true, host)}>${t('hosting.bring', { host })}</button>`;
  }
  return html`<section aria-labelledby="exchange-host-h" class="exchange-host">
    <h2 id="exchange-host-h">${t('hosting.exchange')}</h2>
    ${body}
    <p class="note" role="status">${s.note}</p>
  </section>`;
}
