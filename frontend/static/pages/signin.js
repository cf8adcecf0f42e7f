// pages/signin.js — pseudonym and password; a new session on success.
import { api } from '../client.js';
import { bindForm } from '../forms.js';

export const template = 'tpl-signin';

export function init(root, ctx) {
  const form = root.querySelector('[data-form]');
  bindForm(form, async ({ pseudonym, password }) => {
    await api.post('/api/v1/auth/login', { pseudonym, password });
    ctx.navigate('/');
  });
}
