// pages/trainings-form.js — what recording a training needs wherever it is recorded (an
// exchange session, or the organisation's own trainings page): the fields, the body sent,
// and one training in words. People are counted by role, never named.
import { formatDate, t } from '../i18n.js';
import { html, term } from '../ui.js';

export const ROLES = ['peer_educators', 'members', 'health_workers', 'police', 'media'];

// total is everyone who took part: the peers a training reached.
export function total(p) {
  return ROLES.reduce((n, r) => n + (p[r] || 0), 0);
}

// describe is one training in words: date, topic, who took part, trainers, generation.
export function describe(tr, tax) {
  const line = t('training.line', {
    date: formatDate(tr.date, false), topic: term(tax, 'topics', tr.topic),
    peers: total(tr.participants), trainers: tr.trainers_trained, generation: tr.generation,
  });
  return tr.named_trainers?.length ? `${line} · ${t('training.namedTrainers', { names: tr.named_trainers.join(', ') })}` : line;
}

// resourceLink opens the library resource a training used, if it names one (the library
// answers whether the reader may see it).
export function resourceLink(tr) {
  return tr.resource ? html` · <a href=${`/library/${encodeURIComponent(tr.resource)}`}>${t('training.resourceUsed')}</a>` : '';
}

// usableResources are the library resources the reader may see, for the form's choice of
// the resource used; none when the library cannot be read.
export async function usableResources(api, signal) {
  try {
    return (await api.get('/api/v1/library', { signal })).resources;
  } catch {
    return [];
  }
}

// fields are the form's inputs; prefix keeps ids unique on a page, date fills the date,
// linkable are the trainings the organisation may name as where its trainers learned,
// members (for leads only) the accounts a lead may name as trainers, with their consent,
// resources the library resources one may name as the one used.
export function fields({ prefix, tax, linkable, nameOf, date, members = [], resources = [] }) {
  const id = (name) => `${prefix}-${name.replace('.', '-')}`;
  const count = (name, labelKey) => html`<div class="field"><label for=${id(name)}>${t(labelKey)}</label>
    <input id=${id(name)} name=${name} type="number" min="0" max="100000" value="0" required inputmode="numeric" class="short"></div>`;
  return html`
    <div class="field"><label for=${id('topic')}>${t('training.topic')}</label>
      <select id=${id('topic')} name="topic" required>${tax.topics.map((x) => html`<option value=${x.id}>${term(tax, 'topics', x.id)}</option>`)}</select></div>
    ${resources.length ? html`<div class="field"><label for=${id('resource')}>${t('training.resource')}</label>
      <select id=${id('resource')} name="resource"><option value="">${t('training.noResource')}</option>
        ${resources.map((r) => html`<option value=${r.id}>${r.title}</option>`)}</select></div>` : ''}
    <div class="field"><label for=${id('date')}>${t('training.date')}</label>
      <input id=${id('date')} name="date" type="date" required class="short" value=${date || ''}></div>
    <fieldset class="field" data-field="participants"><legend>${t('training.participants')}</legend>
      <p class="hint">${t('training.participantsHint')}</p>
      ${ROLES.map((r) => count(`participants.${r}`, `training.role.${r}`))}
    </fieldset>
    ${count('trainers_trained', 'training.trainersTrained')}
    <div class="field"><label for=${id('learned')}>${t('training.learnedAt')}</label>
      <select id=${id('learned')} name="learned_at" aria-describedby=${id('learned-hint')}>
        <option value="">${t('training.firstHand')}</option>
        ${linkable.map((p) => html`<option value=${p.id}>${t('training.linkOption', { org: nameOf(p.org), line: describe(p, tax) })}</option>`)}
      </select>
      <p class="hint" id=${id('learned-hint')}>${t('training.learnedAtHint')}</p></div>
    ${members.length ? html`<fieldset class="field" data-field="trainers"><legend>${t('training.nameTrainers')}</legend>
      <p class="hint">${t('training.nameTrainersHint')}</p>
      <div class="choices">${members.map((m) => html`<label class="check"><input type="checkbox" name=${`trainer.${m.id}`} value=${m.id}>
        <span>${m.pseudonym}</span></label>`)}</div>
    </fieldset>` : ''}`;
}

// body turns the form's values into the API's training.
export function body(v) {
  const n = (k) => Number(v[k] || 0);
  const out = { topic: v.topic, date: v.date, trainers_trained: n('trainers_trained'), participants: {} };
  for (const r of ROLES) out.participants[r] = n(`participants.${r}`);
  if (v.learned_at) out.learned_at = v.learned_at;
  if (v.resource) out.resource = v.resource;
  const trainers = Object.keys(v).filter((k) => k.startsWith('trainer.')).map((k) => v[k]);
  if (trainers.length) out.trainers = trainers;
  return out;
}
