// codes.js — shows the ten recovery codes exactly once.
// The codes live only in this view: nothing stores them, and leaving drops them.
import { html, render } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';

export function showRecoveryCodes(root, codes, onDone) {
  let copied = '';
  const canCopy = !!(navigator.clipboard && window.isSecureContext);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      copied = t('codes.copied');
    } catch {
      copied = t('codes.copyFailed');
    }
    draw();
  };
  const draw = () => render(html`
    <h1 tabindex="-1">${t('codes.title')}</h1>
    <div class="card warning">
      <p><strong>${t('codes.once')}</strong></p>
      <p>${t('codes.explain')}</p>
    </div>
    <ol class="codes">${codes.map((c) => html`<li>${c}</li>`)}</ol>
    <p class="actions">
      ${canCopy ? html`<button type="button" class="secondary" @click=${copy}>${t('codes.copy')}</button>` : ''}
      <span role="status">${copied}</span>
    </p>
    <p><button type="button" data-done @click=${() => { codes = []; onDone(); }}>${t('codes.done')}</button></p>`, root);
  draw();
  root.querySelector('h1').focus();
}
