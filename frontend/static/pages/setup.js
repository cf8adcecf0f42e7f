// pages/setup.js — /setup#<token>: creates the first platform admin with the
// one-time link the server prints in its terminal.
import { api } from '../client.js';
import { errorText, setRaw, setText } from '../i18n.js';
import { newAccountForm } from './new-account.js';

export const template = 'tpl-setup';
const TOKEN_KEY = 'cascade.setupToken';

export async function init(root, ctx) {
  const status = root.querySelector('[data-status]');
  const token = ctx.token(TOKEN_KEY);
  try {
    const { needed } = await api.get('/api/v1/setup');
    if (!needed) {
      ctx.forgetToken(TOKEN_KEY);
      setText(status, 'setup.done');
      root.querySelector('[data-signin]').hidden = false;
      return;
    }
  } catch (err) {
    setRaw(status, errorText(err));
    return;
  }
  if (!token) {
    setText(status, 'setup.noToken');
    return;
  }
  newAccountForm(root.querySelector('[data-form-slot]'), ctx, {
    submitKey: 'setup.submit', path: '/api/v1/setup', body: { token }, tokenKey: TOKEN_KEY,
  });
}
