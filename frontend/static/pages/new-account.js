// pages/new-account.js — the pseudonym + password form shared by setup and join.
// On success the server answers 201 with the new session and the recovery
// codes, which are shown once before going on.
import { api } from '../client.js';
import { bindForm } from '../forms.js';
import { setText } from '../i18n.js';
import { showRecoveryCodes } from '../recovery-codes.js';

export function newAccountForm(slot, ctx, { submitKey, path, body, tokenKey }) {
  slot.replaceChildren(ctx.clone('tpl-new-account'));
  const form = slot.querySelector('[data-form]');
  setText(form.querySelector('[data-submit]'), submitKey);
  bindForm(form, async ({ pseudonym, password }) => {
    const res = await api.post(path, { ...body, pseudonym, password });
    ctx.forgetToken(tokenKey);
    showRecoveryCodes(ctx, res.recovery_codes, () => ctx.navigate('/'));
  });
  return form;
}
