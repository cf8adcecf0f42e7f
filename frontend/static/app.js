// app.js — the shell: quick exit first, then language, the signed-in person,
// the header, and the page for location.pathname. Navigation replaces the one
// history entry instead of adding new ones, so quick exit leaves nothing of
// Cascade to go back to.
import { html, nothing, render } from './vendor/lit-html/lit-html.js';
import { api } from './client.js';
import { LANGUAGES, currentLanguage, pickLanguage, setLanguage, t } from './i18n.js';
import { installQuickExit, onQuickExit, quickExit } from './quickexit.js';
import { applyIcon, discreetOn } from './discreet.js';
import { match } from './router.js';
import { navItems } from './nav.js';

installQuickExit();
applyIcon();

const main = document.getElementById('main');
const top = document.getElementById('top');
const bottom = document.getElementById('bottom');
// The header's height, for pages that fill the rest of the screen (the chat view):
// calc(100dvh - var(--top-height)). It changes with the width and the language.
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--top-height', `${top.offsetHeight}px`);
}).observe(top);

let me = null;
let unread = 0;
let menuOpen = false;
let controller = null;
let socket = null;
let rendering = 0;
let redraw = null; // the page's own redraw, when it gave one

export function navigate(path) {
  history.replaceState(null, '', path);
  menuOpen = false;
  show(true);
  // Roles and the organisation's status change elsewhere (an admin approves):
  // the header follows on the next page without a reload.
  if (me) refreshMe();
}

// refreshMe asks who is signed in (after signing in or out, or a change of roles).
async function refreshMe() {
  try {
    me = await api.get('/api/v1/me');
  } catch (err) {
    // Only the server saying "signed out" signs the header out; a lost
    // connection keeps what it knew.
    if (err.status === 401) me = null;
    else console.warn('me:', err.code);
  }
  if (me) {
    refreshUnread();
    startSocket();
  } else {
    unread = 0;
    socket?.stop();
  }
  drawShell();
  return me;
}

async function refreshUnread() {
  try {
    unread = (await api.get('/api/v1/me/notifications/unread')).unread;
  } catch {
    return; // the badge keeps its last count
  }
  drawShell();
}

// The tab's one WebSocket (socket.js) carries `notification` frames that move the badge.
function startSocket() {
  if (socket) { socket.start(); return; }
  import('./socket.js').then((m) => {
    socket = m.socket;
    socket.on('notification', (frame) => { unread = frame.unread ?? unread + 1; drawShell(); });
    onQuickExit(() => socket.stop());
    if (me) socket.start();
  }).catch(() => { /* no live updates: the badge refreshes on each page */ });
}

export async function signOut() {
  try {
    await api.post('/api/v1/auth/logout');
  } catch (err) {
    if (err.status !== 401) throw err; // 401: already signed out
  }
  try { sessionStorage.clear(); } catch { /* nothing to clear */ }
  me = null;
  unread = 0;
  socket?.stop();
  navigate('/');
}

function setTitle() {
  const h1 = main.querySelector('h1');
  document.title = discreetOn() ? t('discreet.title') : (h1 ? `${h1.textContent.trim()} · Cascade` : 'Cascade');
}

function currentOrg() {
  const orgs = me?.organisations || [];
  const m = /^\/orgs\/([^/]+)/.exec(location.pathname);
  return (m && orgs.find((o) => o.id === decodeURIComponent(m[1]))) || orgs[0] || null;
}

