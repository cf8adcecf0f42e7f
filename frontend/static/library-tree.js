// library-tree.js — a resource's family tree (GET /library/{id}/tree) as nested
// lists: the seed and every adaptation of it, down the generations. A node the
// person may not see is named only as that, so the ripple shows and nothing leaks.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { displayName, t } from './i18n.js';

function node(n, here) {
  const kids = n.children || [];
  let what;
  if (!n.visible) {
    what = html`<span class="tree-hidden" data-hidden-node>${t('library.tree.hidden')}</span>`;
  } else if (n.id === here) {
    what = html`<strong aria-current="page" data-node=${n.id}>${n.title}</strong>`;
  } else {
    what = html`<a href=${`/library/${encodeURIComponent(n.id)}`} data-node=${n.id}>${n.title}</a>`;
  }
  return html`<li>${what}${n.visible ? html` <span class="hint">${displayName('language', n.language)}${n.org_name ? ` · ${n.org_name}` : ` · ${t('library.programme')}`}</span>` : nothing}
    ${kids.length ? html`<ul>${kids.map((k) => node(k, here))}</ul>` : nothing}</li>`;
}

// familyTree draws the tree from its root; here is the resource on screen.
export function familyTree(root, here) {
  return html`<ul class="tree" aria-labelledby="tree-h" data-tree>${node(root, here)}</ul>`;
}

// findNode finds the visible node with id in the tree, or null.
export function findNode(n, id) {
  if (!n) return null;
  if (n.visible && n.id === id) return n;
  for (const k of n.children || []) {
    const found = findNode(k, id);
    if (found) return found;
  }
  return null;
}
