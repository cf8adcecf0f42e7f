// chat/resource.js — library resources in a room: a message that carries a resource
// shows it as a card (its title read with GET /library/{id}, once per page: the
// server says who may see it), and the composer can share one the person can see.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';

// ResourceCards reads each resource a page shows once; changed() redraws the page.
export class ResourceCards {
  constructor(api, signal, changed) {
    this.api = api;
    this.signal = signal;
    this.changed = changed;
    this.known = new Map(); // id -> { state: 'loading' | 'ok' | 'gone' | 'failed', title }
  }

  read(id) {
    let r = this.known.get(id);
    if (r) return r;
    r = { state: 'loading', title: '' };
    this.known.set(id, r);
    this.api.get(`/api/v1/library/${encodeURIComponent(id)}`, { signal: this.signal }).then((res) => {
      r.state = 'ok';
      r.title = res.title;
    }, (err) => {
      // Not found is the server's answer for a resource this person may not see. Any
      // other failure leaves the card with its link: the resource's page says why.
      r.state = err.status === 404 ? 'gone' : 'failed';
    }).finally(() => this.changed());
    return r;
  }

  // card is what a message shows of the resource id.
  card(id) {
    const r = this.read(id);
    const href = `/library/${encodeURIComponent(id)}`;
    if (r.state === 'gone') {
      return html`<div class="res-card unavailable" data-resource-card=${id} data-state="gone"><p>${t('library.chat.unavailable')}</p></div>`;
    }
    return html`<div class="res-card" data-resource-card=${id} data-state=${r.state}>
      <p class="res-card-kind">${t('library.chat.resource')}</p>
      ${r.state === 'failed' ? nothing : html`<p class="res-card-title">${r.state === 'ok' ? r.title : t('library.chat.loading')}</p>`}
      ${r.state === 'loading' ? nothing : html`<p><a href=${href} aria-label=${r.state === 'ok' ? t('library.chat.openLabel', { title: r.title }) : nothing}>${t('library.chat.open')}</a></p>`}
    </div>`;
  }
}

// sharePanel is the composer's "share a resource": a list of what the person can
// see, read when the panel opens. st = { open, list, failed }; h = { share(id), close() }.
export function sharePanel(st, h) {
  if (!st.open) return nothing;
  const onSubmit = (e) => {
    e.preventDefault();
    const id = e.currentTarget.elements.resource.value;
    const r = (st.list || []).find((x) => x.id === id);
    if (r) h.share(r.id);
  };
  return html`<form class="chat-share card" @submit=${onSubmit} data-share-panel>
    ${st.failed ? html`<p class="error" role="alert">${t('library.chat.loadFailed')}</p>` : nothing}
    ${!st.list ? html`<p>${t('library.chat.loading')}</p>` : st.list.length ? html`
      <div class="field"><label for="chat-share-resource">${t('library.chat.choose')}</label>
        <select id="chat-share-resource" name="resource">${st.list.map((r) => html`<option value=${r.id}>${r.title}</option>`)}</select></div>
      <p class="actions"><button type="submit">${t('library.chat.shareSend')}</button>
        <button type="button" class="secondary" @click=${h.close}>${t('library.cancel')}</button></p>`
    : html`<p>${t('library.chat.nothing')}</p><p><button type="button" class="secondary" @click=${h.close}>${t('library.cancel')}</button></p>`}
  </form>`;
}

// openShare reads the list of resources for the panel.
export async function openShare(st, api, signal, changed) {
  st.open = true;
  st.failed = false;
  changed();
  try {
    st.list = (await api.get('/api/v1/library', { signal })).resources || [];
  } catch {
    st.failed = true;
    st.list = [];
  }
  changed();
}
