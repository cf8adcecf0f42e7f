// library.js — what the training library's screens share: the codes of the API
// (audience, licence, visibility), a resource's facts, the form fields of a
// resource's description and the file checks made before anything is sent.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { currentLanguage, displayName, formatDate, label, t } from './i18n.js';

export const AUDIENCES = ['sex_workers', 'peer_educators', 'health_workers', 'police', 'media'];
export const LICENCES = ['cc_by', 'cc_by_sa', 'cc_by_nc', 'cc_by_nc_sa', 'cc0', 'copyright'];
export const VISIBILITIES = ['org', 'partners', 'all'];
// Languages a resource is offered in; the API takes any ISO 639-1 code, these
// are the ones the programme works in.
const LANGUAGE_CODES = ['en', 'pt', 'es', 'fr', 'sw', 'zu', 'xh', 'af', 'st', 'tn', 'sn', 'ny', 'yo', 'ha', 'am',
  'ar', 'hi', 'th', 'id', 'vi', 'ru', 'uk', 'de', 'nl', 'it'];

// MAX_FILE is the server's limit, checked here first so a large file is not sent for nothing.
export const MAX_FILE = 25 * 1024 * 1024;
const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
export const ACCEPT = [...Object.keys(TYPES).map((x) => `.${x}`), ...new Set(Object.values(TYPES))].join(',');

// fileProblem says why a chosen file cannot go (an error shaped like the
// server's, so one text serves both), or null.
export function fileProblem(file) {
  if (!file || !file.size) return { code: 'file_required', field: 'file' };
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1]?.toLowerCase();
  if (!TYPES[ext] && !Object.values(TYPES).includes(file.type)) return { code: 'unsupported_file', field: 'file' };
  if (file.size > MAX_FILE) return { code: 'file_too_large', field: 'file' };
  return null;
}

export function languages() {
  return LANGUAGE_CODES.map((c) => ({ code: c, name: displayName('language', c) }))
    .sort((a, b) => a.name.localeCompare(b.name, currentLanguage()));
}

export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  const k = 1024;
  const [unit, v] = n >= k ** 3 ? ['gigabyte', n / k ** 3] : n >= k ** 2 ? ['megabyte', n / k ** 2] : n >= k ? ['kilobyte', n / k] : ['byte', n];
  // "656 bytes", not "656 byte": the short form of a byte is not plural in every language.
  return new Intl.NumberFormat(currentLanguage(), {
    style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short', maximumFractionDigits: 1,
  }).format(v);
}

export function topicNames(tax, ids) {
  return (ids || []).map((id) => label((tax?.topics || []).find((x) => x.id === id)?.label) || id);
}

export function ownerName(r) {
  return r.org ? r.org.name : t('library.programme');
}

// resourceItem is one resource in a list: its title links to it, and what it is for.
// tools: buttons that act on it (detach), when there are any; sub: its title is a
// heading one level down (a list inside a section).
export function resourceItem(tax, r, tools = nothing, sub = false) {
  const link = html`<a href=${`/library/${encodeURIComponent(r.id)}`}>${r.title}</a>`;
  return html`<li data-resource=${r.id}>
    ${sub ? html`<h3 class="res-title">${link}</h3>` : html`<h2 class="res-title">${link}</h2>`}
    <p class="res-owner">${ownerName(r)}${r.source ? html` · <span class="tag">${t('library.adaptation')}</span>` : nothing}</p>
    ${r.summary ? html`<p class="res-summary">${r.summary}</p>` : nothing}
    <p class="res-meta">
      <span>${displayName('language', r.language)}</span> ·
      <span>${r.kind === 'file' && r.file ? t('library.kindFileSized', { size: formatSize(r.file.size) }) : t(`library.kind.${r.kind}`)}</span> ·
      <span>${t(`library.licence.${r.licence}`)}</span></p>
    <p class="res-meta">${topicNames(tax, r.topics).join(', ')}${r.audience?.length ? html` · ${r.audience.map((a) => t(`library.audience.${a}`)).join(', ')}` : nothing}</p>
    ${tools}
  </li>`;
}

// facts is a resource's description, to read.
export function facts(tax, r) {
  return html`<dl class="facts" data-facts>
    <dt>${t('library.owner')}</dt><dd data-owner>${ownerName(r)}</dd>
    <dt>${t('library.kindLabel')}</dt><dd>${t(`library.kind.${r.kind}`)}</dd>
    ${r.file ? html`<dt>${t('library.fileLabel')}</dt><dd>${r.file.name} · ${formatSize(r.file.size)}</dd>` : nothing}
    <dt>${t('library.topics')}</dt><dd>${topicNames(tax, r.topics).join(', ') || t('library.none')}</dd>
    <dt>${t('library.language')}</dt><dd>${displayName('language', r.language)}</dd>
    <dt>${t('library.audienceLabel')}</dt><dd>${(r.audience || []).map((a) => t(`library.audience.${a}`)).join(', ') || t('library.none')}</dd>
    <dt>${t('library.licenceLabel')}</dt><dd>${t(`library.licence.${r.licence}`)}</dd>
    <dt>${t('library.visibilityLabel')}</dt><dd>${t(`library.visibility.${r.visibility}.hint`)}</dd>
    <dt>${t('library.created')}</dt><dd>${formatDate(r.created, false)}</dd>
  </dl>`;
}

