// recovery-codes.js — shows the ten recovery codes exactly once.
// The codes live only in this view: nothing stores them, and leaving drops them.
import { setText } from './i18n.js';

export function showRecoveryCodes(ctx, codes, onDone) {
  const root = ctx.show('tpl-codes');
  const list = root.querySelector('[data-codes]');
  for (const code of codes || []) {
    const li = document.createElement('li');
    li.textContent = code;
    list.append(li);
  }

  const copy = root.querySelector('[data-copy]');
  const status = root.querySelector('[data-copy-status]');
  if (navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(codes.join('\n'));
        setText(status, 'codes.copied');
      } catch {
        setText(status, 'codes.copyFailed');
      }
    });
  }

  root.querySelector('[data-done]').addEventListener('click', () => {
    list.replaceChildren();
    onDone();
  });
}
