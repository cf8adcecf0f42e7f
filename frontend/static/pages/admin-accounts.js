// pages/admin-accounts.js — disable an account (its sessions end, its sockets
// close) or let it sign in again. Accounts are named by id, as in reports.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorLine, html, needSignIn, statusLine, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const st = { busy: false, error: null, done: '' };
  const onSubmit = (e) => submit(e, st, draw, async ({ user }) => {
    const action = e.submitter?.value === 'enable' ? 'enable' : 'disable';
    const res = await api.post(`/api/v1/admin/users/${encodeURIComponent(user.trim())}/${action}`, undefined, { signal });
    st.done = t(res.disabled ? 'admin.accountDisabled' : 'admin.accountEnabled', { pseudonym: res.pseudonym });
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('admin.accountsTitle')}</h1>
    <p>${t('admin.accountsIntro')}</p>
    <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
      <div class="field"><label for="account-id">${t('admin.accountId')}</label>
        <input id="account-id" name="user" data-field="user" required autocapitalize="none" autocorrect="off" spellcheck="false"></div>
      ${errorLine(st, 'account-error')}
      ${statusLine(st.done)}
      <p class="actions"><button type="submit" value="disable" class="danger">${t('admin.disable')}</button>
        <button type="submit" value="enable" class="secondary">${t('admin.enable')}</button></p>
    </form>`, root);
  draw();
  return draw;
}
