// pages/privacy.js — your data and your account: download everything Cascade holds
// about you (a one-time link, used at once), or delete the account for good.
import { render } from '../vendor/lit-html/lit-html.js';
import { ApiError } from '../client.js';
import { chooseStep, confirmStep, erasureState } from '../erasure.js';
import { errorText } from '../i18n.js';
import { html, needSignIn, statusLine } from '../ui.js';

// fetchExport downloads the one-time link's file (same origin: the link is the
// server's own) and hands it to the browser as cascade-export.json.
async function fetchExport(url, signal) {
  const res = await fetch(new URL(url, location.href).pathname, { credentials: 'same-origin', signal });
  if (!res.ok) {
    const e = (await res.json().catch(() => null))?.error || {};
    throw new ApiError(res.status, e.code || `http_${res.status}`);
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = 'cascade-export.json';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal, me } = ctx;
  const ex = { busy: false, error: null, done: '' };
  const del = erasureState();
  const orgs = (me.organisations || []).map((o) => o.name);

  const onExport = async () => {
    if (ex.busy) return;
    Object.assign(ex, { busy: true, error: null, done: '' });
    draw();
    try {
      const { url } = await api.post('/api/v1/me/export', undefined, { signal });
      await fetchExport(url, signal);
      ex.done = t('privacy.exportDone');
    } catch (err) {
      if (signal.aborted) return;
      ex.error = err;
    }
    ex.busy = false;
    draw();
  };
  const erase = async (password) => {
    await api.remove('/api/v1/me', { password, messages: del.messages }, { signal });
    try { sessionStorage.clear(); } catch { /* nothing to clear */ }
    await ctx.refreshMe(); // signed out: the header follows, the socket closes
  };

  const consequences = () => [
    t('privacy.confirmAccount'),
    t(del.messages === 'wipe' ? 'privacy.confirmWipe' : 'privacy.confirmKeep'),
    ...(orgs.length ? [t('privacy.confirmOrgs', { orgs: orgs.join(', ') })] : []),
    t('privacy.confirmRooms'),
    t('privacy.confirmReports'),
  ];

  const draw = () => {
    if (del.step === 'done') {
      render(html`
        <h1 tabindex="-1">${t('privacy.deletedTitle')}</h1>
        <p>${t('privacy.deletedText')}</p>
        <p><a href="/">${t('privacy.home')}</a></p>`, root);
      return;
    }
    render(html`
      <h1 tabindex="-1">${t('privacy.title')}</h1>
      <p><a href="/settings">${t('privacy.backToSettings')}</a></p>
      <section class="card" aria-labelledby="export-h">
        <h2 id="export-h">${t('privacy.exportTitle')}</h2>
        <p>${t('privacy.exportHint')}</p>
        <button type="button" id="export" @click=${onExport} aria-busy=${ex.busy ? 'true' : 'false'} ?disabled=${ex.busy}>
          ${ex.busy ? t('privacy.exportBusy') : t('privacy.exportButton')}</button>
        <p class="error" role="alert">${ex.error ? errorText(ex.error) : ''}</p>
        ${statusLine(ex.done)}
      </section>
      <section class="card" aria-labelledby="delete-h">
        <h2 id="delete-h">${t('privacy.deleteTitle')}</h2>
        <p>${t('privacy.deleteHint')}</p>
        ${del.step === 'choose'
          ? chooseStep(del, draw, { t, id: 'delete', legend: t('privacy.messagesLegend') })
          : confirmStep(del, draw, {
            t, id: 'delete', title: t('privacy.confirmTitle', { name: me.user.pseudonym }), consequences: consequences(),
            button: t('privacy.deleteButton'), erase,
          })}
      </section>`, root);
  };
  draw();
  return draw;
}
