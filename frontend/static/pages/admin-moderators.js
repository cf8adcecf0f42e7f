// pages/admin-moderators.js — admins appoint and withdraw platform moderators,
// named by account id as elsewhere in the admin screens.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorLine, html, needSignIn, statusLine, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const st = { busy: false, error: null, done: '' };
  const onSubmit = (e) => submit(e, st, draw, async ({ user }) => {
    const path = `/api/v1/admin/moderators/${encodeURIComponent(user.trim())}`;
    const withdraw = e.submitter?.value === 'withdraw';
    await (withdraw ? api.del(path, { signal }) : api.put(path, undefined, { signal }));
    st.done = t(withdraw ? 'mod.moderators.withdrawn' : 'mod.moderators.appointed');
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('mod.moderators.title')}</h1>
    <p>${t('mod.moderators.intro')}</p>
    <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'} data-moderators>
      <div class="field"><label for="moderator-id">${t('admin.accountId')}</label>
        <input id="moderator-id" name="user" data-field="user" required autocapitalize="none" autocorrect="off" spellcheck="false"></div>
      ${errorLine(st, 'moderator-error')}
      ${statusLine(st.done)}
      <p class="actions"><button type="submit" value="appoint">${t('mod.moderators.appoint')}</button>
        <button type="submit" value="withdraw" class="secondary">${t('mod.moderators.withdraw')}</button></p>
    </form>`, root);
  draw();
  return draw;
}
