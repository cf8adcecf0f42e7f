// pages/exchanges.js — the exchanges this organisation is a party to.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { html, loadFailed, needSignIn, orgNames, repeatKeyed, stateText } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = encodeURIComponent(ctx.params.org);
  let list = [];
  let failed = null;
  let nameOf = () => '';
  try {
    let r;
    [r, nameOf] = await Promise.all([api.get(`/api/v1/orgs/${org}/exchanges`, { signal }), orgNames(ctx)]);
    list = r.exchanges;
  } catch (err) {
    failed = err;
  }
  const other = (x) => (x.request_org === ctx.params.org ? x.mentor_org : x.request_org);
  const role = (x) => (x.request_org === ctx.params.org ? t('exchange.weLearn') : t('exchange.weMentor'));
  render(html`
    <h1 tabindex="-1">${t('exchanges.title')}</h1>
    ${failed ? loadFailed(failed) : ''}
    ${!failed && !list.length ? html`<p>${t('exchanges.none')}</p>` : ''}
    <ul class="rows">${repeatKeyed(list, (x) => x.id, (x) => html`<li>
      <span><a href=${`/orgs/${org}/exchanges/${encodeURIComponent(x.id)}`}>${t('exchange.with', { name: nameOf(other(x)) })}</a><br>
        <span class="hint">${role(x)} · ${stateText(x.state)} · ${formatDate(x.updated)}</span></span>
    </li>`)}</ul>`, root);
}
