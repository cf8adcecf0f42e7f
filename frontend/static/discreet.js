// discreet.js — discreet mode: the tab shows a neutral title and icon, so a
// glance at a shared screen or the tab strip does not say "Cascade".

const KEY = 'discreet';

export function discreetOn() {
  try { return localStorage.getItem(KEY) === '1'; } catch { return false; }
}

export function setDiscreet(on) {
  try {
    if (on) localStorage.setItem(KEY, '1'); else localStorage.removeItem(KEY);
  } catch { /* private mode: lasts for this page */ }
  applyIcon(on);
}

export function applyIcon(on = discreetOn()) {
  const icon = document.querySelector('link[rel=icon]');
  if (icon) icon.href = new URL(on ? './neutral.svg' : './favicon.svg', import.meta.url).pathname;
}
