// host-form.js — a hosted organisation's lead names its host: an organisation on
// Cascade chosen from the directory (which confirms), or an outside NGO by name,
// with a note on who sees it. Shown on the profile page and the Hosting page.
import { html } from './vendor/lit-html/lit-html.js';
import { api } from './client.js';
import { t } from './i18n.js';
import { errorLine, statusLine, submit } from './ui.js';

// hostText says who hosts an organisation, from the `host` the API gives its leads.
export function hostText(h) {
  if (!h) return t('hosting.oursNone');
  if (h.kind === 'outside') return t('hosting.outside', { name: h.name });
  const name = t('hosting.onCascade', { name: h.name || t('hosting.gone') });
  return `${name} — ${t(`hosting.state.${h.state}`)}`;
}

// hostPicker returns the host section of organisation org (the API's view of it, as its
// lead reads it): view(org) renders it for the organisation as it is now; redraw is
// called when the section changes. The directory is read once, for organisations that
// may read it (approved ones).
export function hostPicker(ctx, org, redraw) {
  const base = `/api/v1/orgs/${encodeURIComponent(org.id)}`;
  const st = { busy: false, error: null, done: '' };
  let h = org.host || null;
  let kind = h?.kind || 'cascade';
  let others = null; // the directory, without us; null until read or when not readable
  if (org.status === 'approved') {
    api.get('/api/v1/directory', { signal: ctx.signal }).then((d) => {
      others = d.organisations.filter((o) => o.id !== org.id);
      redraw();
    }).catch(() => {});
  }
  const onSave = (e) => submit(e, st, redraw, async (v) => {
    const body = kind === 'cascade' ? { kind, org: v.host_org } : { kind, name: String(v.host_name || '').trim() };
    h = (await api.put(`${base}/host`, body, { signal: ctx.signal })).host;
    st.done = t('hosting.saved');
  });
  const onRemove = async () => {
    st.error = null;
    try {
      await api.del(`${base}/host`, { signal: ctx.signal });
      h = null;
      st.done = t('hosting.removed');
    } catch (err) {
      st.error = err;
    }
    redraw();
  };
  const choose = (e) => {
    kind = e.target.value;
    redraw();
  };
  const view = (current) => {
    if (current.profile.legal !== 'hosted') h = null; // the server drops it with the profile's change
    const canCascade = others !== null;
    if (!canCascade && kind === 'cascade') kind = 'outside';
    return html`<section class="card host-form" aria-labelledby="host-h">
      <h2 id="host-h">${t('hosting.ours')}</h2>
      <p data-host>${hostText(h)}</p>
      ${h?.reason ? html`<p>${t('hosting.reason', { reason: h.reason })}</p>` : ''}
      ${current.profile.legal !== 'hosted' ? html`<p class="hint">${t('hosting.onlyHosted')}</p>` : html`
      <form @submit=${onSave} aria-busy=${st.busy ? 'true' : 'false'}>
        <fieldset class="field">
          <legend>${t('hosting.kind')}</legend>
          <div class="choices">
            <label class="check"><input type="radio" name="kind" value="cascade" ?checked=${kind === 'cascade'} ?disabled=${!canCascade}
              @change=${choose}> <span>${t('hosting.kindCascade')}</span></label>
            <label class="check"><input type="radio" name="kind" value="outside" ?checked=${kind === 'outside'}
              @change=${choose}> <span>${t('hosting.kindOutside')}</span></label>
          </div>
          ${canCascade ? '' : html`<p class="hint">${t('hosting.noDirectory')}</p>`}
        </fieldset>
        ${kind === 'cascade' ? html`<div class="field">
          <label for="host-org">${t('hosting.org')}</label>
          <select id="host-org" name="host_org" data-field="org" required>
            <option value="">${t('hosting.pick')}</option>
            ${others.map((o) => html`<option value=${o.id} ?selected=${h?.org === o.id}>${o.name}</option>`)}
          </select></div>` : html`<div class="field">
          <label for="host-name">${t('hosting.name')}</label>
          <input id="host-name" name="host_name" data-field="name" required maxlength="80" .value=${h?.kind === 'outside' ? h.name : ''}>
        </div>`}
        <p class="hint" id="host-who">${t('hosting.whoSees')}</p>
        ${errorLine(st, 'host-error')}
        ${statusLine(st.done)}
        <div class="actions">
          <button type="submit" aria-describedby="host-who">${t('hosting.save')}</button>
          ${h ? html`<button type="button" class="secondary" @click=${onRemove}>${t('hosting.remove')}</button>` : ''}
        </div>
      </form>`}
    </section>`;
  };
  return { view };
}