function checks(name, items, chosen, legend, prefix) {
  return html`<fieldset class="field" data-field=${name}>
    <legend>${legend}</legend>
    <div class="choices">${items.map((x) => html`<label class="check"><input type="checkbox" name=${name} value=${x.id}
      id=${`${prefix}-${name}-${x.id}`} ?checked=${(chosen || []).includes(x.id)}> <span>${x.label}</span></label>`)}</div>
  </fieldset>`;
}

// visibilityFields explains each choice in words; programme material goes to all.
export function visibilityFields(prefix, chosen) {
  return html`<fieldset class="field" data-field="visibility">
    <legend>${t('library.visibilityLabel')}</legend>
    ${VISIBILITIES.map((v) => html`<label class="check vis"><input type="radio" name="visibility" value=${v} required
      ?checked=${(chosen || 'org') === v} aria-describedby=${`${prefix}-vis-${v}`}>
      <span><span>${t(`library.visibility.${v}`)}</span><br><span class="hint" id=${`${prefix}-vis-${v}`}>${t(`library.visibility.${v}.hint`)}</span></span></label>`)}
  </fieldset>`;
}

export function languageSelect(id, name, chosen, anyKey) {
  return html`<select id=${id} name=${name} ?required=${!anyKey}>
    ${anyKey ? html`<option value="">${t(anyKey)}</option>` : nothing}
    ${languages().map((l) => html`<option value=${l.code} ?selected=${l.code === chosen}>${l.name}</option>`)}
  </select>`;
}

// metaFields are the description's fields. owners: [{value, name}] to choose whom
// it belongs to (with 'programme' for admins), or null when it cannot change.
export function metaFields(tax, r, { prefix, owners, programme }) {
  const p = r || {};
  return html`
    ${owners && owners.length > 1 ? html`<div class="field">
      <label for=${`${prefix}-owner`}>${t('library.owner')}</label>
      <select id=${`${prefix}-owner`} name="owner" data-field="org">
        ${owners.map((o) => html`<option value=${o.value}>${o.name}</option>`)}</select></div>` : nothing}
    <div class="field">
      <label for=${`${prefix}-title`}>${t('library.title')}</label>
      <input id=${`${prefix}-title`} name="title" required maxlength="200" .value=${p.title || ''}>
    </div>
    <div class="field">
      <label for=${`${prefix}-summary`}>${t('library.summary')}</label>
      <textarea id=${`${prefix}-summary`} name="summary" rows="3" maxlength="1000" .value=${p.summary || ''}></textarea>
    </div>
    ${checks('topics', (tax?.topics || []).map((x) => ({ id: x.id, label: label(x.label) })), p.topics, t('library.topicsPick'), prefix)}
    <div class="field">
      <label for=${`${prefix}-language`}>${t('library.language')}</label>
      ${languageSelect(`${prefix}-language`, 'language', p.language || currentLanguage())}
    </div>
    ${checks('audience', AUDIENCES.map((a) => ({ id: a, label: t(`library.audience.${a}`) })), p.audience, t('library.audiencePick'), prefix)}
    <div class="field">
      <label for=${`${prefix}-licence`}>${t('library.licenceLabel')}</label>
      <select id=${`${prefix}-licence`} name="licence">
        ${LICENCES.map((l) => html`<option value=${l} ?selected=${(p.licence || 'cc_by') === l}>${t(`library.licence.${l}`)}</option>`)}</select>
    </div>
    ${programme ? html`<p class="hint" data-programme-note>${t('library.programmeAll')}</p>` : visibilityFields(prefix, p.visibility)}`;
}

// readMeta builds the description the API takes from a form.
export function readMeta(form) {
  const fd = new FormData(form);
  const text = (k) => String(fd.get(k) || '').trim();
  const m = {
    title: text('title'),
    summary: text('summary'),
    topics: fd.getAll('topics'),
    language: text('language'),
    audience: fd.getAll('audience'),
    licence: text('licence'),
    visibility: text('visibility') || 'all',
  };
  if (form.elements.body) m.body = text('body');
  return m;
}

// owners lists what a new resource may belong to: the approved organisations the
// person leads or adds resources to (a contributor), and for admins programme material.
export function owners(me) {
  const adds = (o) => o.status === 'approved' && o.roles.some((r) => r === 'lead' || r === 'contributor');
  const list = (me?.organisations || []).filter(adds).map((o) => ({ value: o.id, name: o.name }));
  if ((me?.platform_roles || []).includes('admin')) list.push({ value: 'programme', name: t('library.programme') });
  return list;
}

// send POSTs a new resource (or adaptation) as the multipart form the API takes.
export function send(api, path, meta, file, signal) {
  const fd = new FormData();
  fd.append('meta', JSON.stringify(meta));
  if (file) fd.append('file', file, file.name);
  return api.upload(path, fd, { signal });
}
