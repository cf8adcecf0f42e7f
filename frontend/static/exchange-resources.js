// exchange-resources.js — the "Resources" section of an exchange's page: the library
// resources attached to the exchange (readable by both parties), attaching one the
// person can see, and detaching. pages/exchange.js places the section.
import { html, nothing, render } from './vendor/lit-html/lit-html.js';
import { errorText, t } from './i18n.js';
import { getTaxonomy, orgOf } from './ui.js';
import { resourceItem } from './library.js';

const sections = new WeakMap(); // one per mounted page (its ctx)

// resourcesSection returns the section's element for the exchange x.
export function resourcesSection(ctx, x) {
  let s = sections.get(ctx);
  if (!s) {
    s = { el: document.createElement('div'), attached: null, mine: [], tax: null, failed: null, note: '', busy: false };
    sections.set(ctx, s);
    load(ctx, s);
  }
  s.x = x;
  paint(ctx, s);
  return s.el;
}

const path = (ctx) => `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}/exchanges/${encodeURIComponent(ctx.params.exchange)}/resources`;
const canWork = (ctx) => !!orgOf(ctx)?.roles.some((r) => r === 'lead' || r === 'mentor');

async function load(ctx, s) {
  const { api, signal } = ctx;
  try {
    const [a, tax] = await Promise.all([api.get(path(ctx), { signal }), getTaxonomy()]);
    s.attached = a.resources || [];
    s.tax = tax;
    s.failed = null;
  } catch (err) {
    s.failed = err;
  }
  paint(ctx, s);
  if (!canWork(ctx) || s.failed) return;
  try {
    s.mine = (await api.get('/api/v1/library', { signal })).resources || [];
  } catch {
    s.mine = []; // nothing to choose from; attached ones still show
  }
  paint(ctx, s);
}

async function act(ctx, s, fn, done) {
  if (s.busy) return;
  s.busy = true;
  try {
    await fn();
    s.attached = (await ctx.api.get(path(ctx), { signal: ctx.signal })).resources || [];
    s.note = done;
  } catch (err) {
    s.note = errorText(err);
  }
  s.busy = false;
  paint(ctx, s);
}

function onAttach(ctx, s, e) {
  e.preventDefault();
  const id = e.currentTarget.elements.resource.value;
  const r = s.mine.find((m) => m.id === id);
  if (!r) return;
  act(ctx, s, () => ctx.api.post(path(ctx), { resource: id }, { signal: ctx.signal }), t('library.exchange.attached', { title: r.title }));
}

function detach(ctx, s, r) {
  act(ctx, s, () => ctx.api.del(`${path(ctx)}/${encodeURIComponent(r.id)}`, { signal: ctx.signal }), t('library.exchange.detached', { title: r.title }));
}

function paint(ctx, s) {
  if (ctx.signal.aborted) return;
  const working = canWork(ctx) && ['accepted', 'active', 'completed'].includes(s.x?.state);
  const attached = s.attached || [];
  const choices = s.mine.filter((m) => !attached.some((a) => a.id === m.id));
  render(html`<section aria-labelledby="xres-h" data-exchange-resources>
    <h2 id="xres-h">${t('library.exchange.title')}</h2>
    <p class="note" role="status">${s.note}</p>
    ${s.failed ? html`<p class="error">${errorText(s.failed)}</p>` : nothing}
    ${s.attached && !attached.length ? html`<p data-empty>${t('library.exchange.none')}</p>` : nothing}
    <ul class="resources">${attached.map((r) => resourceItem(s.tax, r, working
      ? html`<p><button type="button" class="secondary" @click=${() => detach(ctx, s, r)}
        aria-label=${t('library.exchange.detachLabel', { title: r.title })}>${t('library.exchange.detach')}</button></p>` : nothing, true))}</ul>
    ${working && choices.length ? html`<form class="inline-form" @submit=${(e) => onAttach(ctx, s, e)} data-attach>
      <div class="field"><label for="xres-choose">${t('library.exchange.choose')}</label>
        <select id="xres-choose" name="resource">${choices.map((m) => html`<option value=${m.id}>${m.title}</option>`)}</select></div>
      <button type="submit" class="secondary">${t('library.exchange.attach')}</button>
    </form>` : nothing}
    ${working && s.attached && !choices.length ? html`<p class="hint"><a href="/library">${t('library.exchange.browse')}</a></p>` : nothing}
  </section>`, s.el);
}
