// ui.js — pieces every page uses: form submission with errors tied to their
// field, the error and status lines, the taxonomy and organisation names.
import { html } from './vendor/lit-html/lit-html.js';
import { api } from './client.js';
import { errorText, label, t } from './i18n.js';

export { html };

// submit runs fn(values) for a form's submit event: one request at a time,
// st.busy while it runs, st.error when it fails. The field the server names
// is marked invalid, described by the error and focused.
export async function submit(event, st, draw, fn) {
  event.preventDefault();
  const form = event.currentTarget;
  if (st.busy) return;
  st.busy = true;
  st.error = null;
  st.done = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  draw();
  try {
    await fn(Object.fromEntries(new FormData(form)), form);
  } catch (err) {
    st.error = err;
  } finally {
    st.busy = false;
  }
  draw();
  if (!st.error) return;
  const field = fieldNamed(form, st.error.field);
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  } else {
    form.querySelector('[role=alert]')?.focus();
  }
}

// perform runs fn for a button's action, as submit does for a form: one at a time,
// st.busy while it runs, st.done = done when it succeeds, st.error when it fails, and
// then the alert (alertSel) takes the focus.
export async function perform(st, draw, fn, done, alertSel) {
  if (st.busy) return;
  st.busy = true;
  st.error = null;
  st.done = '';
  draw();
  try {
    await fn();
    st.done = done;
  } catch (err) {
    st.error = err;
  } finally {
    st.busy = false;
  }
  draw();
  if (st.error) document.querySelector(alertSel)?.focus();
}

function fieldNamed(form, name) {
  if (!name) return null;
  const base = String(name).replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
  for (const el of form.elements) {
    if (el.name === name || el.dataset.field === name || el.dataset.field === base || el.name === base) return el;
  }
  return null;
}

// errorLine is the form's alert: empty until something fails.
export function errorLine(st, id) {
  return html`<p id=${id} class="error" role="alert" tabindex="-1">${st.error ? errorText(st.error) : ''}</p>`;
}

// statusLine announces what happened (saved, sent) politely.
export function statusLine(text) {
  return html`<p class="note" role="status">${text || ''}</p>`;
}

export function needSignIn(ctx) {
  if (ctx.me) return false;
  ctx.navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
  return true;
}

// loadFailed is what a page shows when its data cannot be read.
export function loadFailed(err) {
  return html`<p class="error" role="alert">${errorText(err)}</p>`;
}

let taxonomy = null;
// getTaxonomy reads the taxonomy once for the whole app (not tied to one
// page's signal); labels come in every language.
export async function getTaxonomy() {
  if (!taxonomy) taxonomy = api.get('/api/v1/taxonomy').catch((err) => { taxonomy = null; throw err; });
  return taxonomy;
}

// term is the label of a taxonomy id in the person's language.
export function term(tax, kind, id) {
  const found = (tax?.[kind] || []).find((x) => x.id === id);
  return found ? label(found.label) : id;
}

export function grade(tax, kind, value) {
  const found = (tax?.[kind] || []).find((x) => x.value === value);
  return found ? label(found.label) : String(value);
}

// orgNames maps organisation ids to names from what the person may read:
// the directory (members of approved organisations), their own organisations,
// and for admins every organisation.
export async function orgNames(ctx) {
  const names = new Map((ctx.me?.organisations || []).map((o) => [o.id, o.name]));
  const roles = ctx.me?.platform_roles || [];
  const reads = [];
  if (roles.includes('participant')) {
    reads.push(api.get('/api/v1/directory', { signal: ctx.signal })
      .then((d) => d.organisations.forEach((o) => names.set(o.id, o.name))).catch(() => {}));
  }
  if (roles.includes('admin')) {
    reads.push(api.get('/api/v1/admin/organisations', { signal: ctx.signal })
      .then((d) => d.organisations.forEach((o) => names.set(o.id, o.profile.name))).catch(() => {}));
  }
  await Promise.all(reads);
  return (id) => names.get(id) || t('org.unknown');
}

export function orgOf(ctx) {
  return (ctx.me?.organisations || []).find((o) => o.id === ctx.params.org) || null;
}

export function isLead(ctx) {
  return !!orgOf(ctx)?.roles.includes('lead');
}

// stateText is an exchange or request state in words.
export function stateText(state) {
  return t(`state.${state}`);
}

export { repeat as repeatKeyed } from './vendor/lit-html/directives/repeat.js';

// dataTable draws rows under headers as an accessible, scrollable table; cells(row) gives
// the cells of one row, the first of them the row's header.
export function dataTable(id, caption, heads, rows, cells) {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby=${`${id}-caption`}>
    <table class="data" data-table=${id}><caption id=${`${id}-caption`}>${caption}</caption>
      <thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>${cells(r).map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody>
    </table></div>`;
}
