// pages/notfound.js — an address the app does not know.
import { render } from '../vendor/lit-html/lit-html.js';
import { html } from '../ui.js';

export async function mount(root, ctx) {
  render(html`<h1 tabindex="-1">${ctx.t('notfound.title')}</h1>
    <p><a href="/">${ctx.t('notfound.home')}</a></p>`, root);
}
