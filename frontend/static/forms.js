// forms.js — submit handling shared by every form: one request at a time,
// errors announced (role="alert") and tied to the field the server named.
import { errorText, setRaw } from './i18n.js';

let errorIds = 0;

function fieldNamed(form, name) {
  if (!name) return null;
  for (const el of form.elements) {
    if (el.name === name || el.dataset.field === name) return el;
  }
  return null;
}

function describedBy(el, id, on) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

function clearError(form, errorEl) {
  setRaw(errorEl, '');
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    describedBy(el, errorEl.id, false);
  }
}

export function showError(form, errorEl, err) {
  setRaw(errorEl, errorText(err));
  const field = fieldNamed(form, err.field);
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    describedBy(field, errorEl.id, true);
    field.focus();
  }
}

// bindForm calls submit(values) on submit. Values are the form's fields as
// strings; pseudonyms are trimmed, passwords never are.
export function bindForm(form, submit) {
  const errorEl = form.querySelector('[data-error]');
  if (!errorEl.id) errorEl.id = `form-error-${++errorIds}`;
  const button = form.querySelector('[type=submit]');
  let busy = false;

  for (const box of form.querySelectorAll('[data-show-password]')) {
    box.addEventListener('change', () => {
      for (const input of form.querySelectorAll('[data-password]')) input.type = box.checked ? 'text' : 'password';
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearError(form, errorEl);
    const values = Object.fromEntries(new FormData(form));
    if (typeof values.pseudonym === 'string') values.pseudonym = values.pseudonym.trim();
    busy = true;
    form.setAttribute('aria-busy', 'true');
    button.setAttribute('aria-disabled', 'true');
    try {
      await submit(values);
    } catch (err) {
      showError(form, errorEl, err);
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
      button.removeAttribute('aria-disabled');
    }
  });
}
