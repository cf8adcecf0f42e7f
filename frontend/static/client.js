// client.js — the one way the app talks to the server: JSON over same-origin fetch.
// (Not named api.js: the server answers every path that begins with /api as the
// API, so /api.js was a JSON 404 and the app never started.)
// Every failure becomes an ApiError carrying the server's {"error":{code,message,field}};
// the app shows the code in the person's language, never the server's English message.
// A request without a body sends no body and no Content-Type: the server refuses
// a body on routes that take none.

export class ApiError extends Error {
  constructor(status, code, field, retryAfter) {
    super(code);
    this.status = status; // 0 when the server could not be reached
    this.code = code;
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

// A request whose page was left never settles: nobody waits for it, and no
// page draws its result (or its failure) over the page that came next.
const forgotten = () => new Promise(() => {});

async function request(method, path, body, { signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
  if (body instanceof FormData) {
    init.body = body; // multipart: the browser writes the Content-Type with its boundary
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    if (signal?.aborted) return forgotten();
    throw new ApiError(0, 'network');
  }
  let data = null;
  if ((res.headers.get('Content-Type') || '').startsWith('application/json')) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (signal?.aborted) return forgotten();
  if (res.ok) return data;
  const e = (data && data.error) || {};
  throw new ApiError(res.status, e.code || `http_${res.status}`, e.field,
    retryAfterSeconds(res.headers.get('Retry-After')));
}

// Each method takes an optional last argument {signal}.
export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body, opts),
  put: (path, body, opts) => request('PUT', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
  // DELETE with a body (deleting an account or an organisation sends the password).
  remove: (path, body, opts) => request('DELETE', path, body, opts),
  // upload POSTs a multipart form (files); the same errors as the JSON calls.
  upload: (path, form, opts) => request('POST', path, form, opts),
};
