// pages/signin.js — pseudonym and password; a new session on success.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorLine, html, submit } from '../ui.js';

// next is where to go after signing in: a path of this app, never another site.
function next(ctx) {
  const n = ctx.query.get('next') || '/';
  return n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

export async function mount(root, ctx) {
  const { t } = ctx;
  const st = { busy: false, error: null, show: false };
  const onSubmit = (e) => submit(e, st, draw, async ({ pseudonym, password }) => {
    await ctx.api.post('/api/v1/auth/login', { pseudonym: pseudonym.trim(), password }, { signal: ctx.signal });
    await ctx.refreshMe();
    ctx.navigate(next(ctx));
  });
  const draw = () => render(html`
    <h1 tabindex="-1">${t('signin.title')}</h1>
    <form class="card" @submit=${onSubmit} aria-busy=${st.busy ? 'true' : 'false'}>
      <div class="field">
        <label for="signin-pseudonym">${t('field.pseudonym')}</label>
        <input id="signin-pseudonym" name="pseudonym" autocomplete="username" required
               autocapitalize="none" autocorrect="off" spellcheck="false">
      </div>
      <div class="field">
        <label for="signin-password">${t('field.password')}</label>
        <input id="signin-password" name="password" type=${st.show ? 'text' : 'password'} autocomplete="current-password" required>
      </div>
      <label class="check"><input type="checkbox" .checked=${st.show} @change=${(e) => { st.show = e.target.checked; draw(); }}>
        <span>${t('field.showPassword')}</span></label>
      ${errorLine(st, 'signin-error')}
      <button type="submit">${t('signin.submit')}</button>
    </form>
    <p><a href="/recover">${t('home.forgot')}</a></p>
    <p>${t('signin.new')} <a href="/apply">${t('nav.apply')}</a></p>`, root);
  draw();
  // Most sign-ins go on to the home page: fetch its module while the person types.
  import('./home.js').catch(() => { /* fetched again when shown */ });
  return draw;
}
