package authz

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

// truthRow is one line of testdata/truth.csv: a user holding grants asks a question.
type truthRow struct {
	line   int
	grants [][2]string // role, scope
	domain string
	object string
	action string
	allow  bool
}

func (r truthRow) String() string {
	return fmt.Sprintf("truth.csv:%d %v asks %s %s/%s", r.line, r.grants, r.domain, r.object, r.action)
}

func loadTruth(t *testing.T) []truthRow {
	t.Helper()
	f, err := os.Open("testdata/truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = 6
	header, err := r.Read()
	if err != nil {
		t.Fatalf("truth.csv: %v", err)
	}
	if want := []string{"role", "scope", "domain", "object", "action", "expect"}; !slices.Equal(header, want) {
		t.Fatalf("truth.csv header = %q, want %q", header, want)
	}
	var rows []truthRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("truth.csv: %v", err)
		}
		line, _ := r.FieldPos(0)
		roles, scopes := strings.Split(rec[0], "+"), strings.Split(rec[1], "+")
		if len(roles) != len(scopes) {
			t.Fatalf("truth.csv:%d: %d roles but %d scopes", line, len(roles), len(scopes))
		}
		row := truthRow{line: line, domain: rec[2], object: rec[3], action: rec[4]}
		for i := range roles {
			row.grants = append(row.grants, [2]string{roles[i], scopes[i]})
		}
		switch rec[5] {
		case "allow":
			row.allow = true
		case "deny":
		default:
			t.Fatalf("truth.csv:%d: expect %q, want allow or deny", line, rec[5])
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		t.Fatal("truth.csv has no rows")
	}
	return rows
}

// ask grants the row's roles to userID on e and returns the decision.
func ask(t *testing.T, e *Enforcer, userID string, row truthRow) bool {
	t.Helper()
	for _, g := range row.grants {
		if err := e.Grant(userID, g[0], g[1]); err != nil {
			t.Fatalf("%v: grant %v: %v", row, g, err)
		}
	}
	got, err := e.Allowed(userID, row.domain, row.object, row.action)
	if err != nil {
		t.Fatalf("%v: %v", row, err)
	}
	return got
}

func TestTruthTable(t *testing.T) {
	for _, row := range loadTruth(t) {
		e, err := New(newMemAdapter())
		if err != nil {
			t.Fatal(err)
		}
		if got := ask(t, e, "7", row); got != row.allow {
			t.Errorf("%v: got allow=%v, want %v", row, got, row.allow)
		}
	}
}

// TestTruthTableCoversRolesAndPolicy keeps the table honest as the policy grows: every
// role and every object/action of the policy must appear in it.
func TestTruthTableCoversRolesAndPolicy(t *testing.T) {
	rows := loadTruth(t)
	roles := map[string]bool{}
	asked := map[string]bool{}
	for _, row := range rows {
		for _, g := range row.grants {
			roles[g[0]] = true
		}
		asked[row.object+"/"+row.action] = true
	}
	for _, role := range []string{RoleUser, RoleParticipant, RoleAdmin, RoleModerator, RoleLead,
		RoleMember, RoleMentor, RoleContributor, RoleOwner, RoleRoomMod, RoleMuted, RoleBanned} {
		if !roles[role] {
			t.Errorf("role %q has no row in truth.csv", role)
		}
	}
	policy, err := parsePolicy(policyCSV)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range policy {
		if !roles[p[0]] {
			t.Errorf("policy line %q names role %q, which truth.csv never grants", p, p[0])
		}
		if !asked[p[2]+"/"+p[3]] {
			t.Errorf("policy line %q: truth.csv never asks %s/%s", p, p[2], p[3])
		}
	}
}

// TestEveryPolicyLineIsNeeded removes each policy line in turn and requires that at
// least one row of the truth table then gets another answer.
func TestEveryPolicyLineIsNeeded(t *testing.T) {
	rows := loadTruth(t)
	policy, err := parsePolicy(policyCSV)
	if err != nil {
		t.Fatal(err)
	}
	grants := rowGrants(t, rows)
	// Sanity: the shared-enforcer shortcut below (one user per row) agrees with the table.
	if changed := changedRows(t, policy, rows, grants); len(changed) != 0 {
		t.Fatalf("full policy disagrees with truth.csv on %d rows, first %v", len(changed), changed[0])
	}
	for i, line := range policy {
		t.Run(strings.Join(line, ","), func(t *testing.T) {
			without := slices.Delete(slices.Clone(policy), i, i+1)
			// Only rows asking the line's object/action can change (the matcher requires
			// both equal), so only those are asked: it keeps the race run short.
			asking := slices.DeleteFunc(slices.Clone(rows), func(r truthRow) bool {
				return r.object != line[2] || r.action != line[3]
			})
			changed := changedRows(t, without, asking, grants)
			if len(changed) == 0 {
				t.Fatalf("policy line %q is redundant: removing it changes no row of truth.csv", line)
			}
			t.Logf("needed by %d rows, e.g. %v", len(changed), changed[0])
		})
	}
}

// changedRows evaluates every row on one enforcer with the given policy, each row on
// its own user, and returns the rows whose answer differs from the table. The grants
// of all rows are loaded in one go from grants (see rowGrants).
func changedRows(t *testing.T, policy [][]string, rows []truthRow, grants *memAdapter) []truthRow {
	t.Helper()
	e, err := newEnforcer(policy, grants)
	if err != nil {
		t.Fatal(err)
	}
	var changed []truthRow
	for _, row := range rows {
		got, err := e.Allowed(rowUser(row.line), row.domain, row.object, row.action)
		if err != nil {
			t.Fatalf("%v: %v", row, err)
		}
		if got != row.allow {
			changed = append(changed, row)
		}
	}
	return changed
}

func rowUser(line int) string { return fmt.Sprint("line", line) }

// rowGrants stores the grants of every row, each row on its own user.
func rowGrants(t *testing.T, rows []truthRow) *memAdapter {
	t.Helper()
	a := newMemAdapter()
	for _, row := range rows {
		for _, g := range row.grants {
			ptype, rule, err := grantRule(rowUser(row.line), g[0], g[1])
			if err != nil {
				t.Fatalf("%v: %v", row, err)
			}
			a.put(ptype, rule...)
		}
	}
	return a
}
