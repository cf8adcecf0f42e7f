package web

import "testing"

// TestAuditedRoutesExist: a staff action renamed in routes() must not silently leave
// the audit log.
func TestAuditedRoutesExist(t *testing.T) {
	have := map[string]bool{}
	for _, r := range (&server{}).routes() {
		have[r.method+" "+r.path] = true
	}
	for key := range auditedRoutes {
		if !have[key] {
			t.Errorf("audited route %s is not in routes()", key)
		}
	}
}
