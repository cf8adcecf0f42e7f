// pages/apply.js — a new organisation applies: the lead's account and the
// organisation's profile in one step; the admins review it.
import { render } from '../vendor/lit-html/lit-html.js';
import { accountFields, accountValues } from '../account-fields.js';
import { showRecoveryCodes } from '../codes.js';
import { profileFields, readProfile } from '../profile-form.js';
import { errorLine, getTaxonomy, html, loadFailed, submit } from '../ui.js';

export async function mount(root, ctx) {
  const { t } = ctx;
  const st = { busy: false, error: null, show: false };
  let tax = null;
  let failed = null;
  let codes = null;
  let after = null;
  try {
    tax = await getTaxonomy();
  } catch (err) {
    failed = err;
  }
  const onSubmit = (e) => submit(e, st, draw, async (values, form) => {
    const body = { ...accountValues(values), organisation: readProfile(form) };
    const res = await ctx.api.post('/api/v1/applications', body, { signal: ctx.signal });
    codes = res.recovery_codes;
    after = async () => {
      await ctx.refreshMe();
      ctx.navigate(`/orgs/${encodeURIComponent(res.organisation.id)}`);
    };
  });
  // Once the account exists, the page shows its recovery codes, once.
  const draw = () => (codes ? showRecoveryCodes(root, codes, after) : render(html`
    <h1 tabindex="-1">${t('apply.title')}</h1>
    <p>${t('apply.intro')}</p>
    ${ctx.me ? html`<p class="note">${t('apply.signedIn')}</p>` : ''}
    ${failed ? loadFailed(failed) : ''}
    ${tax ? html`<form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
      <h2>${t('apply.account')}</h2>
      ${accountFields(st, draw)}
      <h2>${t('apply.organisation')}</h2>
      ${profileFields(tax, null)}
      ${errorLine(st, 'apply-error')}
      <button type="submit">${t('apply.submit')}</button>
    </form>` : ''}`, root));
  draw();
  return draw;
}
