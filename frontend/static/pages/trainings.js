// pages/trainings.js — an organisation's trainings: its reach by generation, the
// trainings it recorded (in exchanges or on its own), and, for leads and mentors, a form
// to record one it ran outside an exchange, naming where its trainers learned.
import { render } from '../vendor/lit-html/lit-html.js';
import { formatNumber } from '../i18n.js';
import { errorLine, getTaxonomy, html, loadFailed, needSignIn, orgNames, orgOf, repeatKeyed, submit } from '../ui.js';
import { body, describe, fields, resourceLink, usableResources } from './trainings-form.js';

export async function mount(root, ctx) {
  if (needSignIn(ctx)) return;
  const { t, api, signal } = ctx;
  const path = `/api/v1/orgs/${encodeURIComponent(ctx.params.org)}/trainings`;
  const mine = orgOf(ctx);
  const recorder = !!mine && (mine.roles.includes('lead') || mine.roles.includes('mentor'));
  const lead = !!mine && mine.roles.includes('lead');
  const form = { busy: false, error: null };
  let data = null;
  let linkable = [];
  let members = [];
  let resources = [];
  let tax = null;
  let nameOf = () => '';
  let failed = null;
  let note = '';
  const today = new Date().toISOString().slice(0, 10);

  const reload = async () => {
    [data, linkable] = await Promise.all([api.get(path, { signal }),
      recorder ? api.get(`${path}/linkable`, { signal }).then((r) => r.trainings) : []]);
  };
  try {
    [, tax, nameOf, members, resources] = await Promise.all([reload(), getTaxonomy(), orgNames(ctx),
      lead ? api.get(`/api/v1/orgs/${encodeURIComponent(ctx.params.org)}/members`, { signal }).then((r) => r.members) : [],
      recorder ? usableResources(api, signal) : []]);
  } catch (err) {
    failed = err;
  }
  const onRecord = (e) => submit(e, form, draw, async (v, el) => {
    await api.post(path, body(v), { signal });
    await reload();
    el.reset();
    note = t('training.recorded');
  });

  const draw = () => {
    if (failed) {
      render(html`<h1 tabindex="-1">${t('training.title')}</h1>${loadFailed(failed)}`, root);
      return;
    }
    const where = (tr) => (tr.exchange ? t('training.inAnExchange') : t('training.onOurOwn'));
    render(html`
      <h1 tabindex="-1">${t('training.title')}</h1>
      <p>${t('training.intro')}</p>
      <p class="note" role="status">${note}</p>
      <h2>${t('training.ourReach')}</h2>
      ${data.reach.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="reach-caption">
        <table class="data" data-table="org-reach"><caption id="reach-caption">${t('training.ourReachCaption')}</caption>
          <thead><tr><th scope="col">${t('training.generation')}</th><th scope="col">${t('training.trainings')}</th>
            <th scope="col">${t('training.trainersTrained')}</th><th scope="col">${t('training.peersReached')}</th></tr></thead>
          <tbody>${data.reach.map((r) => html`<tr><th scope="row">${t('training.generationN', { n: r.generation })}</th>
            <td>${formatNumber(r.trainings)}</td><td>${formatNumber(r.trainers_trained)}</td><td>${formatNumber(r.peers_reached)}</td></tr>`)}</tbody>
        </table></div>` : html`<p>${t('training.none')}</p>`}
      <h2>${t('training.recordedTitle')}</h2>
      <ul class="rows" data-org-trainings>${repeatKeyed(data.trainings, (tr) => tr.id, (tr) => html`<li data-training=${tr.id}>
        <span>${describe(tr, tax)} · ${where(tr)}${resourceLink(tr)}</span></li>`)}</ul>
      ${recorder ? html`<section aria-labelledby="record-h" class="card">
        <h2 id="record-h">${t('training.recordOwn')}</h2>
        <p class="hint">${t('training.recordOwnHint')}</p>
        <form @submit=${onRecord} aria-busy=${form.busy ? 'true' : 'false'} data-record-own>
          ${fields({ prefix: 'ot', tax, linkable, nameOf, date: today, members, resources })}
          ${errorLine(form, 'ot-error')}
          <button type="submit">${t('training.recordSubmit')}</button>
        </form></section>` : ''}`, root);
  };
  draw();
  return draw;
}
