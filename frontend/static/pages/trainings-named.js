// pages/trainings-named.js — the trainings a lead named me a trainer of: I agree to being
// named (only then does my pseudonym show with the training) or decline, and may change
// my mind at any time.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText } from '../i18n.js';
import { getTaxonomy, html, loadFailed, needSignIn, orgNames, perform, repeatKeyed } from '../ui.js';
import { describe } from './trainings-form.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const act = { busy: false, error: null, done: '' };
  let list = [];
  let tax = null;
  let nameOf = () => '';
  let failed = null;
  try {
    let got;
    [got, tax, nameOf] = await Promise.all([api.get('/api/v1/me/trainings', { signal }), getTaxonomy(), orgNames(ctx)]);
    list = got.namings;
  } catch (err) {
    failed = err;
  }
  const answer = (n, consent) => perform(act, draw, async () => {
    const got = await api.post(`/api/v1/me/trainings/${encodeURIComponent(n.training.id)}/${consent ? 'consent' : 'decline'}`, undefined, { signal });
    n.state = got.state;
  }, t(consent ? 'training.consented' : 'training.declined'), '#named-error');

  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('training.namedTitle')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    render(html`
      <h1 tabindex="-1">${t('training.namedTitle')}</h1>
      <p>${t('training.namedIntro')}</p>
      <p class="note" role="status">${act.done || ''}</p>
      <p id="named-error" class="error" role="alert" tabindex="-1">${act.error ? errorText(act.error) : ''}</p>
      ${list.length ? '' : html`<p>${t('training.namedNone')}</p>`}
      <ul class="rows" data-namings>${repeatKeyed(list, (n) => n.training.id, (n) => html`<li data-naming=${n.training.id} data-state=${n.state}>
        <span>${t('training.namedBy', { org: nameOf(n.org) })}: ${describe(n.training, tax)}<br>
          <strong>${t(`training.state.${n.state}`)}</strong></span>
        <span class="actions">
          ${n.state !== 'consented' ? html`<button type="button" ?disabled=${act.busy} @click=${() => answer(n, true)} data-consent>${t('training.consent')}</button>` : ''}
          ${n.state !== 'declined' ? html`<button type="button" class="secondary" ?disabled=${act.busy} @click=${() => answer(n, false)} data-decline>${t('training.decline')}</button>` : ''}
        </span></li>`)}</ul>`, root);
  };
  draw();
  return draw;
}
