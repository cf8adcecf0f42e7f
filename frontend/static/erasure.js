// erasure.js — the two steps of deleting an account or offboarding an organisation:
// first the choice for the messages, explained; then a confirmation that names what
// will go, asks for the password, and only then deletes.
import { errorLine, html, submit } from './ui.js';

// erasureState is one flow's state: the step, the choice, the request in flight.
export function erasureState() {
  return { step: 'choose', messages: '', busy: false, error: null, done: '' };
}

// choose is the first step: the two choices for the messages, each explained.
export function chooseStep(st, draw, { t, id, legend }) {
  const onContinue = (e) => {
    e.preventDefault();
    st.messages = new FormData(e.currentTarget).get('messages');
    st.step = 'confirm';
    st.error = null;
    draw();
    document.getElementById(`${id}-confirm-h`)?.focus();
  };
  return html`
    <form @submit=${onContinue}>
      <fieldset class="field">
        <legend>${legend}</legend>
        ${['wipe', 'keep'].map((m) => html`
          <label class="check"><input type="radio" name="messages" value=${m} required
            .checked=${st.messages === m} aria-describedby=${`${id}-${m}-hint`}> <span>${t(`privacy.${m}`)}</span></label>
          <p id=${`${id}-${m}-hint`} class="hint">${t(`privacy.${m}Hint`)}</p>`)}
      </fieldset>
      <button type="submit" class="secondary danger">${t('privacy.continue')}</button>
    </form>`;
}

// confirmStep names the consequences, asks for the password and runs erase(password).
export function confirmStep(st, draw, { t, id, title, consequences, button, erase }) {
  const onConfirm = (e) => submit(e, st, draw, async ({ password }) => {
    await erase(password);
    st.step = 'done';
  });
  const back = () => {
    st.step = 'choose';
    st.error = null;
    draw();
  };
  return html`
    <div class="card warning" role="group" aria-labelledby=${`${id}-confirm-h`}>
      <h3 id=${`${id}-confirm-h`} tabindex="-1">${title}</h3>
      <ul>${consequences.map((c) => html`<li>${c}</li>`)}</ul>
      <p><strong>${t('privacy.final')}</strong></p>
      <form @submit=${onConfirm} aria-busy=${st.busy ? 'true' : 'false'}>
        <div class="field">
          <label for=${`${id}-password`}>${t('privacy.password')}</label>
          <input id=${`${id}-password`} name="password" data-field="password" type="password" autocomplete="current-password" required>
        </div>
        ${errorLine(st, `${id}-error`)}
        <p class="actions">
          <button type="submit" class="danger" ?disabled=${st.busy}>${button}</button>
          <button type="button" class="secondary" @click=${back}>${t('privacy.back')}</button>
        </p>
      </form>
    </div>`;
}
