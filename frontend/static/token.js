// token.js — a secret from the URL fragment (#token): kept for this tab only
// and taken out of the address bar and its history entry at once.

export function takeToken(key) {
  const fromHash = location.hash.slice(1);
  if (fromHash) {
    try { sessionStorage.setItem(key, fromHash); } catch { /* kept in memory only */ }
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  try { return sessionStorage.getItem(key) || ''; } catch { return ''; }
}

export function forgetToken(key) {
  try { sessionStorage.removeItem(key); } catch { /* nothing stored */ }
}
