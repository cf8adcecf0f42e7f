// request-fields.js — what a request for a mentor says, as form fields and as text.
import { html } from './vendor/lit-html/lit-html.js';
import { label, languageList, t, tn } from './i18n.js';
import { grade, term } from './ui.js';

export function requestFields(tax, profile) {
  const needs = new Map((profile?.needs || []).map((n) => [n.topic, n.priority]));
  return html`
    <fieldset class="field topics" data-field="needs">
      <legend>${t('request.needs')}</legend>
      <p class="hint">${t('request.needsHint')}</p>
      ${tax.topics.map((x) => html`<div class="topic">
        <label for=${`rq-${x.id}`}>${label(x.label)}</label>
        <select id=${`rq-${x.id}`} name=${`needs:${x.id}`}>
          <option value="">${t('profile.notNeeded')}</option>
          ${tax.need_priorities.map((g) => html`<option value=${g.value} ?selected=${needs.get(x.id) === g.value}>${label(g.label)}</option>`)}
        </select></div>`)}
    </fieldset>
    <div class="field">
      <label for="rq-goals">${t('request.goals')}</label>
      <textarea id="rq-goals" name="goals" required maxlength="2000" rows="4" aria-describedby="rq-goals-hint"></textarea>
      <p id="rq-goals-hint" class="hint">${t('request.goalsHint')}</p>
    </div>
    <fieldset class="field" data-field="formats">
      <legend>${t('profile.formats')}</legend>
      <div class="choices">${tax.formats.map((x) => html`<label class="check"><input type="checkbox" name="formats" value=${x.id}
        ?checked=${(profile?.formats || []).includes(x.id)}> <span>${label(x.label)}</span></label>`)}</div>
    </fieldset>
    <div class="field">
      <label for="rq-languages">${t('profile.languages')}</label>
      <input id="rq-languages" name="languages" required .value=${(profile?.languages || []).join(', ')} aria-describedby="rq-languages-hint"
             autocapitalize="none" autocorrect="off" spellcheck="false">
      <p id="rq-languages-hint" class="hint">${t('hint.languages')}</p>
    </div>
    <label class="check"><input type="checkbox" name="accepts_interpretation" value="1"> <span>${t('request.interpretation')}</span></label>
    <div class="field">
      <label for="rq-start">${t('request.start')}</label>
      <input id="rq-start" name="start_month" type="month" data-field="time_frame" class="short" aria-describedby="rq-start-hint">
      <p id="rq-start-hint" class="hint">${t('request.startHint')}</p>
    </div>
    <div class="field">
      <label for="rq-weeks">${t('request.weeks')}</label>
      <input id="rq-weeks" name="duration_weeks" type="number" min="0" max="104" inputmode="numeric" class="short">
    </div>`;
}

export function readRequest(form) {
  const fd = new FormData(form);
  const text = (k) => String(fd.get(k) || '').trim();
  const body = {
    needs: [...fd.entries()].filter(([k, v]) => k.startsWith('needs:') && v)
      .map(([k, v]) => ({ topic: k.slice(6), priority: Number(v) })),
    goals: text('goals'),
    formats: fd.getAll('formats'),
    languages: text('languages').toLowerCase().split(/[\s,;]+/).filter(Boolean),
    accepts_interpretation: fd.get('accepts_interpretation') === '1',
  };
  const tf = {};
  if (/^\d{4}-\d{2}$/.test(text('start_month'))) tf.start_month = text('start_month');
  if (text('duration_weeks')) tf.duration_weeks = Number(text('duration_weeks'));
  if (Object.keys(tf).length) body.time_frame = tf;
  return body;
}

// requestView shows what a request says; theirs when another organisation reads it.
export function requestView(tax, r, theirs = false) {
  return html`<dl class="facts">
    <dt>${t(theirs ? 'proposals.needs' : 'request.needs')}</dt>
    <dd><ul>${(r.needs || []).map((n) => html`<li>${term(tax, 'topics', n.topic)} — ${grade(tax, 'need_priorities', n.priority)}</li>`)}</ul></dd>
    ${r.goals ? html`<dt>${t('request.goals')}</dt><dd class="about">${r.goals}</dd>` : ''}
    <dt>${t('profile.formats')}</dt><dd>${(r.formats || []).map((f) => term(tax, 'formats', f)).join(', ') || t('profile.none')}</dd>
    <dt>${t('profile.languages')}</dt><dd>${languageList(r.languages)}${r.accepts_interpretation ? ` · ${t('request.interpretationYes')}` : ''}</dd>
    ${r.time_frame?.start_month || r.time_frame?.duration_weeks ? html`<dt>${t('request.timeFrame')}</dt>
      <dd>${[r.time_frame.start_month, r.time_frame.duration_weeks ? tn('request.weeksN', r.time_frame.duration_weeks) : ''].filter(Boolean).join(' · ')}</dd>` : ''}
  </dl>`;
}
