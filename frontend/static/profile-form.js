// profile-form.js — an organisation's profile as form fields (apply, edit), and
// the Profile the API takes, built from exactly its documented fields.
import { html } from './vendor/lit-html/lit-html.js';
import { label, languageList, t } from './i18n.js';

const none = (p) => p || {};

function checks(name, terms, chosen, legend) {
  return html`<fieldset class="field" data-field=${name}>
    <legend>${legend}</legend>
    <div class="choices">${terms.map((x) => html`<label class="check"><input type="checkbox" name=${name} value=${x.id}
      ?checked=${(chosen || []).includes(x.id)}> <span>${label(x.label)}</span></label>`)}</div>
  </fieldset>`;
}

function radios(name, terms, chosen, legend) {
  return html`<fieldset class="field" data-field=${name}>
    <legend>${legend}</legend>
    <div class="choices">${terms.map((x) => html`<label class="check"><input type="radio" name=${name} value=${x.id} required
      ?checked=${chosen === x.id}> <span>${label(x.label)}</span></label>`)}</div>
  </fieldset>`;
}

// graded is one select per topic: not at all, or a level (offers) or priority (needs).
function graded(name, tax, grades, chosen, legend, noneKey) {
  const level = new Map((chosen || []).map((x) => [x.topic, x.level ?? x.priority]));
  return html`<fieldset class="field topics" data-field=${name}>
    <legend>${legend}</legend>
    ${tax.topics.map((x) => html`<div class="topic">
      <label for=${`${name}-${x.id}`}>${label(x.label)}</label>
      <select id=${`${name}-${x.id}`} name=${`${name}:${x.id}`}>
        <option value="" ?selected=${!level.get(x.id)}>${t(noneKey)}</option>
        ${grades.map((g) => html`<option value=${g.value} ?selected=${level.get(x.id) === g.value}>${label(g.label)}</option>`)}
      </select></div>`)}
  </fieldset>`;
}

// profileFields are the profile's fields; { host: false } leaves out the outside host's
// name, which the profile page chooses in its own section (host-form.js).
export function profileFields(tax, profile, { host = true } = {}) {
  const p = none(profile);
  return html`
    <div class="field">
      <label for="pf-name">${t('profile.name')}</label>
      <input id="pf-name" name="name" required minlength="2" maxlength="80" .value=${p.name || ''} aria-describedby="pf-name-hint">
      <p id="pf-name-hint" class="hint">${t('hint.orgName')}</p>
    </div>
    <div class="field">
      <label for="pf-country">${t('profile.country')}</label>
      <input id="pf-country" name="country" required minlength="2" maxlength="2" autocapitalize="characters" .value=${p.country || ''}
             aria-describedby="pf-country-hint" class="short">
      <p id="pf-country-hint" class="hint">${t('hint.country')}</p>
    </div>
    <div class="field">
      <label for="pf-region">${t('profile.region')}</label>
      <input id="pf-region" name="region" maxlength="60" .value=${p.region || ''}>
    </div>
    <div class="field">
      <label for="pf-languages">${t('profile.languages')}</label>
      <input id="pf-languages" name="languages" required .value=${(p.languages || []).join(', ')} aria-describedby="pf-languages-hint"
             autocapitalize="none" autocorrect="off" spellcheck="false">
      <p id="pf-languages-hint" class="hint">${t('hint.languages')}</p>
    </div>
    ${radios('stage', tax.stages, p.stage, t('profile.stage'))}
    ${radios('legal', tax.legal_situations, p.legal, t('profile.legal'))}
    ${host ? html`<div class="field">
      <label for="pf-host">${t('profile.hostName')}</label>
      <input id="pf-host" name="host_name" maxlength="80" .value=${p.host_name || ''} aria-describedby="pf-host-hint">
      <p id="pf-host-hint" class="hint">${t('hint.hostName')}</p>
    </div>` : ''}
    ${checks('populations', tax.populations, p.populations, t('profile.populations'))}
    ${checks('formats', tax.formats, p.formats, t('profile.formats'))}
    ${graded('offers', tax, tax.offer_levels, p.offers, t('profile.offers'), 'profile.notOffered')}
    ${graded('needs', tax, tax.need_priorities, p.needs, t('profile.needs'), 'profile.notNeeded')}
    <div class="field">
      <label for="pf-capacity">${t('profile.capacity')}</label>
      <input id="pf-capacity" name="capacity" type="number" min="0" max="20" inputmode="numeric" class="short"
             .value=${String(p.capacity ?? 0)} aria-describedby="pf-capacity-hint">
      <p id="pf-capacity-hint" class="hint">${t('hint.capacity')}</p>
    </div>
    <label class="check"><input type="checkbox" name="available" value="1" ?checked=${p.available ?? true}>
      <span>${t('profile.available')}</span></label>
    <div class="field">
      <label for="pf-about">${t('profile.about')}</label>
      <textarea id="pf-about" name="about" maxlength="1000" rows="4" .value=${p.about || ''}></textarea>
    </div>`;
}

