// pages/home.js — what Cascade is, how privacy works, and who is signed in.
import { api } from '../client.js';
import { errorText, has, setRaw, setText } from '../i18n.js';

export const template = 'tpl-home';

function orgItem(org) {
  const li = document.createElement('li');
  const name = document.createElement('strong');
  name.textContent = org.name;
  const status = document.createElement('span');
  const key = `org.status.${org.status}`;
  if (has(key)) setText(status, key); else setRaw(status, org.status || '');
  li.append(name, ' · ', status);
  return li;
}

export async function init(root, ctx) {
  const signedOut = root.querySelector('[data-signed-out]');
  const signedIn = root.querySelector('[data-signed-in]');
  const error = root.querySelector('[data-error]');
  let me;
  try {
    me = await api.get('/api/v1/me');
  } catch (err) {
    if (err.status !== 401) setRaw(error, errorText(err));
    signedOut.hidden = false;
    return;
  }
  setText(signedIn.querySelector('[data-me]'), 'home.signedInAs', { pseudonym: me.user.pseudonym });
  const orgs = signedIn.querySelector('[data-orgs]');
  for (const org of me.organisations || []) orgs.append(orgItem(org));
  signedIn.hidden = false;

  const signOut = signedIn.querySelector('[data-signout]');
  signOut.addEventListener('click', async () => {
    setRaw(error, '');
    try {
      await api.post('/api/v1/auth/logout');
    } catch (err) {
      if (err.status !== 401) { setRaw(error, errorText(err)); return; } // 401: already signed out
    }
    try { sessionStorage.clear(); } catch { /* nothing to clear */ }
    ctx.navigate('/');
    setText(root.querySelector('[data-notice]'), 'home.signedOut');
  });
}
