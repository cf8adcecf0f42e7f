// pages/library-new.js — add a resource to the library: a file (checked here for
// type and size before it is sent) or a text page, and its description.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, submit } from '../ui.js';
import { fileFields, fileToSend } from '../library-file.js';
import { metaFields, owners, readMeta, send } from '../library.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const st = { busy: false, error: null, kind: 'file' };
  const choices = owners(ctx.me);
  let owner = choices[0]?.value || '';
  let tax = null;
  let failed = null;
  try {
    tax = await getTaxonomy();
  } catch (err) {
    failed = err;
  }

  const onSubmit = (e) => submit(e, st, draw, async (v, form) => {
    const meta = { kind: st.kind, ...readMeta(form) };
    if (owner !== 'programme') meta.org = owner;
    else meta.visibility = 'all';
    const file = fileToSend(st.kind, form, meta);
    const r = await send(api, '/api/v1/library', meta, file, signal);
    ctx.navigate(`/library/${encodeURIComponent(r.id)}`);
  });
  const onChange = (e) => {
    if (e.target.name === 'owner') { owner = e.target.value; draw(); }
    if (e.target.name === 'kind') { st.kind = e.target.value; draw(); }
  };

  const draw = () => {
    if (failed || !choices.length) {
      render(html`<h1 tabindex="-1">${t('library.new.title')}</h1>
        ${failed ? loadFailed(failed) : html`<p>${t('library.new.nobody')}</p>`}
        <p><a href="/library">${t('library.back')}</a></p>`, root);
      return;
    }
    render(html`
      <h1 tabindex="-1">${t('library.new.title')}</h1>
      <p>${t('library.new.intro')}</p>
      <form @submit=${onSubmit} @change=${onChange} aria-busy=${st.busy ? 'true' : 'false'} data-library-new>
        ${fileFields('new', st.kind, t('library.kindLabel'))}
        ${metaFields(tax, null, { prefix: 'new', owners: choices, programme: owner === 'programme' })}
        ${errorLine(st, 'new-error')}
        <p class="actions"><button type="submit" aria-disabled=${st.busy ? 'true' : 'false'}>${st.busy ? t('library.new.sending') : t('library.new.submit')}</button>
          <a href="/library">${t('library.cancel')}</a></p>
      </form>`, root);
  };
  draw();
  return draw;
}
