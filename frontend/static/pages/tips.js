// pages/tips.js — tips and lessons organisations wrote after their exchanges, by topic,
// newest first, for the people of approved organisations and admins. A tip whose
// organisation chose not to be named shows no organisation, only its month.
import { render } from '../vendor/lit-html/lit-html.js';
import { tipList } from '../tips.js';
import { getTaxonomy, html, loadFailed, needSignIn, term } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const topic = ctx.query.get('topic') || '';
  const more = { busy: false, error: null };
  let list = [];
  let page = 0;
  let hasMore = false;
  let tax = null;
  let failed = null;
  let note = '';
  const editing = new Map();

  const fetchPage = async (n) => {
    const q = new URLSearchParams({ page: String(n) });
    if (topic) q.set('topic', topic);
    const r = await api.get(`/api/v1/tips?${q}`, { signal });
    page = n;
    hasMore = r.more;
    return r.tips;
  };
  // reload reads again every page shown so far (after an edit or delete of one's own).
  const reload = async () => {
    const shown = Math.max(page, 1);
    let all = [];
    for (let n = 1; n <= shown; n++) {
      all = all.concat(await fetchPage(n));
      if (!hasMore) break;
    }
    list = all;
  };
  try {
    [tax] = await Promise.all([getTaxonomy(), reload()]);
  } catch (err) {
    failed = err;
  }
  const ui = {
    signal, editing, draw: () => draw(),
    get tax() { return tax; },
    changed: async (text) => {
      note = text;
      editing.clear();
      try { await reload(); } catch (err) { failed = err; }
      draw();
    },
  };
  const onFilter = (e) => {
    e.preventDefault();
    const chosen = e.currentTarget.elements.topic.value;
    ctx.navigate(chosen ? `/tips?topic=${encodeURIComponent(chosen)}` : '/tips');
  };
  const onMore = async () => {
    if (more.busy) return;
    more.busy = true;
    more.error = null;
    draw();
    try {
      list = list.concat(await fetchPage(page + 1));
    } catch (err) {
      more.error = err;
    }
    more.busy = false;
    draw();
  };

  const draw = () => render(html`
    <h1 tabindex="-1">${t('tips.title')}</h1>
    <p>${t('tips.intro')}</p>
    <form class="inline-form" role="search" @submit=${onFilter} data-tips-filter>
      <div class="field"><label for="tips-topic">${t('tips.topic')}</label>
        <select id="tips-topic" name="topic">
          <option value="" ?selected=${!topic}>${t('tips.allTopics')}</option>
          ${(tax?.topics || []).map((x) => html`<option value=${x.id} ?selected=${x.id === topic}>${term(tax, 'topics', x.id)}</option>`)}
        </select></div>
      <button type="submit" class="secondary">${t('tips.show')}</button>
    </form>
    <p class="note" role="status">${note}</p>
    ${failed ? loadFailed(failed) : tipList(list, ui)}
    ${hasMore ? html`<p><button type="button" class="secondary" @click=${onMore} aria-busy=${more.busy ? 'true' : 'false'} data-more>${t('tips.more')}</button></p>` : ''}
    ${more.error ? loadFailed(more.error) : ''}`, root);
  draw();
  return draw;
}