// readProfile builds the Profile from the form.
export function readProfile(form) {
  const fd = new FormData(form);
  const text = (k) => String(fd.get(k) || '').trim();
  const graded = (prefix, key) => [...fd.entries()]
    .filter(([k, v]) => k.startsWith(`${prefix}:`) && v)
    .map(([k, v]) => ({ topic: k.slice(prefix.length + 1), [key]: Number(v) }));
  const p = {
    name: text('name'),
    country: text('country').toUpperCase(),
    languages: text('languages').toLowerCase().split(/[\s,;]+/).filter(Boolean),
    stage: text('stage'),
    legal: text('legal'),
    populations: fd.getAll('populations'),
    offers: graded('offers', 'level'),
    needs: graded('needs', 'priority'),
    formats: fd.getAll('formats'),
    capacity: Number(text('capacity') || 0),
    available: fd.get('available') === '1',
  };
  if (text('region')) p.region = text('region');
  if (p.legal === 'hosted' && text('host_name')) p.host_name = text('host_name');
  if (text('about')) p.about = text('about');
  return p;
}

// profileView shows a stored profile to read.
export function profileView(tax, p) {
  const termOf = (kind, id) => label((tax[kind].find((x) => x.id === id) || { label: { en: id } }).label);
  const gradeOf = (kind, v) => label((tax[kind].find((x) => x.value === v) || { label: { en: String(v) } }).label);
  const list = (items) => (items.length ? items.join(', ') : t('profile.none'));
  return html`<dl class="facts">
    <dt>${t('profile.country')}</dt><dd>${p.country}${p.region ? ` · ${p.region}` : ''}</dd>
    <dt>${t('profile.languages')}</dt><dd>${languageList(p.languages)}</dd>
    <dt>${t('profile.stage')}</dt><dd>${termOf('stages', p.stage)}</dd>
    ${p.legal ? html`<dt>${t('profile.legal')}</dt><dd>${termOf('legal_situations', p.legal)}${p.host_name ? ` · ${p.host_name}` : ''}</dd>` : ''}
    <dt>${t('profile.populations')}</dt><dd>${list(p.populations.map((x) => termOf('populations', x)))}</dd>
    <dt>${t('profile.formats')}</dt><dd>${list(p.formats.map((x) => termOf('formats', x)))}</dd>
    <dt>${t('profile.offers')}</dt><dd>${p.offers.length ? html`<ul>${p.offers.map((o) => html`<li>${termOf('topics', o.topic)} — ${gradeOf('offer_levels', o.level)}</li>`)}</ul>` : t('profile.none')}</dd>
    <dt>${t('profile.needs')}</dt><dd>${p.needs.length ? html`<ul>${p.needs.map((o) => html`<li>${termOf('topics', o.topic)} — ${gradeOf('need_priorities', o.priority)}</li>`)}</ul>` : t('profile.none')}</dd>
    <dt>${t('profile.capacity')}</dt><dd>${p.capacity} · ${p.available ? t('profile.availableYes') : t('profile.availableNo')}</dd>
    ${p.about ? html`<dt>${t('profile.about')}</dt><dd class="about">${p.about}</dd>` : ''}
  </dl>`;
}
