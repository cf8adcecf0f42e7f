// pages/exchange.js — one exchange: the goals checklist, the sessions held,
// the exchange room, and completing it with feedback.
import { render } from '../vendor/lit-html/lit-html.js';
import { errorText, formatDate } from '../i18n.js';
import { tipsSection } from '../exchange-tips.js';
import { hostSection } from '../exchange-host.js';
import { resourcesSection } from '../exchange-resources.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, orgNames, orgOf, repeatKeyed, stateText, submit, term } from '../ui.js';
import { trainingsSection } from '../exchange-trainings.js';

const SCALE = [1, 2, 3, 4, 5];

function scale(name, legend, t) {
  return html`<fieldset class="field" data-field=${name}><legend>${legend}</legend>
    <div class="choices inline">${SCALE.map((n) => html`<label class="check"><input type="radio" name=${name} value=${n} required>
      <span>${n}</span></label>`)}</div>
    <p class="hint">${t('exchange.scaleHint')}</p></fieldset>`;
}

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const org = encodeURIComponent(ctx.params.org);
  const path = `/api/v1/orgs/${org}/exchanges/${encodeURIComponent(ctx.params.exchange)}`;
  const mine = orgOf(ctx);
  const canWork = !!mine && (mine.roles.includes('lead') || mine.roles.includes('mentor'));
  const goal = { busy: false, error: null };
  const session = { busy: false, error: null };
  const done = { busy: false, error: null };
  let x = null;
  let tax = null;
  let failed = null;
  let note = '';
  let nameOf = () => '';

  try {
    [x, tax, nameOf] = await Promise.all([api.get(path, { signal }), getTaxonomy(), orgNames(ctx)]);
  } catch (err) {
    failed = err;
  }
  const tick = async (g, on) => {
    try {
      x = await api.put(`${path}/goals/${encodeURIComponent(g.id)}`, { done: on }, { signal });
      note = t(on ? 'exchange.goalDone' : 'exchange.goalUndone', { goal: g.text });
    } catch (err) {
      note = errorText(err);
    }
    draw();
  };
  const onGoal = (e) => submit(e, goal, draw, async ({ text }, form) => {
    x = await api.post(`${path}/goals`, { text: text.trim() }, { signal });
    form.reset();
    note = t('exchange.goalAdded');
  });
  const onSession = (e) => submit(e, session, draw, async (v, form) => {
    x = await api.post(`${path}/sessions`, { date: v.date, duration_minutes: Number(v.duration_minutes), format: v.format }, { signal });
    form.reset();
    note = t('exchange.sessionLogged');
  });
  const onComplete = (e) => submit(e, done, draw, async (v) => {
    const body = { usefulness: Number(v.usefulness), respect: Number(v.respect) };
    if (v.learned.trim()) body.learned = v.learned.trim();
    x = await api.post(`${path}/complete`, body, { signal });
    note = t('exchange.feedbackSent');
  });

  const feedback = (f, who) => (f ? html`<div class="card"><h3>${who}</h3>
    <p>${t('exchange.usefulness')}: ${f.usefulness}/5 · ${t('exchange.respect')}: ${f.respect}/5</p>
    ${f.learned ? html`<p class="about">${f.learned}</p>` : ''}</div>` : '');

  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('exchange.title')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const weLearn = x.request_org === ctx.params.org;
    const other = weLearn ? x.mentor_org : x.request_org;
    const ours = weLearn ? x.requester_feedback : x.mentor_feedback;
    // A host brought in is a third organisation: it neither learns nor mentors here.
    const weHost = x.host_org === ctx.params.org;
    const ourPart = weHost ? t('exchange.weHost', { hosted: nameOf(x.host_for) }) : t(weLearn ? 'exchange.weLearn' : 'exchange.weMentor');
    const working = ['accepted', 'active'].includes(x.state) && canWork && !x.paused && x.host_org !== ctx.params.org;
    render(html`
      <h1 tabindex="-1">${weHost ? t('exchange.between', { learner: nameOf(x.request_org), mentor: nameOf(x.mentor_org) }) : t('exchange.with', { name: nameOf(other) })}</h1>
      <p><strong>${t('request.state')}</strong> <span data-state>${stateText(x.state)}</span> · <span data-our-part>${ourPart}</span></p>
      ${x.paused ? html`<p class="card warning">${t('exchange.paused')}</p>` : ''}
      ${x.reason ? html`<p>${t(`reason.${x.reason}`)}${x.reason_text ? ` — ${x.reason_text}` : ''}</p>` : ''}
      ${['accepted', 'active', 'completed'].includes(x.state)
        ? html`<p><a class="button secondary" href=${`/rooms/x${encodeURIComponent(x.id)}`}>${t('exchange.room')}</a></p>` : ''}
      <p class="note" role="status">${note}</p>
      ${hostSection(ctx, x, (next) => { x = next; draw(); })}

      <section aria-labelledby="goals-h">
        <h2 id="goals-h">${t('exchange.goals')}</h2>
        ${x.goals.length ? '' : html`<p>${t('exchange.noGoals')}</p>`}
        <ul class="checklist">${repeatKeyed(x.goals, (g) => g.id, (g) => html`<li>
          <label class="check"><input type="checkbox" .checked=${!!g.done_at} ?disabled=${!working}
            @change=${(e) => tick(g, e.target.checked)}> <span>${g.text}</span></label>
        </li>`)}</ul>
        ${working ? html`<form class="inline-form" @submit=${onGoal} aria-busy=${goal.busy ? 'true' : 'false'}>
          <div class="field"><label for="goal-text">${t('exchange.newGoal')}</label>
            <input id="goal-text" name="text" data-field="text" required maxlength="500"></div>
          ${errorLine(goal, 'goal-error')}
          <button type="submit" class="secondary">${t('exchange.addGoal')}</button>
        </form>` : ''}
      </section>

      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">${t('exchange.sessions')}</h2>
        ${x.sessions.length ? '' : html`<p>${t('exchange.noSessions')}</p>`}
        <ul class="rows">${repeatKeyed(x.sessions, (s) => s.id, (s) => html`<li><span>${formatDate(s.date, false)} ·
          ${t('exchange.minutes', { n: s.duration_minutes })} · ${term(tax, 'formats', s.format)}</span></li>`)}</ul>
        ${working ? html`<form @submit=${onSession} aria-busy=${session.busy ? 'true' : 'false'}>
          <div class="field"><label for="session-date">${t('exchange.date')}</label>
            <input id="session-date" name="date" type="date" required class="short"></div>
          <div class="field"><label for="session-minutes">${t('exchange.duration')}</label>
            <input id="session-minutes" name="duration_minutes" type="number" min="1" max="1440" required inputmode="numeric" class="short"></div>
          <div class="field"><label for="session-format">${t('exchange.format')}</label>
            <select id="session-format" name="format">${tax.formats.map((f) => html`<option value=${f.id}>${term(tax, 'formats', f.id)}</option>`)}</select></div>
          ${errorLine(session, 'session-error')}
          <button type="submit" class="secondary">${t('exchange.logSession')}</button>
        </form>` : ''}
      </section>
      ${trainingsSection(ctx, x)}

      ${resourcesSection(ctx, x)}
      <section aria-labelledby="complete-h">
        <h2 id="complete-h">${t('exchange.complete')}</h2>
        ${feedback(x.requester_feedback, t('exchange.feedbackRequester'))}
        ${feedback(x.mentor_feedback, t('exchange.feedbackMentor'))}
        ${working && !ours ? html`<form class="card" @submit=${onComplete} aria-busy=${done.busy ? 'true' : 'false'}>
          <p>${t('exchange.completeHint')}</p>
          ${scale('usefulness', t('exchange.usefulness'), t)}
          ${scale('respect', t('exchange.respect'), t)}
          <div class="field"><label for="learned">${t('exchange.learned')}</label>
            <textarea id="learned" name="learned" maxlength="2000" rows="3"></textarea></div>
          ${errorLine(done, 'complete-error')}
          <button type="submit">${t('exchange.completeSubmit')}</button>
        </form>` : ''}
        ${ours && x.state !== 'completed' ? html`<p>${t('exchange.waitingOther')}</p>` : ''}
      </section>
      ${tipsSection(ctx, x)}`, root);
  };
  draw();
  return draw;
}
