// quickexit.js — leave Cascade at once for a neutral page.
// location.replace keeps Cascade out of this tab's back history (the app
// itself only ever replaces its one history entry). Nothing is requested from
// the neutral site until the person actually exits.

const NEUTRAL = 'https://www.google.com/search?q=weather';
const PRESSES = 3;
const WITHIN_MS = 1500;
const before = [];

// onQuickExit registers work to do on the way out (closing the socket); it must not wait.
export function onQuickExit(fn) { before.push(fn); }

export function quickExit() {
  for (const fn of before) {
    try { fn(); } catch { /* leaving matters more */ }
  }
  try { sessionStorage.clear(); } catch { /* storage may be blocked */ }
  try { localStorage.clear(); } catch { /* storage may be blocked */ }
  try {
    // Fire and forget: signing out must never delay leaving.
    fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', keepalive: true }).catch(() => {});
  } catch { /* ignore */ }
  document.title = '';
  document.body.replaceChildren();
  location.replace(NEUTRAL);
}

// installQuickExit wires the key gesture: Esc pressed three times within 1.5 s.
// The button is wired where the header is drawn.
export function installQuickExit() {
  let presses = [];
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    presses = presses.filter((at) => now - at < WITHIN_MS);
    presses.push(now);
    if (presses.length >= PRESSES) quickExit();
  });
}
