// chat/timeline.js — one room's messages as the client knows them: records by seq,
// kept in seq order, with edits and deletes applied, and the ack-before-message rule of
// docs/protocol.md (an ack places the message at its seq; the later frame with that seq
// replaces it, never adds a second copy).

// FIRST_PAGE is how many of a room's newest records are asked first: two phone screens.
export const FIRST_PAGE = 20;

export class Timeline {
  constructor() {
    this.bySeq = new Map(); // seq -> message
    this.seqs = []; // ascending
    this.floor = Infinity; // the lowest seq any history answer or replay reached
    this.complete = false; // nothing older is left to load
  }

  get size() { return this.seqs.length; }
  get newest() { return this.seqs.length ? this.seqs[this.seqs.length - 1] : 0; }
  get oldest() { return this.seqs.length ? this.seqs[0] : 0; }

  clear() {
    this.bySeq.clear();
    this.seqs = [];
    this.floor = Infinity;
    this.complete = false;
  }

  insertSeq(seq) {
    const s = this.seqs;
    if (!s.length || seq > s[s.length - 1]) { s.push(seq); return; }
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] < seq) lo = mid + 1; else hi = mid;
    }
    if (s[lo] !== seq) s.splice(lo, 0, seq);
  }

  // put stores a message frame in its current state; it reports whether the seq is new.
  put(f) {
    const known = this.bySeq.has(f.seq);
    this.bySeq.set(f.seq, {
      seq: f.seq, id: f.id, author: f.author, body: f.deleted ? '' : (f.body || ''),
      sent: f.sent, edited: f.edited || '', deleted: !!f.deleted, resource: f.resource || '',
    });
    if (!known) this.insertSeq(f.seq);
    return !known;
  }

  // apply takes any seq-bearing frame (message, edit, delete); it reports whether a new
  // message appeared. Tombstones of messages not loaded change nothing: the message
  // comes in its current state when it is loaded.
  apply(f) {
    if (f.type === 'message') return this.put(f);
    const m = this.bySeq.get(f.target);
    if (!m) return false;
    if (f.type === 'edit') {
      m.body = f.body;
      m.edited = f.edited || m.edited || 'yes';
    } else if (f.type === 'delete') {
      m.body = '';
      m.deleted = true;
    }
    this.bySeq.set(m.seq, { ...m }); // a new object, so the row renders again
    return false;
  }

  // history takes a history answer; it returns how many records it held.
  history(frames, limit) {
    let min = Infinity;
    for (const f of frames) {
      min = Math.min(min, f.seq);
      this.apply(f);
    }
    if (min < this.floor) this.floor = min;
    if (frames.length < limit || this.floor <= 1) this.complete = true;
    return frames.length;
  }

  messages() { return this.seqs.map((s) => this.bySeq.get(s)); }
}
