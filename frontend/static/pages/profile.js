// pages/profile.js — a lead edits the organisation's profile.
import { render } from '../vendor/lit-html/lit-html.js';
import { hostPicker } from '../host-form.js';
import { profileFields, readProfile } from '../profile-form.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, statusLine, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const base = `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}`;
  const st = { busy: false, error: null, done: '' };
  let org = null;
  let tax = null;
  let failed = null;
  try {
    [org, tax] = await Promise.all([api.get(base, { signal }), getTaxonomy()]);
  } catch (err) {
    failed = err;
  }
  // The host is chosen in its own section (host-form.js), not in the profile form.
  const host = failed ? null : hostPicker(ctx, org, () => draw());
  const onSubmit = (e) => submit(e, st, draw, async (values, form) => {
    org = await api.put(`${base}/profile`, readProfile(form), { signal });
    st.done = t('profile.saved');
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('profile.title')}</h1>
    ${failed ? loadFailed(failed) : html`
      <p><a href=${`/orgs/${encodeURIComponent(ctx.params.org)}`}>${t('profile.back', { name: org.profile.name })}</a></p>
      <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
        ${profileFields(tax, org.profile, { host: false })}
        ${errorLine(st, 'profile-error')}
        ${statusLine(st.done)}
        <button type="submit">${t('profile.save')}</button>
      </form>
      ${host.view(org)}`}`, root);
  draw();
  return draw;
}
