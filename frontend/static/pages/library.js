// pages/library.js — the training library: what the person may see, searched and
// filtered by topic, language and audience (the filters live in the address).
import { render } from '../vendor/lit-html/lit-html.js';
import { label, tn } from '../i18n.js';
import { getTaxonomy, html, loadFailed, needSignIn, repeatKeyed } from '../ui.js';
import { AUDIENCES, languageSelect, owners, resourceItem } from '../library.js';

const FILTERS = ['q', 'topic', 'language', 'audience'];

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal, query } = ctx;
  const filter = new URLSearchParams();
  for (const f of FILTERS) if (query.get(f)) filter.set(f, query.get(f));
  let list = [];
  let tax = null;
  let failed = null;
  try {
    [list, tax] = await Promise.all([
      api.get(`/api/v1/library${filter.size ? `?${filter}` : ''}`, { signal }).then((d) => d.resources || []),
      getTaxonomy(),
    ]);
  } catch (err) {
    failed = err;
  }
  const onSubmit = (e) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    const q = new URLSearchParams();
    for (const name of FILTERS) if (f[name].value.trim()) q.set(name, f[name].value.trim());
    ctx.navigate(`/library${q.size ? `?${q}` : ''}`);
  };
  const canAdd = owners(ctx.me).length > 0;
  const draw = () => render(html`
    <h1 tabindex="-1">${t('library.heading')}</h1>
    <p>${t('library.intro')}</p>
    ${canAdd ? html`<p><a class="button" href="/library/new">${t('library.add')}</a></p>` : ''}
    <form class="card filters" role="search" @submit=${onSubmit} data-library-filter>
      <div class="field"><label for="lib-q">${t('library.search')}</label>
        <input id="lib-q" name="q" type="search" maxlength="100" .value=${filter.get('q') || ''}></div>
      <div class="field"><label for="lib-topic">${t('library.topic')}</label>
        <select id="lib-topic" name="topic"><option value="">${t('library.anyTopic')}</option>
          ${(tax?.topics || []).map((x) => html`<option value=${x.id} ?selected=${filter.get('topic') === x.id}>${label(x.label)}</option>`)}</select></div>
      <div class="field"><label for="lib-language">${t('library.language')}</label>
        ${languageSelect('lib-language', 'language', filter.get('language') || '', 'library.anyLanguage')}</div>
      <div class="field"><label for="lib-audience">${t('library.audienceLabel')}</label>
        <select id="lib-audience" name="audience"><option value="">${t('library.anyAudience')}</option>
          ${AUDIENCES.map((a) => html`<option value=${a} ?selected=${filter.get('audience') === a}>${t(`library.audience.${a}`)}</option>`)}</select></div>
      <p class="actions"><button type="submit">${t('library.apply')}</button>
        ${filter.size ? html`<a href="/library">${t('library.clear')}</a>` : ''}</p>
    </form>
    ${failed ? loadFailed(failed) : html`
      <p role="status" data-count>${tn('library.count', list.length)}</p>
      <ul class="resources">${repeatKeyed(list, (r) => r.id, (r) => resourceItem(tax, r))}</ul>`}`, root);
  draw();
  return draw;
}
