// i18n.js — strings, the chosen language, dates and error texts.
// A language is one file, i18n/<code>.json, and one entry in LANGUAGES.

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'pt', name: 'Português' },
];
const STORAGE_KEY = 'lang';
let lang = 'en';
let strings = {};
let english = {};

const codes = () => LANGUAGES.map((l) => l.code);

function savedLanguage() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

export function pickLanguage() {
  const saved = savedLanguage();
  if (codes().includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || '']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (codes().includes(base)) return base;
  }
  return 'en';
}

async function load(code) {
  // Relative to this module, so the file comes from the same fingerprinted folder.
  const res = await fetch(new URL(`./i18n/${code}.json`, import.meta.url), { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load ${code}.json: ${res.status}`);
  return res.json();
}

export function currentLanguage() { return lang; }

// setLanguage loads a language; English stays loaded as the fallback.
export async function setLanguage(code, remember = false) {
  if (!codes().includes(code)) code = 'en';
  if (!english['app.name']) english = await load('en');
  strings = code === 'en' ? english : await load(code);
  lang = code;
  document.documentElement.lang = code;
  if (remember) {
    try { localStorage.setItem(STORAGE_KEY, code); } catch { /* private mode: the choice lasts for this page */ }
  }
}

export function has(key) { return key in strings || key in english; }

export function t(key, params) {
  const text = strings[key] ?? english[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
}

// tn translates a key that depends on a count: key.one, key.other … by the
// language's plural rules (Intl.PluralRules), falling back to key.other.
export function tn(key, n, params) {
  const form = `${key}.${new Intl.PluralRules(lang).select(n)}`;
  return t(has(form) ? form : `${key}.other`, { n, ...params });
}

// label picks the person's language from a taxonomy label {en, pt}.
export function label(l) {
  return (l && (l[lang] || l.en)) || '';
}

export function formatDate(iso, withTime = true) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const opts = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

export function formatNumber(n, digits = 1) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
}

function formatWait(seconds) {
  let unit = 'second';
  let n = seconds;
  if (seconds >= 7200) { unit = 'hour'; n = Math.ceil(seconds / 3600); }
  else if (seconds >= 120) { unit = 'minute'; n = Math.ceil(seconds / 60); }
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

// errorText is what a person reads for an ApiError: the translation of its code.
export function errorText(err) {
  if (!err || err.code === 'network') return t('error.network');
  const key = `error.${err.code}`;
  let text = has(key) ? t(key) : t('error.generic');
  if (err.retryAfter > 0) text += ' ' + t('error.wait', { wait: formatWait(err.retryAfter) });
  return text;
}

// displayName names a language or region code in the person's language (the code
// itself where the browser cannot).
export function displayName(type, code) {
  try {
    return new Intl.DisplayNames([currentLanguage()], { type }).of(code) || code;
  } catch {
    return code;
  }
}

// languageList names language codes in the person's language, as one list.
export function languageList(codes) {
  return new Intl.ListFormat(currentLanguage(), { type: 'conjunction' }).format((codes || []).map((c) => displayName('language', c)));
}
