// account-fields.js — the pseudonym and password of a new account (setup, join, apply).
import { html } from './vendor/lit-html/lit-html.js';
import { t } from './i18n.js';

export function accountFields(st, draw) {
  return html`
    <div class="field">
      <label for="new-pseudonym">${t('field.pseudonym')}</label>
      <input id="new-pseudonym" name="pseudonym" autocomplete="username" required minlength="3" maxlength="32"
             autocapitalize="none" autocorrect="off" spellcheck="false" aria-describedby="new-pseudonym-hint">
      <p id="new-pseudonym-hint" class="hint">${t('hint.pseudonym')}</p>
    </div>
    <div class="field">
      <label for="new-password">${t('field.password')}</label>
      <input id="new-password" name="password" type=${st.show ? 'text' : 'password'} autocomplete="new-password" required
             minlength="12" aria-describedby="new-password-hint">
      <p id="new-password-hint" class="hint">${t('hint.password')}</p>
    </div>
    <label class="check"><input type="checkbox" .checked=${!!st.show} @change=${(e) => { st.show = e.target.checked; draw(); }}>
      <span>${t('field.showPassword')}</span></label>`;
}

// accountValues takes the pseudonym (trimmed) and password (as typed) from a form's values.
export function accountValues(values) {
  return { pseudonym: String(values.pseudonym || '').trim(), password: String(values.password || '') };
}
