// chat/people.js — who is who in a room: GET /api/v1/rooms/{room}/members gives each
// member's pseudonym, organisation and role. Until it answers (or where the server does
// not offer it) a person shows as a short form of their id.

export class People {
  constructor(api, room, me) {
    this.api = api;
    this.room = room;
    this.byID = new Map();
    if (me?.user) this.byID.set(me.user.id, { name: me.user.pseudonym, org: '', role: '', moderates: false });
  }

  // load reads the roster; it resolves false when the server gave none.
  async load(signal) {
    let data;
    try {
      data = await this.api.get(`/api/v1/rooms/${encodeURIComponent(this.room)}/members`, { signal });
    } catch {
      return false;
    }
    const list = Array.isArray(data) ? data : (data?.members || []);
    for (const m of list) {
      const id = m.user_id || m.id;
      if (!id) continue;
      const org = typeof m.organisation === 'object' && m.organisation ? m.organisation.name
        : (m.org_name || m.organisation_name || m.organisation || '');
      this.byID.set(id, { name: m.pseudonym || shortID(id), org: org || '', role: m.role || '', moderates: !!m.moderates });
    }
    return true;
  }

  name(id) { return this.byID.get(id)?.name || shortID(id); }
  org(id) { return this.byID.get(id)?.org || ''; }
  role(id) { return this.byID.get(id)?.role || ''; }
  moderates(id) { return !!this.byID.get(id)?.moderates; }
}

export function shortID(id) { return `#${String(id || '').slice(0, 6)}`; }
