// pages/recover.js — a new password with one of the saved recovery codes.
import { api } from '../client.js';
import { bindForm } from '../forms.js';

export const template = 'tpl-recover';

export function init(root, ctx) {
  bindForm(root.querySelector('[data-form]'), async ({ pseudonym, code, new_password: newPassword }) => {
    await api.post('/api/v1/auth/recover', { pseudonym, code: code.trim(), new_password: newPassword });
    ctx.show('tpl-recovered');
  });
}
