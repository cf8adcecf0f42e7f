// chat/outbox.js — messages typed but not yet acked, per room, in sessionStorage only
// (they end with the tab and with quick exit). Each keeps its client_id, so sending it
// again after a reconnect stores it once (docs/protocol.md: sends are idempotent).

const PREFIX = 'cascade.outbox.';

function newClientID() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export class Outbox {
  constructor(room) {
    this.key = PREFIX + room;
    this.items = [];
    try { this.items = JSON.parse(sessionStorage.getItem(this.key) || '[]'); } catch { this.items = []; }
    if (!Array.isArray(this.items)) this.items = [];
  }

  save() {
    try {
      if (this.items.length) sessionStorage.setItem(this.key, JSON.stringify(this.items));
      else sessionStorage.removeItem(this.key);
    } catch { /* storage full or off: the outbox lasts as long as the page */ }
  }

  // resource: the id of a library resource the message carries, or ''.
  add(body, resource = '') {
    const item = { client_id: newClientID(), body, at: new Date().toISOString(), error: '', resource };
    this.items.push(item);
    this.save();
    return item;
  }

  get(clientID) { return this.items.find((i) => i.client_id === clientID); }

  remove(clientID) {
    const n = this.items.length;
    this.items = this.items.filter((i) => i.client_id !== clientID);
    if (this.items.length !== n) this.save();
  }

  fail(clientID, code) {
    const item = this.get(clientID);
    if (!item) return;
    item.error = code;
    this.save();
  }

  // waiting are the items to (re)send: those not refused for good.
  waiting() { return this.items.filter((i) => !i.error); }
}
