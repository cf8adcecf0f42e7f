// pages/setup.js — /setup#<token>: creates the first platform admin with the
// one-time link the server prints in its terminal.
import { render } from '../vendor/lit-html/lit-html.js';
import { accountFields, accountValues } from '../account-fields.js';
import { showRecoveryCodes } from '../codes.js';
import { forgetToken, takeToken } from '../token.js';
import { errorLine, html, loadFailed, submit } from '../ui.js';

const TOKEN_KEY = 'setupToken';

export async function mount(root, ctx) {
  const { t } = ctx;
  const token = takeToken(TOKEN_KEY);
  const st = { busy: false, error: null, show: false };
  let state = 'form';
  let failed = null;
  let codes = null;
  try {
    const { needed } = await ctx.api.get('/api/v1/setup', { signal: ctx.signal });
    if (!needed) { forgetToken(TOKEN_KEY); state = 'done'; }
  } catch (err) {
    failed = err;
  }
  if (state === 'form' && !token) state = 'notoken';
  const onSubmit = (e) => submit(e, st, draw, async (values) => {
    const res = await ctx.api.post('/api/v1/setup', { token, ...accountValues(values) }, { signal: ctx.signal });
    forgetToken(TOKEN_KEY);
    codes = res.recovery_codes;
  });
  // Once the account exists, the page shows its recovery codes, once.
  const draw = () => (codes ? showRecoveryCodes(root, codes, async () => { await ctx.refreshMe(); ctx.navigate('/'); }) : render(html`
    <h1 tabindex="-1">${t('setup.title')}</h1>
    <p>${t('setup.intro')}</p>
    ${failed ? loadFailed(failed) : ''}
    ${state === 'done' ? html`<p class="note" role="status">${t('setup.done')}</p>
      <p><a class="button" href="/signin">${t('home.signIn')}</a></p>` : ''}
    ${state === 'notoken' ? html`<p class="note" role="status">${t('setup.noToken')}</p>` : ''}
    ${state === 'form' && !failed ? html`<form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
      ${accountFields(st, draw)}
      ${errorLine(st, 'setup-error')}
      <button type="submit">${t('setup.submit')}</button>
    </form>` : ''}`, root));
  draw();
  return draw;
}
