// exchange-trainings.js — the exchange page's trainings: those recorded in its sessions
// (by either organisation) and, for leads and mentors while the exchange runs, a form to
// record one held in a session. It renders into its own section, so the exchange page
// only places it: ${trainingsSection(ctx, x)}.
import { render } from './vendor/lit-html/lit-html.js';
import { ref } from './vendor/lit-html/directives/ref.js';
import { formatDate, t } from './i18n.js';
import { errorLine, getTaxonomy, html, orgNames, orgOf, repeatKeyed, submit } from './ui.js';
import { body, describe, fields, resourceLink, usableResources } from './pages/trainings-form.js';

const states = new WeakMap(); // the page's ctx → this section's state

function stateOf(ctx) {
  let st = states.get(ctx);
  if (st) return st;
  st = { el: null, x: null, list: [], linkable: [], tax: null, nameOf: () => '', loaded: false, failed: null, form: { busy: false, error: null }, note: '' };
  st.attach = (el) => {
    if (!el || el === st.el) return;
    st.el = el;
    draw(ctx, st);
  };
  states.set(ctx, st);
  load(ctx, st);
  return st;
}

async function load(ctx, st) {
  const mine = orgOf(ctx);
  const recorder = !!mine && (mine.roles.includes('lead') || mine.roles.includes('mentor'));
  const lead = !!mine && mine.roles.includes('lead');
  const org = encodeURIComponent(ctx.params.org);
  const { api, signal } = ctx;
  try {
    const [list, linkable, members, tax, nameOf, resources] = await Promise.all([
      api.get(`/api/v1/orgs/${org}/exchanges/${encodeURIComponent(ctx.params.exchange)}/trainings`, { signal }),
      recorder ? api.get(`/api/v1/orgs/${org}/trainings/linkable`, { signal }) : { trainings: [] },
      lead ? api.get(`/api/v1/orgs/${org}/members`, { signal }) : { members: [] },
      getTaxonomy(), orgNames(ctx), recorder ? usableResources(api, signal) : []]);
    Object.assign(st, { list: list.trainings, linkable: linkable.trainings, members: members.members, tax, nameOf, recorder, resources });
  } catch (err) {
    st.failed = err;
  }
  st.loaded = true;
  draw(ctx, st);
}

function draw(ctx, st) {
  if (!st.el || !st.x) return;
  const x = st.x;
  const sessions = [...x.sessions].sort((a, b) => b.date.localeCompare(a.date));
  const working = st.recorder && ['accepted', 'active'].includes(x.state) && !x.paused;
  const org = encodeURIComponent(ctx.params.org);
  const onRecord = (e) => submit(e, st.form, () => draw(ctx, st), async (v, form) => {
    const path = `/api/v1/orgs/${org}/exchanges/${encodeURIComponent(x.id)}/sessions/${encodeURIComponent(v.session)}/trainings`;
    const tr = await ctx.api.post(path, body(v), { signal: ctx.signal });
    st.list = [tr, ...st.list];
    if (tr.trainers_trained > 0) st.linkable = [tr, ...st.linkable];
    form.reset();
    st.note = t('training.recorded');
  });
  const sessionOf = (id) => x.sessions.find((s) => s.id === id);
  // A training is most often held on its session's day: choosing the session sets it.
  const onSession = (e) => {
    const date = e.currentTarget.form.elements.date;
    if (date && sessionOf(e.currentTarget.value)) date.value = sessionOf(e.currentTarget.value).date;
  };
  let content;
  if (!st.loaded) content = html`<p>${t('training.loading')}</p>`;
  else if (st.failed) content = html`<p class="error" role="alert">${t('training.loadFailed')}</p>`;
  else {
    content = html`
      ${st.list.length ? '' : html`<p>${t('training.noneInExchange')}</p>`}
      <ul class="rows" data-exchange-trainings>${repeatKeyed(st.list, (tr) => tr.id, (tr) => html`<li data-training=${tr.id}><span>${describe(tr, st.tax)}
        · ${t('training.inSession', { date: sessionOf(tr.session) ? formatDate(sessionOf(tr.session).date, false) : '' })}
        · ${t('training.recordedBy', { org: st.nameOf(tr.org) })}${resourceLink(tr)}</span></li>`)}</ul>
      <p class="note" role="status">${st.note}</p>
      ${working && !sessions.length ? html`<p class="hint">${t('training.logSessionFirst')}</p>` : ''}
      ${working && sessions.length ? html`<details class="card" data-record-training>
        <summary>${t('training.record')}</summary>
        <form @submit=${onRecord} aria-busy=${st.form.busy ? 'true' : 'false'}>
          <div class="field"><label for="xt-session">${t('training.session')}</label>
            <select id="xt-session" name="session" required @change=${onSession}>${sessions.map((s) => html`<option value=${s.id}>${formatDate(s.date, false)}</option>`)}</select></div>
          ${fields({ prefix: 'xt', tax: st.tax, linkable: st.linkable, nameOf: st.nameOf, date: sessions[0].date, members: st.members, resources: st.resources })}
          ${errorLine(st.form, 'xt-error')}
          <button type="submit">${t('training.recordSubmit')}</button>
        </form></details>` : ''}`;
  }
  render(html`<h2 id="trainings-h">${t('training.inExchange')}</h2>${content}`, st.el);
}

// trainingsSection is the section's place on the exchange page; x is the exchange as the
// page has it now (its sessions change as they are logged).
export function trainingsSection(ctx, x) {
  const st = stateOf(ctx);
  st.x = x;
  if (st.el) queueMicrotask(() => draw(ctx, st));
  return html`<section aria-labelledby="trainings-h" data-trainings ${ref(st.attach)}></section>`;
}
