// i18n.js — strings, the chosen language and translated DOM.
// Elements carry data-i18n="key" (and data-i18n-args='{"name":…}' for values);
// text is always set with textContent, never parsed as HTML.

export const LANGUAGES = ['en', 'pt'];
const STORAGE_KEY = 'cascade.lang';
let lang = 'en';
let strings = {};
let english = {};

function savedLanguage() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

export function pickLanguage() {
  const saved = savedLanguage();
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || '']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

async function load(code) {
  const res = await fetch(`/i18n/${code}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load ${code}.json: ${res.status}`);
  return res.json();
}

export function currentLanguage() { return lang; }

// setLanguage loads a language (English stays loaded as the fallback) and
// retranslates the page in place, so nothing typed or shown is lost.
export async function setLanguage(code, remember = false) {
  if (!LANGUAGES.includes(code)) code = 'en';
  if (!english['app.name']) english = await load('en');
  strings = code === 'en' ? english : await load(code);
  lang = code;
  document.documentElement.lang = code;
  if (remember) {
    try { localStorage.setItem(STORAGE_KEY, code); } catch { /* private mode: choice lasts for this page */ }
  }
  applyI18n(document);
}

export function has(key) { return key in strings || key in english; }

export function t(key, params) {
  const text = strings[key] ?? english[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
}

export function setText(el, key, params) {
  el.dataset.i18n = key;
  if (params) el.dataset.i18nArgs = JSON.stringify(params);
  else delete el.dataset.i18nArgs;
  el.textContent = t(key, params);
}

// setRaw shows text that is not translated (a server message, a name).
export function setRaw(el, text) {
  delete el.dataset.i18n;
  delete el.dataset.i18nArgs;
  el.textContent = text;
}

export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    if (!has(el.dataset.i18n)) continue; // keep the built-in text
    el.textContent = t(el.dataset.i18n, el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : undefined);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}

export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

export function formatWait(seconds) {
  let unit = 'second';
  let n = seconds;
  if (seconds >= 7200) { unit = 'hour'; n = Math.ceil(seconds / 3600); }
  else if (seconds >= 120) { unit = 'minute'; n = Math.ceil(seconds / 60); }
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

// errorText is what a person reads for an ApiError. The server's messages are
// written in English for people, so English shows them as they are; other
// languages use their translation of the code when there is one.
export function errorText(err) {
  if (!err || err.code === 'network') return t('error.network');
  const key = `error.${err.code}`;
  let text = err.serverMessage;
  if (!text || (lang !== 'en' && key in strings)) text = has(key) ? t(key) : t('error.generic');
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (!/[.!?…]$/.test(text)) text += '.';
  if (err.retryAfter > 0) text += ' ' + t('error.wait', { wait: formatWait(err.retryAfter) });
  return text;
}
