// client.js — the one way the app talks to the server: JSON over same-origin fetch.
// (Not named api.js: the server answers every path that begins with /api as the
// API, so /api.js was a JSON 404 and the app never started.)
// Every failure becomes an ApiError carrying the server's {"error":{code,message,field}}.

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message || code);
    this.status = status; // 0 when the server could not be reached
    this.code = code;
    this.serverMessage = message || '';
    this.field = field || '';
    this.retryAfter = retryAfter; // seconds, or 0
  }
}

// Retry-After is either a number of seconds or an HTTP date.
function retryAfterSeconds(value) {
  if (!value) return 0;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function request(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', '');
  }
  let data = null;
  if ((res.headers.get('Content-Type') || '').startsWith('application/json')) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (res.ok) return data;
  const e = (data && data.error) || {};
  throw new ApiError(res.status, e.code || `http_${res.status}`, e.message, e.field,
    retryAfterSeconds(res.headers.get('Retry-After')));
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
};
