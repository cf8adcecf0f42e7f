// pages/join.js — /join#<token>: accept an invitation from an organisation lead.
import { render } from '../vendor/lit-html/lit-html.js';
import { accountFields, accountValues } from '../account-fields.js';
import { showRecoveryCodes } from '../codes.js';
import { formatDate } from '../i18n.js';
import { forgetToken, takeToken } from '../token.js';
import { errorLine, html, loadFailed, submit } from '../ui.js';

const TOKEN_KEY = 'inviteToken';

export async function mount(root, ctx) {
  const { t } = ctx;
  const token = takeToken(TOKEN_KEY);
  const st = { busy: false, error: null, show: false };
  let invite = null;
  let problem = token ? '' : 'join.noToken';
  let failed = null;
  let codes = null;
  if (token) {
    // The token travels in request bodies only, never in a URL a proxy might log.
    try {
      invite = await ctx.api.post('/api/v1/invites/peek', { token }, { signal: ctx.signal });
    } catch (err) {
      if (err.status === 404) { forgetToken(TOKEN_KEY); problem = 'join.invalid'; } else failed = err;
    }
  }
  const onSubmit = (e) => submit(e, st, draw, async (values) => {
    const res = await ctx.api.post('/api/v1/invites/accept', { token, ...accountValues(values) }, { signal: ctx.signal });
    forgetToken(TOKEN_KEY);
    codes = res.recovery_codes;
  });
  // Once the account exists, the page shows its recovery codes, once.
  const draw = () => (codes ? showRecoveryCodes(root, codes, async () => { await ctx.refreshMe(); ctx.navigate('/'); }) : render(html`
    <h1 tabindex="-1">${t('join.title')}</h1>
    ${problem ? html`<p class="note" role="status">${t(problem)}</p>` : ''}
    ${failed ? loadFailed(failed) : ''}
    ${invite ? html`<p class="note" role="status" data-invite>${t('join.invited', { organisation: invite.organisation.name, expires: formatDate(invite.expires) })}</p>
      <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
        ${accountFields(st, draw)}
        ${errorLine(st, 'join-error')}
        <button type="submit">${t('join.submit')}</button>
      </form>` : ''}`, root));
  draw();
  return draw;
}
