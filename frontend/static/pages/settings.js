// pages/settings.js — language, discreet mode, my sessions, my password.
import { render } from '../vendor/lit-html/lit-html.js';
import { discreetOn, setDiscreet } from '../discreet.js';
import { LANGUAGES, currentLanguage, errorText, formatDate, setLanguage } from '../i18n.js';
import { errorLine, html, needSignIn, repeatKeyed, submit } from '../ui.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const pw = { busy: false, error: null, done: '', show: false };
  let sessions = [];
  let sessionsError = null;
  let sessionsNote = '';
  let prefsNote = '';

  const loadSessions = async () => {
    try {
      sessions = (await api.get('/api/v1/me/sessions', { signal })).sessions;
      sessionsError = null;
    } catch (err) {
      sessionsError = err;
    }
  };
  const revoke = async (s) => {
    try {
      await api.del(`/api/v1/me/sessions/${encodeURIComponent(s.id)}`, { signal });
      sessionsNote = t('settings.revoked', { device: s.device });
      await loadSessions();
    } catch (err) {
      sessionsNote = errorText(err);
    }
    draw();
  };
  const onLanguage = async (e) => {
    await setLanguage(e.target.value, true);
    ctx.navigate(location.pathname); // redraws the shell and this page in the new language
  };
  const onDiscreet = (e) => {
    setDiscreet(e.target.checked);
    prefsNote = e.target.checked ? t('settings.discreetOn') : t('settings.discreetOff');
    document.title = e.target.checked ? t('discreet.title') : `${t('settings.title')} · Cascade`;
    draw();
  };
  const onPassword = (e) => submit(e, pw, draw, async ({ old_password: oldPassword, new_password: newPassword }, form) => {
    await api.post('/api/v1/me/password', { old_password: oldPassword, new_password: newPassword }, { signal });
    form.reset();
    pw.done = t('settings.passwordChanged');
  });

  const draw = () => render(html`
    <h1 tabindex="-1">${t('settings.title')}</h1>
    <section class="card" aria-labelledby="prefs-h">
      <h2 id="prefs-h">${t('settings.display')}</h2>
      <div class="field">
        <label for="settings-lang">${t('nav.language')}</label>
        <select id="settings-lang" @change=${onLanguage}>
          ${LANGUAGES.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === currentLanguage()}>${l.name}</option>`)}
        </select>
      </div>
      <label class="check"><input type="checkbox" id="discreet" .checked=${discreetOn()} @change=${onDiscreet}
        aria-describedby="discreet-hint"> <span>${t('settings.discreet')}</span></label>
      <p id="discreet-hint" class="hint">${t('settings.discreetHint')}</p>
      <p class="note" role="status">${prefsNote}</p>
    </section>

    <section class="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">${t('settings.sessions')}</h2>
      <p class="hint">${t('settings.sessionsHint')}</p>
      ${sessionsError ? html`<p class="error" role="alert">${errorText(sessionsError)}</p>` : ''}
      <ul class="rows">${repeatKeyed(sessions, (s) => s.id, (s) => html`<li>
        <span><strong>${s.device}</strong>${s.current ? html` <span class="tag">${t('settings.thisSession')}</span>` : ''}<br>
          <span class="hint">${t('settings.sessionTimes', { created: formatDate(s.created), seen: formatDate(s.last_seen) })}</span></span>
        ${s.current ? '' : html`<button type="button" class="secondary" @click=${() => revoke(s)}
          aria-label=${t('settings.revokeLabel', { device: s.device, created: formatDate(s.created) })}>${t('settings.revoke')}</button>`}
      </li>`)}</ul>
      <p class="note" role="status">${sessionsNote}</p>
    </section>

    <section class="card" aria-labelledby="password-h">
      <h2 id="password-h">${t('settings.password')}</h2>
      <form @submit=${onPassword} aria-busy=${pw.busy ? 'true' : 'false'}>
        <div class="field">
          <label for="old-password">${t('field.currentPassword')}</label>
          <input id="old-password" name="old_password" data-field="old_password" type=${pw.show ? 'text' : 'password'} autocomplete="current-password" required>
        </div>
        <div class="field">
          <label for="settings-new-password">${t('field.newPassword')}</label>
          <input id="settings-new-password" name="new_password" data-field="password" type=${pw.show ? 'text' : 'password'}
                 autocomplete="new-password" required minlength="12" aria-describedby="settings-password-hint">
          <p id="settings-password-hint" class="hint">${t('hint.password')}</p>
        </div>
        <label class="check"><input type="checkbox" .checked=${pw.show} @change=${(e) => { pw.show = e.target.checked; draw(); }}>
          <span>${t('field.showPassword')}</span></label>
        ${errorLine(pw, 'password-error')}
        <p class="note" role="status">${pw.done}</p>
        <button type="submit">${t('settings.changePassword')}</button>
      </form>
    </section>

    <section class="card" aria-labelledby="privacy-h">
      <h2 id="privacy-h">${t('privacy.settingsTitle')}</h2>
      <p class="hint">${t('privacy.settingsHint')}</p>
      <a class="button secondary" href="/settings/privacy">${t('privacy.settingsLink')}</a>
    </section>`, root);
  await loadSessions();
  draw();
  return draw;
}
