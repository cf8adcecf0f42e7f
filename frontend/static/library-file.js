// library-file.js — the content part of a resource's form: a file or a text page,
// for a new resource and (optionally) for an adaptation.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';
import { ACCEPT, fileProblem } from './library.js';

// fileFields: the choice of kind (under legend), then the file input (with what is
// checked and what is removed from it) or the page's text.
export function fileFields(prefix, kind, legend) {
  return html`
    <fieldset class="field" data-field="kind">
      <legend>${legend}</legend>
      <div class="choices">
        <label class="check"><input type="radio" name="kind" value="file" ?checked=${kind === 'file'}> <span>${t('library.kind.file')}</span></label>
        <label class="check"><input type="radio" name="kind" value="page" ?checked=${kind === 'page'}> <span>${t('library.kind.page')}</span></label>
      </div>
    </fieldset>
    ${kind === 'file' ? html`<div class="field">
      <label for=${`${prefix}-file`}>${t('library.file')}</label>
      <input id=${`${prefix}-file`} name="file" type="file" accept=${ACCEPT} aria-describedby=${`${prefix}-file-hint ${prefix}-file-clean`}>
      <p id=${`${prefix}-file-hint`} class="hint">${t('library.fileHint')}</p>
      <p id=${`${prefix}-file-clean`} class="hint" data-metadata-note>${t('library.metadataNote')}</p>
    </div>` : nothing}
    ${kind === 'page' ? html`<div class="field">
      <label for=${`${prefix}-body`}>${t('library.body')}</label>
      <textarea id=${`${prefix}-body`} name="body" rows="10" maxlength="50000" required></textarea>
    </div>` : nothing}`;
}

// fileToSend returns the file to send (checked) or puts the page's text in meta;
// it throws an error shaped like the server's when the file cannot go.
export function fileToSend(kind, form, meta) {
  if (kind === 'page') {
    meta.body = String(form.elements.body.value || '').trim();
    return null;
  }
  const file = form.elements.file.files[0];
  const problem = fileProblem(file);
  if (problem) throw problem;
  return file;
}
