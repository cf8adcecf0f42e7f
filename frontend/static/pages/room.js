// pages/room.js — one room: the last messages at once, older ones as the person scrolls
// up, live messages, sending with pending → sent, edit and delete of one's own messages,
// typing, presence and read markers. The protocol is docs/protocol.md; the socket
// (socket.js) rejoins with the last seq seen, so a dropped connection resumes exactly.
import { html, nothing, render } from '../vendor/lit-html/lit-html.js';
import { repeat } from '../vendor/lit-html/directives/repeat.js';
import { currentLanguage, formatDate } from '../i18n.js';
import { socket } from '../socket.js';
import { FIRST_PAGE, Timeline } from '../chat/timeline.js';
import { Outbox } from '../chat/outbox.js';
import { People } from '../chat/people.js';
import { reportForm } from '../chat/report.js';
import { ResourceCards, openShare, sharePanel } from '../chat/resource.js';

const PAGE = 50; // records per request for older ones
const EDIT_WINDOW = 15 * 60 * 1000;
const TYPING_EVERY = 3000; // send "typing" at most this often
const TYPING_SHOWN = 5000; // show someone typing this long after their frame
const RESEND_AFTER = 5000; // a send without an answer is sent again (same client_id)
// Refusals that end (docs/protocol.md): the message stays and can be sent again.
const RETRYABLE = new Set(['muted', 'room_locked', 'slow_mode']);

