// pages/rooms.js — the person's rooms with their unread counts, and the community
// spaces they may join. Unread counts come from the socket: each room is joined without
// replay, its `joined` frame says how many messages by others follow the read marker,
// and live messages by others add to it while the list is open.
import { html, nothing, render } from '../vendor/lit-html/lit-html.js';
import { repeat } from '../vendor/lit-html/directives/repeat.js';
import { socket } from '../socket.js';
import { FIRST_PAGE, Timeline } from '../chat/timeline.js';

// PREFETCH is how many rooms of the list get their newest page loaded ahead, so that
// the one chosen opens at once; a few kilobytes each.
const PREFETCH = 5;

export async function mount(root, ctx) {
  const { t, signal, me } = ctx;
  if (!me) { ctx.navigate(`/signin?next=${encodeURIComponent(location.pathname)}`); return; }
  const myID = me.user.id;
  let mine = [];
  let joinable = [];
  let loaded = false;
  let error = '';
  let busy = '';
  const unread = new Map(); // room -> { n, atLeast }
  const subscribed = new Set();
  const prefetching = new Set();

  function retention(r) {
    return r.retention_days > 0 ? t('chat.retention.days', { days: r.retention_days }) : t('chat.retention.forever');
  }

  function unreadText(id) {
    const u = unread.get(id);
    if (!u || u.n === 0) return '';
    return t(u.atLeast ? 'rooms.unreadAtLeast' : 'rooms.unread', { count: u.n });
  }

  function roomItem(r) {
    const count = unreadText(r.id);
    const u = unread.get(r.id);
    return html`<li class="room-item" data-room=${r.id} data-unread-n=${u ? u.n : nothing}>
      <a href="/rooms/${encodeURIComponent(r.id)}"><strong>${r.title}</strong></a>
      ${count ? html`<span class="badge" data-unread>${count}</span>` : nothing}
      <span class="room-kind">${t(`rooms.kind.${r.kind}`)} · ${retention(r)}</span>
    </li>`;
  }

  function spaceItem(r) {
    return html`<li class="room-item" data-joinable=${r.id}>
      <strong>${r.title}</strong>
      ${r.about ? html`<span class="room-about">${r.about}</span>` : nothing}
      <button type="button" class="secondary" ?disabled=${busy === r.id} @click=${() => join(r.id)}
        aria-label=${t('rooms.joinNamed', { title: r.title })}>${t('rooms.join')}</button>
    </li>`;
  }

  function draw() {
    if (signal.aborted) return;
    render(html`<h1 tabindex="-1">${t('rooms.title')}</h1>
      ${error ? html`<p class="error" role="alert">${t(error)}</p>` : nothing}
      ${!loaded ? html`<p class="note">${t('chat.loading')}</p>` : html`
      <section aria-labelledby="rooms-mine-h">
        <h2 id="rooms-mine-h">${t('rooms.mine')}</h2>
        ${mine.length ? html`<ul class="rooms">${repeat(mine, (r) => r.id, roomItem)}</ul>`
          : html`<p class="note">${t('rooms.none')}</p>`}
      </section>
      <section aria-labelledby="rooms-spaces-h">
        <h2 id="rooms-spaces-h">${t('rooms.spaces')}</h2>
        ${joinable.length ? html`<ul class="rooms">${repeat(joinable, (r) => r.id, spaceItem)}</ul>`
          : html`<p class="note">${t('rooms.noSpaces')}</p>`}
      </section>`}`, root);
  }

  async function load() {
    try {
      const list = await ctx.api.get('/api/v1/rooms', { signal });
      mine = list.rooms || [];
      joinable = list.joinable || [];
      error = '';
    } catch (err) {
      if (signal.aborted) return;
      error = err.status === 401 ? 'chat.signedOut' : 'chat.error.load';
    }
    loaded = true;
    for (const r of mine) {
      if (subscribed.has(r.id)) continue;
      subscribed.add(r.id);
      socket.join(r.id, { replay: false, signal });
    }
    draw();
  }

  async function join(id) {
    busy = id;
    draw();
    try {
      await ctx.api.post(`/api/v1/rooms/${encodeURIComponent(id)}/join`, undefined, { signal });
    } catch (err) {
      if (signal.aborted) return;
      busy = '';
      error = 'chat.error.join';
      draw();
      return;
    }
    busy = '';
    await load();
  }

  socket.on('joined', (f) => {
    if (!mine.some((r) => r.id === f.room)) return;
    unread.set(f.room, { n: f.unread || 0, atLeast: !!f.unread_at_least });
    if (!socket.kept(f.room) && !prefetching.has(f.room) && prefetching.size < PREFETCH &&
        socket.send({ type: 'history', room: f.room, limit: FIRST_PAGE })) prefetching.add(f.room);
    draw();
  }, { signal });
  // A prefetched page is kept for the room's page: everything up to its newest seq is
  // known, so opening the room asks only for what came after.
  socket.on('history', (f) => {
    if (!prefetching.has(f.room) || socket.kept(f.room)) return;
    const timeline = new Timeline();
    const records = f.messages || [];
    timeline.history(records, FIRST_PAGE);
    const lastSeq = records.reduce((max, m) => Math.max(max, m.seq), 0);
    socket.keep(f.room, { timeline, lastSeq });
  }, { signal });
  socket.on('message', (f) => {
    const u = unread.get(f.room);
    if (!u || f.author === myID) return;
    u.n++;
    draw();
  }, { signal });

  // A room opens from here: its page's modules load now, with the list, not when it is chosen.
  import('./room.js').catch((err) => console.error(err));
  draw();
  await load();
}
