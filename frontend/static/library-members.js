// library-members.js — the library on a lead's members page: the organisation's
// storage (used of its quota) and who of its members may add resources.
// members.js places the section; everything else lives here.
import { html, nothing, render } from './vendor/lit-html/lit-html.js';
import { errorText, t } from './i18n.js';
import { formatSize } from './library.js';

const sections = new WeakMap(); // one per mounted page (its ctx)

// isContributor: a member a lead allowed to add resources (the role contributor).
const isContributor = (m) => (m.roles || []).includes('contributor');

// librarySection returns the section's element, drawn with the page's members;
// changed() has the page read its members again (their roles name contributors).
export function librarySection(ctx, members, changed) {
  let s = sections.get(ctx);
  if (!s) {
    s = { el: document.createElement('div'), usage: null, failed: null, note: '', members: [] };
    sections.set(ctx, s);
    load(ctx, s);
  }
  s.members = members;
  s.changed = changed;
  paint(ctx, s);
  return s.el;
}

const base = (ctx) => `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}`;

async function load(ctx, s) {
  try {
    s.usage = await ctx.api.get(`${base(ctx)}/library/usage`, { signal: ctx.signal });
    s.failed = null;
  } catch (err) {
    s.failed = err;
  }
  paint(ctx, s);
}

async function allow(ctx, s, m, on) {
  const path = `${base(ctx)}/library/contributors/${encodeURIComponent(m.id)}`;
  try {
    if (on) await ctx.api.put(path, undefined, { signal: ctx.signal });
    else await ctx.api.del(path, { signal: ctx.signal });
    s.note = t(on ? 'library.contributors.allowed' : 'library.contributors.stopped', { pseudonym: m.pseudonym });
    await s.changed();
  } catch (err) {
    s.note = errorText(err);
  }
  paint(ctx, s);
}

function paint(ctx, s) {
  if (ctx.signal.aborted) return;
  const u = s.usage;
  const people = s.members.filter((m) => !m.roles.includes('lead'));
  const on = isContributor;
  render(html`<section class="card" aria-labelledby="lib-members-h" data-library-members>
    <h2 id="lib-members-h">${t('library.contributors.title')}</h2>
    <p>${t('library.contributors.intro')}</p>
    ${s.failed ? html`<p class="error">${errorText(s.failed)}</p>` : nothing}
    ${u ? html`<p><label for="lib-usage">${t('library.usage.label')}</label>
      <meter id="lib-usage" min="0" max=${u.quota_bytes} value=${u.used_bytes} aria-describedby="lib-usage-text"></meter>
      <span id="lib-usage-text" data-usage>${t('library.usage.text', { used: formatSize(u.used_bytes), quota: formatSize(u.quota_bytes) })}</span></p>` : nothing}
    <p class="note" role="status">${s.note}</p>
    ${people.length ? html`<ul class="rows">${people.map((m) => html`<li data-contributor=${m.id}>
      <span><strong>${m.pseudonym}</strong><br><span class="hint">${on(m) ? t('library.contributors.may') : t('library.contributors.mayNot')}</span></span>
      ${on(m)
        ? html`<button type="button" class="secondary" @click=${() => allow(ctx, s, m, false)}>${t('library.contributors.stop', { pseudonym: m.pseudonym })}</button>`
        : html`<button type="button" class="secondary" @click=${() => allow(ctx, s, m, true)}>${t('library.contributors.allow', { pseudonym: m.pseudonym })}</button>`}
    </li>`)}</ul>` : html`<p>${t('library.contributors.none')}</p>`}
  </section>`, s.el);
}