function dayKey(d) { return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`; }

export async function mount(root, ctx) {
  const { t, signal, me } = ctx;
  if (!me) { ctx.navigate(`/signin?next=${encodeURIComponent(location.pathname)}`); return; }
  const roomID = ctx.params.room;
  const myID = me.user.id;
  const lang = currentLanguage();
  const timeFmt = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  const dayFmt = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

  // What the list or an earlier visit kept of the room: shown at once, and the join
  // replays only what came after it.
  const kept = socket.take(roomID);
  const timeline = kept?.timeline || new Timeline();
  const outbox = new Outbox(roomID);
  const people = new People(ctx.api, roomID, me);
  const present = new Set();
  const typers = new Map(); // user -> time of their last typing frame
  const ackedSeqs = new Set(); // seqs our own acks placed
  const tried = new Map(); // client_id -> time of the last attempt to send it

  let room = null; // from GET /api/v1/rooms
  let problem = ''; // an i18n key shown instead of the room
  let joinable = false;
  let readOnly = false;
  let joinedOnce = false; // joined at least once
  let lastLoaded = !!kept; // the room's newest page has arrived
  let loadingOlder = 0; // the limit of the history request on its way, 0 when none
  let unreadFrom = 0; // the read marker when the page opened
  let readSent = 0;
  let lastTyping = 0;
  let editing = 0; // seq of the message being edited
  let confirming = 0; // seq of the message whose delete awaits confirmation
  let notice = ''; // an i18n key: why something did not work
  let announce = '';
  let stickToBottom = true;
  let joined = false; // joined on the current connection
  let reporting = null; // the report being prepared: { seq, reason, text, around, step, error, busy }
  let locked = false; // the room was locked while open
  let slowSeconds = 0; // slow mode's interval, from a moderation frame
  let mutedUntil = ''; // my mute's end, from a moderation frame
  const modEvents = []; // moderation frames, each shown after the message it followed
  const cards = new ResourceCards(ctx.api, signal, () => draw());
  const sharing = { open: false, list: null, failed: false }; // the composer's "share a resource"

  const log = () => root.querySelector('.chat-log');

  // ---- rendering ----
  let scheduled = false;
  function draw() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; paint(); });
  }

  function paint() {
    if (signal.aborted) return;
    const el = log();
    const before = el ? { top: el.scrollTop, height: el.scrollHeight } : null;
    const atBottom = el ? el.scrollHeight - el.scrollTop - el.clientHeight < 48 : true;
    render(page(), root);
    const after = log();
    if (!after) return;
    if (stickToBottom || atBottom) {
      after.scrollTop = after.scrollHeight;
      stickToBottom = false;
    } else if (before && after.scrollHeight !== before.height && before.top < 200) {
      // Older messages went in above: keep what the person reads where it was.
      after.scrollTop = before.top + (after.scrollHeight - before.height);
    }
    markRead();
    if (lastLoaded && !timeline.complete && after.scrollHeight <= after.clientHeight) loadOlder();
  }

  function retentionText() {
    const days = room?.retention_days || 0;
    return days > 0 ? t('chat.retention.days', { days }) : t('chat.retention.forever');
  }

  function connectionText() {
    if (socket.state === 'open') return '';
    return socket.state === 'connecting' ? t('chat.connecting') : t('chat.offline');
  }

  function presenceText() {
    const others = [...present].filter((u) => u !== myID).map((u) => people.name(u));
    if (!others.length) return t('chat.presence.alone');
    return t('chat.presence.online', { names: others.join(', ') });
  }

  function typingText() {
    const now = Date.now();
    const names = [...typers].filter(([u, at]) => u !== myID && now - at < TYPING_SHOWN).map(([u]) => people.name(u));
    if (!names.length) return '';
    return names.length === 1 ? t('chat.typing.one', { name: names[0] }) : t('chat.typing.many', { names: names.join(', ') });
  }

  function expired(m) {
    const days = room?.retention_days || 0;
    return days > 0 && m.sent && Date.now() - Date.parse(m.sent) > days * 86400000;
  }

  // items is the list the log shows: day separators, the unread divider, messages and
  // then what waits in the outbox.
  function items() {
    const out = [];
    let day = '';
    let unreadShown = false;
    const today = dayKey(new Date());
    const yesterday = dayKey(new Date(Date.now() - 86400000));
    const separator = (d) => {
      const k = dayKey(d);
      if (k === day) return;
      day = k;
      const label = k === today ? t('chat.day.today') : k === yesterday ? t('chat.day.yesterday') : dayFmt.format(d);
      out.push({ key: `d${k}`, kind: 'day', label });
    };
    let ev = 0;
    const events = (upTo) => {
      for (; ev < modEvents.length && modEvents[ev].after <= upTo; ev++) out.push(modEvents[ev]);
    };
    for (const m of timeline.messages()) {
      events(m.seq - 1);
      if (expired(m)) continue;
      separator(m.sent ? new Date(m.sent) : new Date());
      if (!unreadShown && unreadFrom > 0 && m.seq > unreadFrom && m.author !== myID) {
        unreadShown = true;
        out.push({ key: 'unread', kind: 'unread' });
      }
      out.push({ key: `m${m.seq}`, kind: 'msg', m });
    }
    events(Infinity);
    for (const p of outbox.items) {
      if (shadowed(p)) continue;
      separator(new Date(p.at));
      out.push({ key: `p${p.client_id}`, kind: 'pending', p });
    }
    return out;
  }

  // shadowed: a resent message whose earlier send was stored although its ack was lost
  // is already in the log; it shows once, until its ack removes it from the outbox.
  function shadowed(p) {
    if (!tried.has(p.client_id)) return false;
    const since = Date.parse(p.at) - 60000;
    return timeline.messages().some((m) => m.author === myID && !ackedSeqs.has(m.seq) && m.body === p.body && Date.parse(m.sent) >= since);
  }

  function msgRow(m) {
    const own = m.author === myID;
    const org = people.org(m.author);
    const sent = m.sent ? new Date(m.sent) : null;
    const canEdit = own && !m.deleted && !readOnly && sent && Date.now() - sent.getTime() < EDIT_WINDOW;
    return html`<li class="msg ${own ? 'own' : ''}" data-seq=${m.seq} data-state=${own ? 'sent' : nothing}>
      <p class="msg-head"><span class="msg-author">${people.name(m.author)}</span>${org ? html` <span class="msg-org">${org}</span>` : nothing}
        ${sent ? html`<time datetime=${m.sent}>${timeFmt.format(sent)}</time>` : nothing}
        ${m.edited && !m.deleted ? html`<span class="msg-edited">${t('chat.edited')}</span>` : nothing}</p>
      ${m.deleted ? html`<p class="msg-deleted">${t('chat.deleted')}</p>`
        : editing === m.seq ? editForm(m) : html`<p class="msg-body">${m.body}</p>`}
      ${m.resource && !m.deleted ? cards.card(m.resource) : nothing}
      ${own && !m.deleted && editing !== m.seq ? html`<p class="msg-tools">
        <span class="msg-status">${t('chat.sent')}</span>
        ${canEdit ? html`<button type="button" class="link" data-edit @click=${() => { editing = m.seq; confirming = 0; draw(); }}>${t('chat.edit')}</button>` : nothing}
        ${readOnly ? nothing : confirming === m.seq
          ? html`<button type="button" class="link danger" data-confirm-delete @click=${() => remove(m.seq)}>${t('chat.deleteConfirm')}</button>
                 <button type="button" class="link" @click=${() => { confirming = 0; draw(); }}>${t('chat.cancel')}</button>`
          : html`<button type="button" class="link" data-delete @click=${() => { confirming = m.seq; editing = 0; draw(); }}>${t('chat.delete')}</button>`}
      </p>` : nothing}
      ${!own && !m.deleted ? html`<p class="msg-tools">
        <button type="button" class="link" data-report aria-label=${t('chat.report.messageOf', { name: people.name(m.author) })}
          @click=${() => startReport(m.seq)}>${t('chat.report.action')}</button></p>` : nothing}
    </li>`;
  }

  function editForm(m) {
    const id = `edit-${m.seq}`;
    return html`<form class="msg-edit" @submit=${(e) => { e.preventDefault(); saveEdit(m.seq, e.target.elements.body.value); }}>
      <label class="visually-hidden" for=${id}>${t('chat.editLabel')}</label>
      <textarea id=${id} name="body" rows="2" maxlength="4000" required .value=${m.body}
        @keydown=${(e) => { if (e.key === 'Escape') { editing = 0; draw(); } }}></textarea>
      <p><button type="submit">${t('chat.save')}</button>
        <button type="button" class="secondary" @click=${() => { editing = 0; draw(); }}>${t('chat.cancel')}</button></p>
    </form>`;
  }

  function pendingRow(p) {
    return html`<li class="msg own pending" data-client-id=${p.client_id} data-state=${p.error ? 'failed' : 'pending'}>
      <p class="msg-head"><span class="msg-author">${people.name(myID)}</span></p>
      <p class="msg-body">${p.body}</p>
      ${p.resource ? cards.card(p.resource) : nothing}
      <p class="msg-tools">${p.error
        ? html`<span class="msg-status error">${t('chat.notSent')} ${t(`chat.error.${p.error}`)}</span>
            ${RETRYABLE.has(p.error) ? html`<button type="button" class="link" data-retry @click=${() => retry(p)}>${t('chat.retry')}</button>` : nothing}
            <button type="button" class="link" @click=${() => { outbox.remove(p.client_id); draw(); }}>${t('chat.discard')}</button>`
        : html`<span class="msg-status">${t('chat.pending')}</span>`}</p>
    </li>`;
  }

  function row(item) {
    switch (item.kind) {
      case 'day': return html`<li class="chat-day"><span>${item.label}</span></li>`;
      case 'unread': return html`<li class="chat-unread"><span>${t('chat.newMessages')}</span></li>`;
      case 'pending': return pendingRow(item.p);
      case 'mod': return html`<li class="chat-mod" data-moderation=${item.action}><span>${item.text}</span></li>`;
      default: return msgRow(item.m);
    }
  }

  function page() {
    if (problem) {
      return html`<h1 tabindex="-1">${t('chat.title')}</h1>
        <p class="note">${t(problem)}</p>
        ${notice ? html`<p class="error" role="alert">${t(notice)}</p>` : nothing}
        ${joinable ? html`<p><button type="button" data-join-room @click=${joinRoom}>${t('rooms.join')}</button></p>` : nothing}
        <p><a href="/rooms">${t('chat.back')}</a></p>`;
    }
    const older = !timeline.complete && lastLoaded;
    if (reporting) {
      return html`<p class="chat-back"><a href=${location.pathname} @click=${(e) => { e.preventDefault(); endReport(); }}>${t('chat.report.back')}</a></p>
        ${reportForm(reporting, { t, name: (u) => people.name(u), time: (s) => timeFmt.format(new Date(s)), context: reportContext, send: sendReport, cancel: endReport, change: reportChanged })}`;
    }
    return html`<section class="chat" aria-labelledby="chat-h">
      <header class="chat-head">
        <p class="chat-back"><a href="/rooms">${t('chat.back')}</a></p>
        <h1 id="chat-h" tabindex="-1">${room ? room.title : t('chat.title')}</h1>
        <p class="chat-meta"><span data-retention>${room ? retentionText() : ''}</span>
          <span data-presence>${presenceText()}</span>
          <span class="chat-conn" data-connection role="status">${connectionText()}</span>
          ${people.moderates(myID) ? html`<a href=${`/rooms/${encodeURIComponent(roomID)}/moderation`} data-room-moderation>${t('chat.moderationPanel')}</a>` : nothing}</p>
      </header>
      <div class="chat-log" tabindex="0" aria-labelledby="chat-log-h" @scroll=${onScroll}>
        <h2 id="chat-log-h" class="visually-hidden">${t('chat.messages')}</h2>
        ${older ? html`<p class="chat-older">${loadingOlder ? t('chat.loadingOlder') : ''}</p>` : nothing}
        ${timeline.complete && timeline.size === 0 && outbox.items.length === 0 && lastLoaded
          ? html`<p class="note" data-empty>${t('chat.empty')}</p>` : nothing}
        <ol class="chat-list">${repeat(items(), (i) => i.key, row)}</ol>
      </div>
      <p class="chat-typing">${typingText()}</p>
      <div class="visually-hidden" aria-live="polite" data-live>${announce}</div>
      ${notice ? html`<p class="error" role="alert">${t(notice)}</p>` : nothing}
      ${restriction() ? html`<p class="chat-restriction note" data-restriction>${restriction()}</p>` : nothing}
      ${readOnly
        ? (restriction() ? nothing : html`<p class="chat-readonly note" data-readonly>${t('chat.readOnly')}</p>`)
        : html`<form class="chat-compose" @submit=${onSubmit}>
            <label for="chat-input" class="visually-hidden">${t('chat.compose')}</label>
            <textarea id="chat-input" name="body" rows="2" maxlength="4000" autocomplete="off"
              placeholder=${t('chat.compose')} aria-describedby="chat-compose-hint"
              @keydown=${onKey} @input=${onTyping}></textarea>
            <button type="submit">${t('chat.send')}</button>
            <button type="button" class="secondary" data-share aria-expanded=${sharing.open ? 'true' : 'false'}
              @click=${() => (sharing.open ? closeShare() : openShare(sharing, ctx.api, signal, draw).then(() => queueMicrotask(() => root.querySelector('#chat-share-resource')?.focus())))}>${t('library.chat.share')}</button>
            <p id="chat-compose-hint" class="visually-hidden">${t('chat.composeHint')}</p>
          </form>
          ${sharePanel(sharing, { share, close: closeShare })}`}
    </section>`;
  }

  // ---- moderation ----
  // restriction says what holds my messages back now: a lock, my mute, slow mode.
  function restriction() {
    if (locked) return t('chat.restriction.locked');
    if (mutedUntil && Date.parse(mutedUntil) > Date.now()) return t('chat.restriction.muted', { until: formatDate(mutedUntil) });
    if (slowSeconds > 0) return t('chat.restriction.slow', { seconds: slowSeconds });
    return '';
  }

  function retry(p) {
    p.error = '';
    outbox.save();
    if (joined) sendItem(p);
    draw();
  }

  // reportContext is what goes with the report when `around` messages are asked for on
  // each side: the live messages this page holds next to it, exactly as the server
  // copies them (tombstones are left out). It never asks for more than it shows.
  function reportContext(seq, around) {
    const live = timeline.messages().filter((m) => !m.deleted);
    const i = live.findIndex((m) => m.seq === seq);
    if (i < 0) return { before: 0, after: 0, messages: [] };
    const from = Math.max(0, i - around);
    const to = Math.min(live.length, i + around + 1);
    return { before: i - from, after: to - i - 1, messages: live.slice(from, to) };
  }

  function startReport(seq) {
    reporting = { seq, reason: '', text: '', around: 0, step: 'form', error: null, busy: false };
    editing = 0;
    confirming = 0;
    draw();
    queueMicrotask(() => root.querySelector('#report-h')?.focus());
  }

  // reportChanged redraws the report; a new step (review, change) takes the focus to
  // its heading, as a new page would.
  function reportChanged(newStep) {
    if (!newStep) { draw(); return; }
    paint();
    root.querySelector('#report-h')?.focus();
  }

  function endReport() {
    const seq = reporting?.seq;
    reporting = null;
    stickToBottom = false;
    paint();
    root.querySelector(`[data-seq="${seq}"] [data-report]`)?.focus();
  }

  async function sendReport() {
    const r = reporting;
    if (!r || r.busy) return;
    const c = reportContext(r.seq, r.around);
    const body = { seq: r.seq, reason: r.reason, before: c.before, after: c.after };
    if (r.text.trim()) body.text = r.text.trim();
    r.busy = true;
    r.error = null;
    draw();
    try {
      await ctx.api.post(`/api/v1/rooms/${encodeURIComponent(roomID)}/reports`, body, { signal });
      r.step = 'done';
    } catch (err) {
      r.error = err;
    }
    r.busy = false;
    paint();
    root.querySelector(r.error ? '#report-error' : '#report-done')?.focus();
  }

  function moderationText(f) {
    const name = f.user === myID ? t('chat.mod.you') : people.name(f.user);
    const reason = t(`mod.reason.${f.reason}`);
    switch (f.action) {
      case 'mute': return t('chat.mod.mute', { name, until: formatDate(f.until), reason });
      case 'unmute': return t('chat.mod.unmute', { name });
      case 'ban': return t('chat.mod.ban', { name, reason });
      case 'unban': return t('chat.mod.unban', { name });
      case 'remove': return t('chat.mod.remove', { name, reason });
      case 'lock': return t('chat.mod.lock', { reason });
      case 'unlock': return t('chat.mod.unlock');
      case 'slow_mode': return f.seconds > 0 ? t('chat.mod.slowOn', { seconds: f.seconds }) : t('chat.mod.slowOff');
      default: return '';
    }
  }

  socket.on('moderation', (f) => {
    if (!mine(f)) return;
    if (f.action === 'lock') locked = true;
    if (f.action === 'unlock') locked = false;
    if (f.action === 'slow_mode') slowSeconds = f.seconds || 0;
    if (f.user === myID && f.action === 'mute') mutedUntil = f.until || '';
    // A mute or a lock may have made the room read-only for me when the page opened
    // (GET /api/v1/rooms says so): its end lets me write again.
    if ((f.user === myID && f.action === 'unmute') || f.action === 'unlock') {
      if (f.action === 'unmute') mutedUntil = '';
      if (readOnly) refreshWritable();
    }
    const text = moderationText(f);
    if (!text) return;
    modEvents.push({ key: `mod${modEvents.length}`, kind: 'mod', action: f.action, after: timeline.newest || 0, text });
    announce = text;
    stickToBottom = true;
    draw();
  }, { signal });

  // ---- actions ----
  function sendItem(item) {
    const frame = { type: 'send', room: roomID, client_id: item.client_id, body: item.body };
    if (item.resource) frame.resource = item.resource;
    if (socket.send(frame)) tried.set(item.client_id, Date.now());
  }

  // share sends a message carrying a library resource with what is typed, or a plain
  // line: never its title, which members who may not see the resource must not read.
  function share(id) {
    const input = root.querySelector('#chat-input');
    const body = input?.value.trim() || t('library.chat.sharedBody');
    if (input) input.value = '';
    sharing.open = false;
    notice = '';
    const item = outbox.add(body, id);
    stickToBottom = true;
    if (joined) sendItem(item);
    draw();
    queueMicrotask(() => root.querySelector('[data-share]')?.focus());
  }

  function closeShare() {
    sharing.open = false;
    draw();
    queueMicrotask(() => root.querySelector('[data-share]')?.focus());
  }

  function onSubmit(e) {
    e.preventDefault();
    const input = e.target.elements.body;
    const body = input.value.trim();
    if (!body) return;
    input.value = '';
    notice = '';
    const item = outbox.add(body);
    stickToBottom = true;
    if (joined) sendItem(item);
    draw();
  }

  function onKey(e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  }

  function onTyping() {
    const now = Date.now();
    if (joined && now - lastTyping > TYPING_EVERY) {
      lastTyping = now;
      socket.send({ type: 'typing', room: roomID });
    }
  }

  function saveEdit(seq, body) {
    body = body.trim();
    const m = timeline.bySeq.get(seq);
    editing = 0;
    if (body && m && body !== m.body && !socket.send({ type: 'edit', room: roomID, seq, body, ref: `e${seq}` })) notice = 'chat.error.offline';
    draw();
  }

  function remove(seq) {
    confirming = 0;
    if (!socket.send({ type: 'delete', room: roomID, seq, ref: `d${seq}` })) notice = 'chat.error.offline';
    draw();
  }

  function onScroll() {
    const el = log();
    if (el && el.scrollTop < 200) loadOlder();
    markRead();
  }

  // askLast asks for the room's newest page. Sent with the join, it arrives one round
  // trip after the screen opens; what is stored later comes live after the join, so
  // nothing falls between the two (a record in both shows once: rows are keyed by seq).
  function askLast() {
    if (loadingOlder || lastLoaded) return;
    if (socket.send({ type: 'history', room: roomID, limit: FIRST_PAGE })) loadingOlder = FIRST_PAGE;
  }

  function loadOlder() {
    if (loadingOlder || timeline.complete || !lastLoaded) return;
    const before = Math.min(timeline.floor, timeline.oldest || Infinity);
    if (!Number.isFinite(before)) return;
    if (socket.send({ type: 'history', room: roomID, before, limit: PAGE })) {
      loadingOlder = PAGE;
      draw();
    }
  }

  let readTimer = 0;
  function markRead() {
    const el = log();
    if (!joined || !el || document.visibilityState !== 'visible') return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight > 48) return;
    const newest = timeline.newest;
    if (newest <= readSent || readTimer) return;
    readTimer = setTimeout(() => {
      readTimer = 0;
      if (signal.aborted || !joined) return;
      const seq = timeline.newest;
      if (seq > readSent && socket.send({ type: 'read', room: roomID, seq })) readSent = seq;
    }, 1000);
  }

  async function joinRoom() {
    try {
      await ctx.api.post(`/api/v1/rooms/${encodeURIComponent(roomID)}/join`, undefined, { signal });
    } catch {
      notice = 'chat.error.join';
      draw();
      return;
    }
    problem = '';
    joinable = false;
    socket.join(roomID, { replay: true, signal });
    askLast();
    await openRoom();
  }

  // ---- socket ----
  const mine = (f) => f.room === roomID;

  socket.on('joined', (f) => {
    if (!mine(f)) return;
    joined = true;
    present.clear();
    for (const u of f.present || []) present.add(u);
    if (!joinedOnce || f.reload) {
      // Too far behind to replay: start again from the newest page.
      if (f.reload) { timeline.clear(); lastLoaded = false; }
      // Joined without a last seq (nothing kept) or told to reload: the newest page,
      // asked next, covers everything up to the room's last seq.
      if (!kept || f.reload) socket.seen(roomID, f.last_seq || 0);
      joinedOnce = true;
      if (!unreadFrom && f.unread > 0) unreadFrom = f.read_seq || 0;
      readSent = Math.max(readSent, f.read_seq || 0);
    }
    askLast();
    for (const item of outbox.waiting()) sendItem(item);
    draw();
  }, { signal });

  socket.on('history', (f) => {
    if (!mine(f) || !loadingOlder) return;
    const limit = loadingOlder;
    loadingOlder = 0;
    lastLoaded = true;
    timeline.history(f.messages || [], limit);
    draw();
  }, { signal });

  const fresh = [];
  let announceTimer = 0;
  function onRecord(f) {
    if (!mine(f)) return;
    const added = timeline.apply(f);
    if (added && f.author !== myID) {
      typers.delete(f.author);
      fresh.push(f);
      if (!announceTimer) {
        announceTimer = setTimeout(() => {
          announceTimer = 0;
          announce = fresh.length === 1
            ? t('chat.announce.one', { name: people.name(fresh[0].author), body: fresh[0].body })
            : t('chat.announce.many', { count: fresh.length });
          fresh.length = 0;
          draw();
        }, 300);
      }
    }
    draw();
  }
  socket.on('message', onRecord, { signal });
  socket.on('edit', onRecord, { signal });
  socket.on('delete', onRecord, { signal });

  socket.on('ack', (f) => {
    if (!mine(f) || !f.client_id) return;
    const item = outbox.get(f.client_id);
    if (!item) return;
    outbox.remove(f.client_id);
    tried.delete(f.client_id);
    ackedSeqs.add(f.seq);
    if (!timeline.bySeq.has(f.seq)) {
      timeline.put({ seq: f.seq, id: f.id, author: myID, body: item.body, sent: new Date().toISOString(), resource: item.resource });
    }
    stickToBottom = true;
    draw();
  }, { signal });

  socket.on('error', (f) => {
    const ref = f.ref || '';
    if (ref === socket.joinRef(roomID)) {
      if (f.code === 'forbidden') lost();
      if (f.code === 'banned') { socket.leave(roomID); problem = 'chat.error.banned'; draw(); }
      return; // unavailable: the next reconnect joins again
    }
    const item = outbox.get(ref);
    if (item) {
      // unavailable, rate_limited, not_joined: sent again after RESEND_AFTER or on the
      // next join, with the same client_id. The rest are refusals: the message stays,
      // marked, until the person discards it.
      if (f.code === 'unavailable' || f.code === 'rate_limited' || f.code === 'not_joined') return;
      if (f.code === 'read_only') readOnly = true;
      if (f.code === 'room_locked') locked = true;
      outbox.fail(ref, f.code);
      draw();
      return;
    }
    if (/^[ed]\d+$/.test(ref)) {
      if (f.code === 'read_only') readOnly = true;
      notice = `chat.error.${f.code}`;
      draw();
    }
  }, { signal });

  // lost: the person's place in the room is gone (un-named, removed, left elsewhere).
  function lost() {
    socket.leave(roomID);
    problem = 'chat.lost';
    joinable = false;
    draw();
  }

  // A socket closed for policy may mean access to this room ended: ask the list.
  socket.on('closed', (f) => {
    if (f.code !== 1008 || problem) return;
    ctx.api.get('/api/v1/rooms', { signal }).then((list) => {
      if (!signal.aborted && !(list.rooms || []).some((r) => r.id === roomID)) lost();
    }).catch(() => { /* unknown: the next join says */ });
  }, { signal });

  socket.on('typing', (f) => {
    if (!mine(f)) return;
    typers.set(f.user, Date.now());
    draw();
    setTimeout(draw, TYPING_SHOWN + 50);
  }, { signal });

  socket.on('presence', (f) => {
    if (!mine(f)) return;
    for (const u of f.online || []) present.add(u);
    for (const u of f.offline || []) present.delete(u);
    draw();
  }, { signal });

  socket.on('member_changed', (f) => {
    if (!mine(f)) return;
    people.load(signal).then(draw);
  }, { signal });

  socket.on('state', () => {
    if (socket.state !== 'open') { joined = false; loadingOlder = 0; }
    draw();
  }, { signal });

  // Sends that got no answer (a socket that died quietly, an unavailable store) go again
  // with the same client_id: the server stores each once.
  // A tab brought back marks what it shows as read; a room with a retention drops what
  // expires while it is open.
  const onVisible = () => { if (document.visibilityState === 'visible') markRead(); };
  document.addEventListener('visibilitychange', onVisible, { signal });
  const sweep = setInterval(() => { if ((room?.retention_days || 0) > 0) draw(); }, 60000);

  const resend = setInterval(() => {
    if (!joined) return;
    const now = Date.now();
    for (const item of outbox.waiting()) {
      if (now - (tried.get(item.client_id) || 0) > RESEND_AFTER) sendItem(item);
    }
  }, 1000);
  signal.addEventListener('abort', () => {
    clearInterval(resend);
    clearInterval(sweep);
    clearTimeout(readTimer);
    clearTimeout(announceTimer);
  }, { once: true });

  async function openRoom() {
    let list;
    try {
      list = await ctx.api.get('/api/v1/rooms', { signal });
    } catch (err) {
      if (signal.aborted) return;
      problem = err.status === 401 ? 'chat.signedOut' : 'chat.error.load';
      draw();
      return;
    }
    if (signal.aborted) return;
    room = (list.rooms || []).find((r) => r.id === roomID) || null;
    if (!room) {
      socket.leave(roomID);
      joinable = (list.joinable || []).some((r) => r.id === roomID);
      problem = joinable ? 'chat.notJoined' : 'chat.notFound';
      draw();
      return;
    }
    readOnly = !!room.read_only || room.writable === false;
    draw();
    loadMute();
  }

  async function refreshWritable() {
    try {
      const list = await ctx.api.get('/api/v1/rooms', { signal });
      const r = (list.rooms || []).find((x) => x.id === roomID);
      if (r) readOnly = !!r.read_only;
    } catch {
      return; // the next visit asks again
    }
    draw();
  }

  // loadMute learns from my moderation notices whether I am muted here now, so the
  // composer says so before anything is refused.
  async function loadMute() {
    let notices;
    try {
      notices = (await ctx.api.get('/api/v1/me/moderation', { signal })).notices;
    } catch {
      return; // unknown: a refused send says it
    }
    const last = notices.filter((n) => n.room === roomID && ['mute', 'unmute', 'mute_lifted'].includes(n.action)).pop();
    if (!mutedUntil && last?.action === 'mute' && Date.parse(last.until) > Date.now()) {
      mutedUntil = last.until;
      draw();
    }
  }

  // Kept for the next visit when the page is left (before the socket leaves the room).
  signal.addEventListener('abort', () => {
    const lastSeq = socket.lastSeq(roomID);
    if (lastLoaded && lastSeq !== undefined && !problem) socket.keep(roomID, { timeline, lastSeq });
  }, { once: true });
  // The socket first: the newest page is on its way while the room list loads.
  socket.join(roomID, { replay: true, lastSeq: kept?.lastSeq, signal });
  askLast();
  people.load(signal).then((ok) => { if (ok) draw(); });
  draw();
  await openRoom();
}
