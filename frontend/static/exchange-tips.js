// exchange-tips.js — the exchange page's "Tips and lessons": once the exchange is
// completed, its leads and mentors write tips and lessons (title, text, topics, and
// whether to name their organisation, off unless they choose it), and both
// organisations see the tips written about it. The section draws itself into its own
// element, so the exchange page only places it: ${tipsSection(ctx, x)}.
import { html, nothing, render } from './vendor/lit-html/lit-html.js';
import { ref } from './vendor/lit-html/directives/ref.js';
import { api } from './client.js';
import { errorText, t } from './i18n.js';
import { tipForm, tipList } from './tips.js';
import { getTaxonomy, orgOf } from './ui.js';

// One section per mounted exchange page (its ctx).
const sections = new WeakMap();

export function tipsSection(ctx, x) {
  if (!x || x.state !== 'completed') return nothing;
  let s = sections.get(ctx);
  if (!s) {
    s = newSection(ctx);
    sections.set(ctx, s);
  }
  s.x = x;
  return html`<section aria-labelledby="tips-h" data-tips-section ${ref(s.attach)}></section>`;
}

function newSection(ctx) {
  const { signal } = ctx;
  const mine = orgOf(ctx);
  const s = {
    x: null, el: null, list: null, tax: null, failed: null, note: '',
    write: { busy: false, error: null },
    editing: new Map(),
  };
  const base = () => `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}/exchanges/${encodeURIComponent(s.x.id)}/tips`;
  const load = async () => {
    try {
      [s.list, s.tax] = await Promise.all([api.get(base(), { signal }).then((r) => r.tips), getTaxonomy()]);
      s.failed = null;
    } catch (err) {
      s.failed = err;
    }
  };
  const ui = {
    signal, editing: s.editing, draw: () => draw(),
    get tax() { return s.tax; },
    changed: async (note) => { s.note = note; s.editing.clear(); await load(); draw(); },
  };
  const draw = () => {
    if (!s.el) return;
    const canWrite = !!mine && (mine.roles.includes('lead') || mine.roles.includes('mentor'));
    render(html`<h2 id="tips-h">${t('tips.sectionTitle')}</h2>
      <p>${t('tips.sectionIntro')}</p>
      <p class="note" role="status">${s.note}</p>
      ${s.failed ? html`<p class="error" role="alert">${errorText(s.failed)}</p>` : nothing}
      ${s.list ? tipList(s.list, ui) : nothing}
      ${canWrite && s.tax ? html`<h3>${t('tips.write')}</h3>${tipForm({
        id: 'new-tip', tax: s.tax, tip: null, st: s.write, draw,
        save: async (body, form) => {
          await api.post(base(), body, { signal });
          form.reset();
          await ui.changed(t('tips.published'));
        },
      })}` : nothing}`, s.el);
  };
  s.attach = (el) => {
    if (!el || el === s.el) return;
    s.el = el;
    if (s.list === null && !s.failed) load().then(draw);
    draw();
  };
  return s;
}
