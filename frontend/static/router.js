// router.js — the app's pages by path pattern, each a module imported when first shown.
// A pattern's ":name" parts become ctx.params.name.

export const routes = [
  { path: '/', load: () => import('./pages/home.js') },
  { path: '/signin', load: () => import('./pages/signin.js') },
  { path: '/apply', load: () => import('./pages/apply.js') },
  { path: '/join', load: () => import('./pages/join.js') },
  { path: '/setup', load: () => import('./pages/setup.js') },
  { path: '/recover', load: () => import('./pages/recover.js') },
  { path: '/settings', load: () => import('./pages/settings.js') },
  { path: '/settings/privacy', load: () => import('./pages/privacy.js') },
  { path: '/notifications', load: () => import('./pages/notifications.js') },
  { path: '/orgs/:org', load: () => import('./pages/org.js') },
  { path: '/orgs/:org/profile', load: () => import('./pages/profile.js') },
  { path: '/orgs/:org/offboard', load: () => import('./pages/offboard.js') },
  { path: '/orgs/:org/members', load: () => import('./pages/members.js') },
  { path: '/orgs/:org/requests', load: () => import('./pages/requests.js') },
  { path: '/orgs/:org/requests/:request', load: () => import('./pages/request.js') },
  { path: '/orgs/:org/proposals', load: () => import('./pages/proposals.js') },
  { path: '/orgs/:org/exchanges', load: () => import('./pages/exchanges.js') },
  { path: '/orgs/:org/exchanges/:exchange', load: () => import('./pages/exchange.js') },
  { path: '/orgs/:org/hosting', load: () => import('./pages/hosting.js') },
  { path: '/orgs/:org/trainings', load: () => import('./pages/trainings.js') },
  { path: '/trainings/named', load: () => import('./pages/trainings-named.js') },
  { path: '/admin', load: () => import('./pages/admin-orgs.js') },
  { path: '/admin/orgs/:org', load: () => import('./pages/admin-org.js') },
  { path: '/admin/accounts', load: () => import('./pages/admin-accounts.js') },
  { path: '/admin/rounds', load: () => import('./pages/admin-rounds.js') },
  { path: '/admin/rounds/:round', load: () => import('./pages/admin-round.js') },
  { path: '/rooms', load: () => import('./pages/rooms.js') },
  { path: '/rooms/:room', load: () => import('./pages/room.js') },
  { path: '/rooms/:room/moderation', load: () => import('./pages/room-moderation.js') },
  { path: '/rooms/:room/moderation/reports/:report', load: () => import('./pages/report.js') },
  { path: '/reports', load: () => import('./pages/my-reports.js') },
  { path: '/admin/reports', load: () => import('./pages/admin-reports.js') },
  { path: '/admin/reports/:report', load: () => import('./pages/report.js') },
  { path: '/admin/audit', load: () => import('./pages/admin-audit.js') },
  { path: '/admin/moderators', load: () => import('./pages/admin-moderators.js') },
  { path: '/admin/exchanges', load: () => import('./pages/admin-exchanges.js') },
  { path: '/admin/dashboard', load: () => import('./pages/admin-dashboard.js') },
  { path: '/tips', load: () => import('./pages/tips.js') },
  { path: '/library', load: () => import('./pages/library.js') },
  { path: '/library/new', load: () => import('./pages/library-new.js') },
  { path: '/library/:id', load: () => import('./pages/library-resource.js') },
];

const notFound = { path: '', load: () => import('./pages/notfound.js') };

const compiled = routes.map((r) => {
  const names = [];
  const source = r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (m, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route: r, re: new RegExp(`^${source}$`), names };
});

// match finds the route of a path and its decoded params.
export function match(pathname) {
  const path = pathname.replace(/\/+$/, '') || '/';
  for (const { route, re, names } of compiled) {
    const m = re.exec(path);
    if (!m) continue;
    const params = {};
    try {
      names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
    } catch {
      break; // a malformed escape: no page has that address
    }
    return { route, params };
  }
  return { route: notFound, params: {} };
}
