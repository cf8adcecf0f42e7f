// pages/offboard.js — a lead removes the whole organisation from Cascade: what goes,
// what stays for the other side of its exchanges, and the same choice for the
// messages as deleting an account.
import { render } from '../vendor/lit-html/lit-html.js';
import { chooseStep, confirmStep, erasureState } from '../erasure.js';
import { tn } from '../i18n.js';
import { html, isLead, loadFailed, needSignIn, orgOf } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = orgOf(ctx);
  const base = `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}`;
  if (!org || !isLead(ctx)) {
    render(html`<h1 tabindex="-1">${t('privacy.offboardLink')}</h1><p class="error" role="alert">${t('privacy.notLead')}</p>`, root);
    return;
  }
  let members = [];
  try {
    members = (await api.get(`${base}/members`, { signal })).members;
  } catch (err) {
    render(html`<h1 tabindex="-1">${t('privacy.offboardTitle', { name: org.name })}</h1>${loadFailed(err)}`, root);
    return;
  }
  const st = erasureState();
  const erase = async (password) => {
    await api.remove(base, { password, messages: st.messages }, { signal });
    await ctx.refreshMe(); // the lead's own account goes too unless it belongs elsewhere
  };
  const consequences = () => [
    t('privacy.offboardGone'),
    tn('privacy.offboardMembers', members.length, { count: members.length }),
    t(st.messages === 'wipe' ? 'privacy.offboardWipe' : 'privacy.offboardKeep'),
    t('privacy.offboardExchanges'),
  ];

  const draw = () => {
    if (st.step === 'done') {
      render(html`
        <h1 tabindex="-1">${t('privacy.offboardedTitle', { name: org.name })}</h1>
        <p>${t('privacy.offboardedText')}</p>
        <p><a href="/">${t('privacy.home')}</a></p>`, root);
      return;
    }
    render(html`
      <h1 tabindex="-1">${t('privacy.offboardTitle', { name: org.name })}</h1>
      <p><a href=${`/orgs/${encodeURIComponent(org.id)}`}>${t('privacy.backToOrg')}</a></p>
      <section class="card" aria-labelledby="offboard-h">
        <h2 id="offboard-h">${t('privacy.offboardWhat')}</h2>
        <p>${t('privacy.offboardHint')}</p>
        ${st.step === 'choose'
          ? chooseStep(st, draw, { t, id: 'offboard', legend: t('privacy.offboardLegend') })
          : confirmStep(st, draw, {
            t, id: 'offboard', title: t('privacy.offboardConfirmTitle', { name: org.name }), consequences: consequences(),
            button: t('privacy.offboardButton'), erase,
          })}
      </section>`, root);
  };
  draw();
  return draw;
}
