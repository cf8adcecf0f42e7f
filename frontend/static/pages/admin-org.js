// pages/admin-org.js — one organisation's application for an admin to read,
// and approve, reject with a reason, or suspend with a reason.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatDate } from '../i18n.js';
import { profileView } from '../profile-form.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, statusLine, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const path = `/api/v1/admin/organisations/${encodeURIComponent(ctx.params.org)}`;
  const st = { busy: false, error: null, done: '' };
  let org = null;
  let tax = null;
  let failed = null;
  try {
    [org, tax] = await Promise.all([api.get(path, { signal }), getTaxonomy()]);
  } catch (err) {
    failed = err;
  }
  const approve = (e) => submit(e, st, draw, async () => {
    org = await api.post(`${path}/approve`, undefined, { signal });
    st.done = t('admin.approved');
  });
  const withReason = (action, doneKey) => (e) => submit(e, st, draw, async ({ reason }, form) => {
    org = await api.post(`${path}/${action}`, { reason: reason.trim() }, { signal });
    form.reset();
    st.done = t(doneKey);
  });
  const reasonForm = (action, doneKey, button) => html`<form @submit=${withReason(action, doneKey)} aria-busy=${st.busy ? 'true' : 'false'}>
    <div class="field"><label for=${`${action}-reason`}>${t('admin.reason')}</label>
      <textarea id=${`${action}-reason`} name="reason" data-field="reason" required minlength="3" maxlength="500" rows="2"
        aria-describedby=${`${action}-hint`}></textarea>
      <p id=${`${action}-hint`} class="hint">${t('admin.reasonHint')}</p></div>
    <button type="submit" class="danger">${button}</button>
  </form>`;
  const draw = () => render(failed ? html`<h1 tabindex="-1">${t('admin.orgTitle')}</h1>${loadFailed(failed)}` : html`
    <h1 tabindex="-1">${org.profile.name}</h1>
    <p><a href=${`/admin?status=${org.status}`}>${t('admin.back')}</a></p>
    <p><strong>${t('admin.status')}</strong> <span data-status>${t(`org.statusName.${org.status}`)}</span>
      · ${t('admin.appliedOn', { date: formatDate(org.created) })}</p>
    ${org.status_reason ? html`<p><strong>${t('org.reason')}</strong> ${org.status_reason}</p>` : ''}
    ${errorLine(st, 'admin-error')}
    ${statusLine(st.done)}
    <section class="card" aria-labelledby="decide-h">
      <h2 id="decide-h">${t('admin.decide')}</h2>
      ${['pending', 'suspended'].includes(org.status) ? html`<form @submit=${approve}>
        <button type="submit">${t('admin.approve')}</button></form>` : ''}
      ${org.status === 'pending' ? reasonForm('reject', 'admin.rejected', t('admin.reject')) : ''}
      ${org.status === 'approved' ? reasonForm('suspend', 'admin.suspended', t('admin.suspend')) : ''}
      ${org.status === 'rejected' ? html`<p>${t('admin.rejectedFinal')}</p>` : ''}
    </section>
    <h2>${t('admin.application')}</h2>
    ${profileView(tax, org.profile)}`, root);
  draw();
  return draw;
}
