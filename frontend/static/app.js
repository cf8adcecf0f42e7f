// app.js — starts the app: quick exit first, then language, then the page for
// location.pathname. Navigation replaces the one history entry instead of
// adding new ones, so quick exit leaves nothing of Cascade to go back to.
import { installQuickExit } from './quickexit.js';
import { applyI18n, currentLanguage, pickLanguage, setLanguage } from './i18n.js';
import * as home from './pages/home.js';
import * as signin from './pages/signin.js';
import * as setup from './pages/setup.js';
import * as join from './pages/join.js';
import * as recover from './pages/recover.js';
import { t } from './i18n.js';
import { api } from './client.js';
import { socket } from './socket.js';

installQuickExit(document.getElementById('quick-exit'));

const routes = { '/': home, '/signin': signin, '/setup': setup, '/join': join, '/recover': recover };
const notFound = { template: 'tpl-notfound', init() {} };
const main = document.getElementById('main');

// clone returns a translated copy of a <template>.
function clone(id) {
  const fragment = document.getElementById(id).content.cloneNode(true);
  applyI18n(fragment);
  return fragment;
}

// show replaces the page content with a template and moves focus to its heading.
function show(id, focus = true) {
  main.replaceChildren(clone(id));
  const heading = main.querySelector('h1');
  if (focus && heading) heading.focus();
  if (heading) document.title = `${heading.textContent} · Cascade`;
  return main;
}

// token reads a secret from the URL fragment (#token), keeps it for this tab
// only and takes it out of the address bar.
function token(key) {
  const fromHash = location.hash.slice(1);
  if (fromHash) {
    try { sessionStorage.setItem(key, fromHash); } catch { /* kept in memory only */ }
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  try { return sessionStorage.getItem(key) || ''; } catch { return ''; }
}

function forgetToken(key) {
  try { sessionStorage.removeItem(key); } catch { /* nothing stored */ }
}

export function navigate(path) {
  history.replaceState(null, '', path);
  render(true);
}

const ctx = { navigate, show, clone, token, forgetToken };

// chatview: /rooms and /rooms/:room on the page-module contract of FRONTEND.md, until
// the pattern router lands (to be reconciled at merge).
let chatPage = null;
let chatMe; // the /api/v1/me answer while the person moves between chat pages
const chatRoutes = [
  { re: /^\/rooms$/, load: () => import('./pages/rooms.js'), params: () => ({}) },
  { re: /^\/rooms\/([^/]+)$/, load: () => import('./pages/room.js'), params: (m) => ({ room: decodeURIComponent(m[1]) }) },
];
async function mountChat(route, match, focus) {
  const ctl = new AbortController();
  chatPage = ctl;
  main.replaceChildren();
  if (chatMe === undefined) {
    try { chatMe = await api.get('/api/v1/me'); } catch { chatMe = null; }
  }
  const me = chatMe;
  if (ctl.signal.aborted) return;
  if (me) socket.start();
  const mod = await route.load();
  if (ctl.signal.aborted) return;
  const ctx = { params: route.params(match), query: new URLSearchParams(location.search), signal: ctl.signal, navigate, me, t, api };
  // A fresh element per page: the other pages replace main's children, which lit-html
  // must not find half gone.
  const root = document.createElement('div');
  main.replaceChildren(root);
  await mod.mount(root, ctx);
  const heading = main.querySelector('h1');
  if (heading) {
    document.title = `${heading.textContent} · Cascade`;
    if (focus) heading.focus();
  }
}

function render(focus) {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  chatPage?.abort();
  chatPage = null;
  for (const route of chatRoutes) {
    const match = path.match(route.re);
    if (match) { mountChat(route, match, focus).catch((err) => console.error(err)); return; }
  }
  chatMe = undefined;
  socket.stop(); // the other pages do not use it yet; sign-out must not leave one open
  const page = routes[path] || notFound;
  show(page.template, focus);
  Promise.resolve(page.init(main, ctx)).catch((err) => console.error(err));
}

// Links inside the app are handled here; everything else behaves normally.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 ||
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
window.addEventListener('popstate', () => render(true));

const picker = document.getElementById('lang');
picker.addEventListener('change', () => {
  setLanguage(picker.value, true).then(() => {
    const heading = main.querySelector('h1');
    if (heading) document.title = `${heading.textContent} · Cascade`;
  }).catch((err) => console.error(err));
});

async function start() {
  try {
    await setLanguage(pickLanguage());
  } catch (err) {
    console.error(err); // the built-in English of the page shell still works
  }
  picker.value = currentLanguage();
  render(false);
}
start();
