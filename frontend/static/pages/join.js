// pages/join.js — /join#<token>: accept an invitation from an organisation lead.
import { api } from '../client.js';
import { errorText, formatDate, setRaw, setText } from '../i18n.js';
import { newAccountForm } from './new-account.js';

export const template = 'tpl-join';
const TOKEN_KEY = 'cascade.inviteToken';

export async function init(root, ctx) {
  const status = root.querySelector('[data-status]');
  const token = ctx.token(TOKEN_KEY);
  if (!token) {
    setText(status, 'join.noToken');
    return;
  }
  // The token travels in request bodies only, never in a URL a proxy might log.
  let invite;
  try {
    invite = await api.post('/api/v1/invites/peek', { token });
  } catch (err) {
    if (err.status === 404) {
      ctx.forgetToken(TOKEN_KEY);
      setText(status, 'join.invalid');
    } else {
      setRaw(status, errorText(err));
    }
    return;
  }
  setText(status, 'join.invited', {
    organisation: invite.organisation.name,
    expires: formatDate(invite.expires),
  });
  newAccountForm(root.querySelector('[data-form-slot]'), ctx, {
    submitKey: 'join.submit', path: '/api/v1/invites/accept', body: { token }, tokenKey: TOKEN_KEY,
  });
}
