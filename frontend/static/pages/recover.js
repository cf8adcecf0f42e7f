// pages/recover.js — a new password with one of the saved recovery codes.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorLine, html, submit } from '../ui.js';

export async function mount(root, ctx) {
  const { t } = ctx;
  const st = { busy: false, error: null, show: false };
  let done = false;
  const onSubmit = (e) => submit(e, st, draw, async ({ pseudonym, code, new_password: newPassword }) => {
    await ctx.api.post('/api/v1/auth/recover', { pseudonym: pseudonym.trim(), code: code.trim(), new_password: newPassword }, { signal: ctx.signal });
    done = true;
    draw();
    root.querySelector('h1').focus();
  });
  const draw = () => render(done ? html`
    <h1 tabindex="-1">${t('recover.doneTitle')}</h1>
    <p>${t('recover.done')}</p>
    <p><a class="button" href="/signin">${t('home.signIn')}</a></p>` : html`
    <h1 tabindex="-1">${t('recover.title')}</h1>
    <p>${t('recover.intro')}</p>
    <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
      <div class="field">
        <label for="recover-pseudonym">${t('field.pseudonym')}</label>
        <input id="recover-pseudonym" name="pseudonym" autocomplete="username" required
               autocapitalize="none" autocorrect="off" spellcheck="false">
      </div>
      <div class="field">
        <label for="recover-code">${t('field.recoveryCode')}</label>
        <input id="recover-code" name="code" autocomplete="one-time-code" required autocapitalize="none" autocorrect="off" spellcheck="false">
      </div>
      <div class="field">
        <label for="recover-password">${t('field.newPassword')}</label>
        <input id="recover-password" name="new_password" data-field="password" type=${st.show ? 'text' : 'password'}
               autocomplete="new-password" required minlength="12" aria-describedby="recover-password-hint">
        <p id="recover-password-hint" class="hint">${t('hint.password')}</p>
      </div>
      <label class="check"><input type="checkbox" .checked=${st.show} @change=${(e) => { st.show = e.target.checked; draw(); }}>
        <span>${t('field.showPassword')}</span></label>
      ${errorLine(st, 'recover-error')}
      <button type="submit">${t('recover.submit')}</button>
    </form>`, root);
  draw();
  return draw;
}