function drawShell() {
  const items = navItems(me, currentOrg(), unread);
  const here = location.pathname.replace(/\/+$/, '') || '/';
  render(html`
    <a class="skip" href="#main">${t('nav.skip')}</a>
    <div class="bar">
      <a class="brand" href="/">${t('app.name')}</a>
      <label class="lang"><span class="visually-hidden">${t('nav.language')}</span>
        <select id="lang" @change=${onLanguage}>
          ${LANGUAGES.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === currentLanguage()}>${l.name}</option>`)}
        </select>
      </label>
      <button type="button" id="quick-exit" class="exit" aria-describedby="exit-hint" @click=${quickExit}>${t('exit.button')}</button>
      <p id="exit-hint" class="exit-hint">${t('exit.hint')}</p>
    </div>
    <nav class="nav" aria-label=${t('nav.main')}>
      <button type="button" class="menu secondary" aria-expanded=${menuOpen ? 'true' : 'false'} aria-controls="nav-list"
        @click=${() => { menuOpen = !menuOpen; drawShell(); }}>${t('nav.menu')}${unread ? html` <span class="badge" aria-hidden="true">${unread}</span>` : nothing}</button>
      <ul id="nav-list" class=${menuOpen ? 'open' : ''}>
        ${items.map((it) => html`<li>${it.signOut
          ? html`<button type="button" class="link" @click=${onSignOut}>${t('nav.signOut')}</button>`
          : html`<a href=${it.href} aria-current=${it.href === here ? 'page' : nothing}
              aria-label=${it.badge ? t('nav.notificationsUnread', { n: it.badge }) : nothing}>${t(it.key)}${it.badge ? html` <span class="badge" aria-hidden="true">${it.badge}</span>` : nothing}</a>`}</li>`)}
      </ul>
    </nav>`, top);
  render(html`<p>${t('footer.text')}</p>`, bottom);
}

async function onSignOut() {
  try { await signOut(); } catch (err) { console.warn('sign out:', err.code); }
}

// A new language redraws the page in place when it can (what was typed stays),
// or mounts it again.
async function onLanguage(event) {
  await setLanguage(event.target.value, true);
  drawShell();
  if (redraw) {
    redraw();
    setTitle();
  } else {
    show(false);
  }
}

// show mounts the page for the current address. The previous page's signal is
// aborted first, so its fetches and listeners end with it. A page's mount may
// return a function that draws it again; a change of language then calls it
// instead of mounting the page anew.
async function show(focus) {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  redraw = null;
  const turn = ++rendering;
  drawShell();
  const { route, params } = match(location.pathname);
  let page;
  try {
    page = await route.load();
  } catch (err) {
    if (turn !== rendering) return;
    console.warn('load page:', err);
    const note = document.createElement('div');
    main.replaceChildren(note);
    render(html`<h1 tabindex="-1">${t('error.pageTitle')}</h1><p class="error" role="alert">${t('error.network')}</p>`, note);
    setTitle();
    return;
  }
  if (turn !== rendering) return;
  // Each page draws into an element of its own inside <main>: whatever the
  // last page left (lit-html's markers included) goes with the old element.
  const root = document.createElement('div');
  root.className = 'page';
  main.replaceChildren(root);
  const ctx = {
    params, query: new URLSearchParams(location.search), signal, navigate, me, t, api,
    refreshMe, refreshUnread, signOut,
  };
  try {
    const again = await page.mount(root, ctx);
    if (turn === rendering && typeof again === 'function') redraw = again;
  } catch (err) {
    if (signal.aborted) return;
    console.error('page:', err);
  }
  if (turn !== rendering) return;
  setTitle();
  if (focus) main.querySelector('h1')?.focus();
}

// Links inside the app are handled here; everything else behaves normally.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || link.target || link.hasAttribute('download') ||
      event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = link.getAttribute('href');
  if (href.startsWith('#')) { // in-page (skip link): move focus without a history entry
    event.preventDefault();
    document.getElementById(href.slice(1))?.focus();
  } else if (href.startsWith('/') && !href.startsWith('//')) {
    event.preventDefault();
    navigate(href);
  }
});
window.addEventListener('popstate', () => show(true));
// A tab coming back to the front catches up on the badge (the socket may have slept).
document.addEventListener('visibilitychange', () => { if (!document.hidden && me) refreshUnread(); });

// start fetches the page's module, the language and the session at once: on a
// slow network each is a round trip, and none needs another.
async function start() {
  match(location.pathname).route.load().catch(() => { /* show() reports it */ });
  const who = api.get('/api/v1/me').catch((err) => {
    if (err.status !== 401) console.warn('me:', err.code);
    return null;
  });
  try {
    await setLanguage(pickLanguage());
  } catch (err) {
    console.error(err);
  }
  me = await who;
  if (me) {
    refreshUnread();
    startSocket();
  }
  show(false);
}
start();
