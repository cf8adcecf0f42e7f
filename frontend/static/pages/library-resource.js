// pages/library-resource.js — one resource: its description, the file to download
// or the page's text (as text), its family tree, "adapt this", and editing and
// deleting for who manages it or a report for everyone else.
import { render } from '../vendor/lit-html/lit-html.js';
import { displayName, errorText } from '../i18n.js';
import { REASONS } from '../moderation.js';
import { errorLine, getTaxonomy, html, needSignIn, perform, statusLine, submit } from '../ui.js';
import { fileFields, fileToSend } from '../library-file.js';
import { facts, languageSelect, metaFields, owners, readMeta, send, visibilityFields } from '../library.js';
import { familyTree, findNode } from '../library-tree.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const id = ctx.params.id;
  const path = `/api/v1/library/${encodeURIComponent(id)}`;
  const st = { busy: false, error: null, done: '' }; // delete
  const edit = { busy: false, error: null, open: false };
  const adapt = { busy: false, error: null, open: false, kind: 'file', owner: owners(ctx.me)[0]?.value || '' };
  const report = { busy: false, error: null, open: false, done: '' };
  let r = null;
  let tree = null;
  let tax = null;
  let failed = null;
  let confirming = false;
  let note = '';

  // Staff who open a resource through a report read it but not its family: the tree
  // is then not found, and the page leaves it out.
  let treeGone = false;
  const loadTree = () => api.get(`${path}/tree`, { signal }).then((d) => { tree = d.root; })
    .catch((err) => { tree = null; treeGone = err.status === 404; });
  try {
    [r, tax] = await Promise.all([api.get(path, { signal }), getTaxonomy(), loadTree()]);
    adapt.kind = r.kind; // an adaptation brings its own content, most often of the same kind
  } catch (err) {
    failed = err;
  }

  const onEdit = (e) => submit(e, edit, draw, async (v, form) => {
    const meta = readMeta(form);
    if (r.programme) meta.visibility = 'all';
    r = await api.put(path, meta, { signal });
    edit.open = false;
    note = t('library.edit.saved');
    await loadTree();
  });
  const onAdapt = (e) => submit(e, adapt, draw, async (v, form) => {
    const f = form.elements;
    const language = f.language.value;
    const meta = {
      kind: adapt.kind,
      title: f.title.value.trim(), summary: r.summary || '', topics: r.topics, language, audience: r.audience,
      licence: r.licence, visibility: adapt.owner === 'programme' ? 'all' : (f.visibility?.value || 'org'),
      adaptation: { language, context: f.context.value.trim(), changes: f.changes.value.trim() },
    };
    if (adapt.owner !== 'programme') meta.org = adapt.owner;
    const file = fileToSend(adapt.kind, form, meta);
    const made = await send(api, `${path}/adaptations`, meta, file, signal);
    ctx.navigate(`/library/${encodeURIComponent(made.id)}`);
  });
  const onAdaptChange = (e) => {
    if (e.target.name === 'kind') { adapt.kind = e.target.value; draw(); }
    if (e.target.name === 'owner') { adapt.owner = e.target.value; draw(); }
  };
  const onReport = (e) => submit(e, report, draw, async (v, form) => {
    const body = { reason: v.reason };
    if (v.text.trim()) body.text = v.text.trim();
    await api.post(`${path}/reports`, body, { signal });
    report.open = false;
    report.done = t('library.report.sent');
    form.reset();
  });
  const remove = () => perform(st, draw, async () => {
    await api.del(path, { signal });
    ctx.navigate('/library');
  }, '', '#delete-error');
  // confirm asks before deleting (or stops asking); the focus goes to the next step.
  const confirm = (on) => {
    confirming = on;
    draw();
    root.querySelector(on ? '[data-delete-confirm]' : '[data-delete]')?.focus();
  };
  const toggle = (which, sel) => {
    which.open = !which.open;
    draw();
    if (which.open) root.querySelector(sel)?.focus();
  };

  const unavailable = () => html`<h1 tabindex="-1">${t('library.unavailable.title')}</h1>
    <p data-unavailable>${t('library.unavailable.text')}</p>
    <p><a href="/library">${t('library.back')}</a></p>`;

  const content = () => (r.kind === 'page'
    ? html`<section aria-labelledby="text-h"><h2 id="text-h">${t('library.text')}</h2>
        <div class="page-text" data-page-body>${r.body || ''}</div></section>`
    : html`<p><a class="button" data-download href=${`${path}/file`} download=${r.file?.name || ''}>${t('library.download', { name: r.file?.name || '' })}</a></p>`);

  const adaptation = () => {
    if (!r.source) return '';
    const src = findNode(tree, r.source);
    return html`<section class="card" aria-labelledby="adapted-h" data-adapted>
      <h2 id="adapted-h">${t('library.adapted.title')}</h2>
      <p>${src?.visible ? html`${t('library.adapted.from')} <a href=${`/library/${encodeURIComponent(r.source)}`}>${src.title}</a>` : t('library.adapted.hidden')}</p>
      ${r.adaptation ? html`<dl class="facts">
        <dt>${t('library.language')}</dt><dd>${displayName('language', r.adaptation.language)}</dd>
        ${r.adaptation.context ? html`<dt>${t('library.adapt.context')}</dt><dd class="about">${r.adaptation.context}</dd>` : ''}
        ${r.adaptation.changes ? html`<dt>${t('library.adapt.changes')}</dt><dd class="about">${r.adaptation.changes}</dd>` : ''}
      </dl>` : ''}
    </section>`;
  };

  const adaptForm = () => {
    const choices = owners(ctx.me);
    if (!r.can_adapt || !choices.length) return '';
    return html`<section aria-labelledby="adapt-h">
      <h2 id="adapt-h">${t('library.adapt.title')}</h2>
      <p>${t('library.adapt.intro')}</p>
      ${adapt.open ? html`<form class="card" @submit=${onAdapt} @change=${onAdaptChange} aria-busy=${adapt.busy ? 'true' : 'false'} data-adapt>
        ${choices.length > 1 ? html`<div class="field"><label for="ad-owner">${t('library.owner')}</label>
          <select id="ad-owner" name="owner" data-field="org">${choices.map((o) => html`<option value=${o.value} ?selected=${o.value === adapt.owner}>${o.name}</option>`)}</select></div>` : ''}
        <div class="field"><label for="ad-title">${t('library.title')}</label>
          <input id="ad-title" name="title" required maxlength="200" .value=${r.title}></div>
        <div class="field"><label for="ad-language">${t('library.adapt.language')}</label>
          ${languageSelect('ad-language', 'language', r.language)}</div>
        <div class="field"><label for="ad-context">${t('library.adapt.context')}</label>
          <textarea id="ad-context" name="context" rows="3" maxlength="1000" aria-describedby="ad-context-hint" data-field="adaptation.context"></textarea>
          <p id="ad-context-hint" class="hint">${t('library.adapt.contextHint')}</p></div>
        <div class="field"><label for="ad-changes">${t('library.adapt.changes')}</label>
          <textarea id="ad-changes" name="changes" rows="3" maxlength="2000" required data-field="adaptation.changes"></textarea></div>
        ${fileFields('ad', adapt.kind, t('library.adapt.content'))}
        ${adapt.owner === 'programme' ? html`<p class="hint">${t('library.programmeAll')}</p>` : visibilityFields('ad', 'org')}
        ${errorLine(adapt, 'adapt-error')}
        <p class="actions"><button type="submit">${t('library.adapt.submit')}</button>
          <button type="button" class="secondary" @click=${() => toggle(adapt)}>${t('library.cancel')}</button></p>
      </form>` : html`<p><button type="button" class="secondary" data-adapt-open @click=${() => toggle(adapt, '#ad-title')}>${t('library.adapt.open')}</button></p>`}
    </section>`;
  };

  // Contributors edit; deleting is for the owner's leads (admins for programme material).
  const canDelete = () => (r.programme
    ? (ctx.me.platform_roles || []).includes('admin')
    : !!(ctx.me.organisations || []).find((o) => o.id === r.org?.id)?.roles.includes('lead'));

  const manage = () => {
    if (!r.can_manage) return '';
    return html`<section aria-labelledby="manage-h">
      <h2 id="manage-h">${t('library.manage')}</h2>
      ${edit.open ? html`<form class="card" @submit=${onEdit} aria-busy=${edit.busy ? 'true' : 'false'} data-edit>
        ${metaFields(tax, r, { prefix: 'ed', owners: null, programme: r.programme })}
        ${r.kind === 'page' ? html`<div class="field"><label for="ed-body">${t('library.body')}</label>
          <textarea id="ed-body" name="body" rows="10" maxlength="50000" required .value=${r.body || ''}></textarea></div>` : ''}
        ${errorLine(edit, 'edit-error')}
        <p class="actions"><button type="submit">${t('library.edit.save')}</button>
          <button type="button" class="secondary" @click=${() => toggle(edit)}>${t('library.cancel')}</button></p>
      </form>` : html`<p class="actions"><button type="button" class="secondary" data-edit-open @click=${() => toggle(edit, '#ed-title')}>${t('library.edit.open')}</button>
        ${!canDelete() ? '' : confirming
          ? html`<button type="button" class="danger" data-delete-confirm @click=${remove}>${t('library.delete.confirm')}</button>
                 <button type="button" class="secondary" @click=${() => confirm(false)}>${t('library.cancel')}</button>`
          : html`<button type="button" class="secondary danger" data-delete @click=${() => confirm(true)}>${t('library.delete.open')}</button>`}</p>
      ${confirming ? html`<p class="card warning">${t('library.delete.warn')}</p>` : ''}
      <p id="delete-error" class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>`}
    </section>`;
  };

  const reportForm = () => {
    if (r.can_manage) return '';
    return html`<section aria-labelledby="report-h">
      <h2 id="report-h">${t('library.report.title')}</h2>
      ${statusLine(report.done)}
      ${report.open ? html`<form class="card" @submit=${onReport} aria-busy=${report.busy ? 'true' : 'false'} data-report>
        <div class="field"><label for="rp-reason">${t('library.report.reason')}</label>
          <select id="rp-reason" name="reason" required><option value="">${t('library.report.choose')}</option>
            ${REASONS.map((x) => html`<option value=${x}>${t(`mod.reason.${x}`)}</option>`)}</select></div>
        <div class="field"><label for="rp-text">${t('library.report.text')}</label>
          <textarea id="rp-text" name="text" rows="3" maxlength="1000"></textarea></div>
        ${errorLine(report, 'report-error')}
        <p class="actions"><button type="submit">${t('library.report.submit')}</button>
          <button type="button" class="secondary" @click=${() => toggle(report)}>${t('library.cancel')}</button></p>
      </form>` : html`<p><button type="button" class="secondary" data-report-open @click=${() => toggle(report, '#rp-reason')}>${t('library.report.open')}</button></p>`}
    </section>`;
  };

  const draw = () => {
    if (failed) {
      render(failed.status === 404 ? unavailable() : html`<h1 tabindex="-1">${t('library.heading')}</h1>
        <p class="error" role="alert">${errorText(failed)}</p>`, root);
      return;
    }
    render(html`
      <p><a href="/library">${t('library.back')}</a></p>
      <h1 tabindex="-1">${r.title}</h1>
      ${r.summary ? html`<p class="about">${r.summary}</p>` : ''}
      ${statusLine(note)}
      ${content()}
      ${facts(tax, r)}
      ${adaptation()}
      ${treeGone ? '' : html`<section aria-labelledby="tree-h">
        <h2 id="tree-h">${t('library.tree.title')}</h2>
        ${tree ? familyTree(tree, id) : html`<p>${t('library.tree.none')}</p>`}
      </section>`}
      ${adaptForm()}
      ${manage()}
      ${reportForm()}`, root);
  };
  draw();
  return draw;
}
