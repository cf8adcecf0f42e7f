// socket.js — the tab's one WebSocket (docs/protocol.md). Pages subscribe to frame
// types with socket.on and join rooms with socket.join; the socket remembers, per joined
// room, the highest seq it has seen on a message, edit or delete frame and rejoins with
// it after every reconnect, so the server replays exactly what was missed.
//
// It reconnects by itself with back-off (0.5 s doubling to 15 s, with jitter), at once
// when the browser comes back online or the page becomes visible again, and drops a
// socket the browser reports offline instead of waiting for its keepalive to fail.

const MIN_DELAY = 500;
const MAX_DELAY = 15000;
// A room left is left on the server this much later, unless a page joins it again
// first (the list hands a room to its chat page): the server then keeps the room loaded
// instead of reading it again from its store.
const LEAVE_GRACE = 2000;

const handlers = new Map(); // type -> Set of fn
const rooms = new Map(); // room id -> { replay: bool, lastSeq: number | undefined }
const leaving = new Map(); // room id -> timer of its deferred leave frame
const stash = new Map(); // room id -> what a page kept of it, for its next visit (memory only)
let ws = null;
let state = 'closed';
let started = false;
let delay = MIN_DELAY;
let timer = 0;

function emit(frame) {
  const fns = handlers.get(frame.type);
  if (!fns) return;
  for (const fn of [...fns]) {
    try { fn(frame); } catch (err) { console.error(err); }
  }
}

function setState(next) {
  if (state === next) return;
  state = next;
  emit({ type: 'state', state: next });
}

// noteSeen keeps the highest seq of the seq-bearing frames of a joined room. An ack's
// seq is not counted: records before it may still be on their way.
function noteSeen(frame) {
  const r = rooms.get(frame.room);
  if (!r) return;
  let seq = 0;
  if (frame.type === 'history') {
    for (const m of frame.messages || []) seq = Math.max(seq, m.seq);
  } else {
    seq = frame.seq;
  }
  if (seq > 0 && !(r.lastSeq >= seq)) r.lastSeq = seq;
}

// joinRef is the ref of a room's join frames, so that a refusal names its room.
function joinRef(room) { return `join:${room}`.slice(0, 64); }

function joinFrame(room, r) {
  const f = { type: 'join', room, ref: joinRef(room) };
  if (r.replay && r.lastSeq !== undefined) f.last_seq = r.lastSeq;
  return f;
}

function connect() {
  clearTimeout(timer);
  timer = 0;
  if (!started || ws) return;
  if (navigator.onLine === false) { setState('closed'); return; } // 'online' reconnects
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const sock = new WebSocket(url);
  ws = sock;
  setState('connecting');
  sock.addEventListener('open', () => {
    if (ws !== sock) return;
    delay = MIN_DELAY;
    setState('open');
    for (const [room, r] of rooms) sock.send(JSON.stringify(joinFrame(room, r)));
  });
  sock.addEventListener('message', (event) => {
    if (ws !== sock) return;
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (!frame || typeof frame.type !== 'string') return;
    if (frame.type === 'message' || frame.type === 'edit' || frame.type === 'delete' || frame.type === 'history') noteSeen(frame);
    emit(frame);
  });
  sock.addEventListener('close', (event) => {
    if (ws !== sock) return;
    ws = null;
    setState('closed');
    emit({ type: 'closed', code: event.code });
    if (!started) return;
    // 1008: access is gone or abuse; a reconnect at once would be refused again.
    const wait = event.code === 1008 ? MAX_DELAY : delay;
    delay = Math.min(MAX_DELAY, delay * 2);
    timer = setTimeout(connect, wait / 2 + Math.random() * wait / 2);
  });
}

// drop closes the current socket and reconnects after back-off, or at once when asked.
function drop(reconnectNow) {
  const sock = ws;
  if (sock) {
    ws = null;
    sock.close();
    setState('closed');
    emit({ type: 'closed', code: 1000 });
  }
  if (started && reconnectNow) connect();
  else if (started && !timer) timer = setTimeout(connect, delay);
}

addEventListener('offline', () => { if (started) drop(false); });
addEventListener('online', () => { if (started && !ws) { delay = MIN_DELAY; connect(); } });
document.addEventListener('visibilitychange', () => {
  // A phone that slept may hold a socket that died silently; a fresh one costs little.
  if (started && document.visibilityState === 'visible' && !ws) { delay = MIN_DELAY; connect(); }
});

export const socket = {
  get state() { return state; },

  // on calls fn(frame) for every frame of type ('state' and 'closed' are the socket's
  // own events) until signal aborts.
  on(type, fn, { signal } = {}) {
    if (signal?.aborted) return;
    if (!handlers.has(type)) handlers.set(type, new Set());
    handlers.get(type).add(fn);
    signal?.addEventListener('abort', () => handlers.get(type)?.delete(fn), { once: true });
  },

  // send sends a frame now, and says whether it could.
  send(frame) {
    if (!ws || state !== 'open') return false;
    ws.send(JSON.stringify(frame));
    return true;
  },

  // join subscribes to a room now and after every reconnect. With replay, the rejoin
  // carries the last seq seen, so the server replays what was missed; without, it only
  // subscribes. The room is left when signal aborts.
  // lastSeq: everything up to it is known already (a kept timeline): the join replays
  // what follows.
  join(room, { replay = true, lastSeq, signal } = {}) {
    clearTimeout(leaving.get(room));
    leaving.delete(room);
    const r = { replay, lastSeq };
    rooms.set(room, r);
    this.send(joinFrame(room, r));
    signal?.addEventListener('abort', () => this.leave(room), { once: true });
  },

  leave(room) {
    if (!rooms.delete(room)) return;
    clearTimeout(leaving.get(room));
    leaving.set(room, setTimeout(() => {
      leaving.delete(room);
      if (!rooms.has(room)) this.send({ type: 'leave', room });
    }, LEAVE_GRACE));
  },

  // seen records that everything up to seq in room is known (a page that loaded the
  // last page of history after a join); the socket only moves it forward.
  seen(room, seq) {
    const r = rooms.get(room);
    if (r && seq >= 0 && !(r.lastSeq >= seq)) r.lastSeq = seq;
  },

  lastSeq(room) { return rooms.get(room)?.lastSeq; },

  joinRef,

  // keep and take what a page knows of a room (its messages and the last seq they
  // reach), so that opening it again shows them at once and asks only for what is new.
  // Kept in memory only, and forgotten on stop.
  keep(room, value) { stash.set(room, value); },
  kept(room) { return stash.get(room); },
  take(room) {
    const v = stash.get(room);
    stash.delete(room);
    return v;
  },

  start() {
    if (started) return;
    started = true;
    delay = MIN_DELAY;
    connect();
  },

  stop() {
    started = false;
    clearTimeout(timer);
    timer = 0;
    rooms.clear();
    for (const id of leaving.values()) clearTimeout(id);
    leaving.clear();
    stash.clear();
    const sock = ws;
    ws = null;
    if (sock) sock.close();
    setState('closed');
  },
};
