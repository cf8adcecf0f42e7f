// nav.js — the header's links for who is signed in: leads, members and mentors
// of their organisation, admins of the platform.

export function navItems(me, org, unread) {
  if (!me) {
    return [
      { href: '/signin', key: 'nav.signIn' },
      { href: '/apply', key: 'nav.apply' },
    ];
  }
  const items = [{ href: '/', key: 'nav.home' }];
  if (org) {
    const base = `/orgs/${encodeURIComponent(org.id)}`;
    const lead = org.roles.includes('lead');
    items.push({ href: base, key: 'nav.organisation' });
    if (org.status === 'approved') {
      items.push({ href: `${base}/requests`, key: 'nav.requests' });
      if (lead) items.push({ href: `${base}/proposals`, key: 'nav.proposals' });
      items.push({ href: `${base}/exchanges`, key: 'nav.exchanges' });
      items.push({ href: `${base}/trainings`, key: 'training.nav' });
    }
    if (lead) items.push({ href: `${base}/members`, key: 'nav.members' });
    if (lead && org.status === 'approved') items.push({ href: `${base}/hosting`, key: 'nav.hosting' });
  }
  if ((me.platform_roles || []).includes('participant') || org?.status === 'approved') {
    items.push({ href: '/rooms', key: 'nav.rooms' });
    items.push({ href: '/reports', key: 'nav.myReports' });
  }
  if ((me.platform_roles || []).some((r) => r === 'participant' || r === 'admin') || org?.status === 'approved') items.push({ href: '/library', key: 'library.nav' });
  const roles = me.platform_roles || [];
  if (roles.includes('participant') || org?.status === 'approved' || roles.includes('admin')) items.push({ href: '/tips', key: 'nav.tips' });
  if (roles.includes('admin') || roles.includes('moderator')) {
    items.push({ href: '/admin/reports', key: 'nav.reportQueue' });
  }
  if (roles.includes('admin')) {
    items.push({ href: '/admin', key: 'nav.adminOrgs' });
    items.push({ href: '/admin/rounds', key: 'nav.adminRounds' });
    items.push({ href: '/admin/accounts', key: 'nav.adminAccounts' });
    items.push({ href: '/admin/moderators', key: 'nav.adminModerators' });
    items.push({ href: '/admin/audit', key: 'nav.adminAudit' });
    items.push({ href: '/admin/exchanges', key: 'nav.adminExchanges' });
    items.push({ href: '/admin/dashboard', key: 'nav.adminDashboard' });
  }
  items.push({ href: '/notifications', key: 'nav.notifications', badge: unread });
  items.push({ href: '/settings', key: 'nav.settings' });
  items.push({ signOut: true });
  return items;
}
