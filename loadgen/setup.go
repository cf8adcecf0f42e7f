package loadgen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sessionCookie is the name of the server's session cookie.
const sessionCookie = "__Host-cascade_session"

// loadAPI calls the server's HTTP API the way a browser on the public origin would.
type loadAPI struct {
	base, origin string
	metricsURL   string
	http         *http.Client
}

// call sends in as JSON with the session token (if any) and decodes a 2xx answer into
// out (if any). It returns the session token the answer set, if it set one.
func (a *loadAPI) call(ctx context.Context, method, path, token string, in, out any) (string, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return "", err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return "", err
	}
	req.Header.Set("Origin", a.origin)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Cookie", sessionCookie+"="+token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode/100 != 2 {
		return "", &statusError{method: method, path: path, status: resp.StatusCode, body: string(bytes.TrimSpace(data))}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return "", fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return c.Value, nil
		}
	}
	return "", nil
}

// statusError is a non-2xx answer.
type statusError struct {
	method, path string
	status       int
	body         string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.method, e.path, e.status, e.body)
}

// loadUser is one account the tool created, signed in.
type loadUser struct {
	name, token string
	password    string       // to sign in again when the session idled out; "" if unknown
	sent        atomic.Int64 // numbers the account's client_ids
}

// loadAccounts signs in the lead once and creates member accounts on demand; scenarios
// reuse them, because each costs the server an argon2id hash.
type loadAccounts struct {
	api      *loadAPI
	run      string
	lead     string // the lead's session
	org      string
	password string // shared by the load accounts; they exist only for this run

	file string // where accounts are kept between runs, if anywhere

	mu    sync.Mutex
	users []*loadUser
}

func newLoadAccounts(ctx context.Context, api *loadAPI, c loadConfig) (*loadAccounts, error) {
	lead, err := api.call(ctx, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"pseudonym": c.lead, "password": c.password}, nil)
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", c.lead, err)
	}
	var me struct {
		Organisations []struct {
			ID     string   `json:"id"`
			Status string   `json:"status"`
			Roles  []string `json:"roles"`
		} `json:"organisations"`
	}
	if _, err := api.call(ctx, http.MethodGet, "/api/v1/me", lead, nil, &me); err != nil {
		return nil, err
	}
	a := &loadAccounts{api: api, run: c.run, lead: lead, password: "load " + rand.Text(), file: c.accounts}
	for _, o := range me.Organisations {
		if o.Status == "approved" && slices.Contains(o.Roles, "lead") {
			a.org = o.ID
			break
		}
	}
	if a.org == "" {
		return nil, fmt.Errorf("%s leads no approved organisation", c.lead)
	}
	if a.file != "" {
		if a.users, err = readAccounts(a.file); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// readAccounts loads the "pseudonym token password" lines a previous run saved (older
// files lack the password); a missing file is an empty list.
func readAccounts(path string) ([]*loadUser, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var users []*loadUser
	for line := range strings.Lines(string(data)) {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		token, password, _ := strings.Cut(rest, " ")
		// Fresh client_id numbers must not collide with the last run's.
		u := &loadUser{name: name, token: token, password: password}
		u.sent.Store(time.Now().UnixNano())
		users = append(users, u)
	}
	return users, nil
}

// saveAccounts writes every account with its session token and password (readable by
// the owner only: they sign in as those accounts, which exist only for load runs).
func saveAccounts(path string, users []*loadUser) error {
	var b strings.Builder
	for _, u := range users {
		b.WriteString(strings.TrimSpace(u.name + " " + u.token + " " + u.password))
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// hashers bounds account creations in flight: each costs the server a 64 MiB argon2id
// hash and the server runs two at a time; four keeps its hashers busy between requests.
const hashers = 4

// ensure makes sure at least n accounts exist and returns the first n.
func (a *loadAccounts) ensure(ctx context.Context, n int) ([]*loadUser, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	have := len(a.users)
	renewed, err := a.refresh(ctx, a.users[:min(have, n)])
	if err != nil {
		return nil, err
	}
	if have >= n {
		if renewed && a.file != "" {
			if err := saveAccounts(a.file, a.users); err != nil {
				return nil, err
			}
		}
		return a.users[:n], nil
	}
	made := make([]*loadUser, n-have)
	errs := make([]error, hashers)
	var wg sync.WaitGroup
	for w := range hashers {
		wg.Go(func() {
			// Each worker keeps at most one invite open: an organisation may hold 50.
			for i := w; i < len(made) && errs[w] == nil; i += hashers {
				made[i], errs[w] = a.create(ctx, have+i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	a.users = append(a.users, made...)
	if a.file != "" {
		if err := saveAccounts(a.file, a.users); err != nil {
			return nil, err
		}
	}
	return a.users[:n], nil
}

func (a *loadAccounts) create(ctx context.Context, i int) (*loadUser, error) {
	var inv struct {
		Token string `json:"token"`
	}
	if _, err := a.api.call(ctx, http.MethodPost, "/api/v1/orgs/"+a.org+"/invites", a.lead, nil, &inv); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("load-%s-%d", a.run, i)
	tok, err := a.api.call(ctx, http.MethodPost, "/api/v1/invites/accept", "", map[string]string{"token": inv.Token, "pseudonym": name, "password": a.password}, nil)
	if err != nil {
		return nil, err
	}
	if tok == "" {
		return nil, fmt.Errorf("accepting an invite as %s set no session cookie", name)
	}
	return &loadUser{name: name, token: tok, password: a.password}, nil
}

// refresh signs in again, with their passwords, the accounts among users whose sessions
// ended (a session idles out after 30 minutes); it reports whether any did.
func (a *loadAccounts) refresh(ctx context.Context, users []*loadUser) (bool, error) {
	var renewed atomic.Bool
	err := parallel(len(users), 8, func(i int) error {
		u := users[i]
		_, err := a.api.call(ctx, http.MethodGet, "/api/v1/me", u.token, nil, nil)
		var se *statusError
		if !errors.As(err, &se) || se.status != http.StatusUnauthorized {
			return err
		}
		if u.password == "" {
			return fmt.Errorf("the session of %s ended and the accounts file has no password for it: remove the file", u.name)
		}
		tok, err := a.api.call(ctx, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"pseudonym": u.name, "password": u.password}, nil)
		if err != nil {
			return err
		}
		u.token = tok
		renewed.Store(true)
		return nil
	})
	return renewed.Load(), err
}

// space opens a community space as the lead and lets each of users join it.
func (a *loadAccounts) space(ctx context.Context, title string, users []*loadUser) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	if _, err := a.api.call(ctx, http.MethodPost, "/api/v1/rooms", a.lead, map[string]string{"title": title, "access": "open"}, &r); err != nil {
		return "", err
	}
	err := parallel(len(users), 8, func(i int) error {
		_, err := a.api.call(ctx, http.MethodPost, "/api/v1/rooms/"+r.ID+"/join", users[i].token, nil, nil)
		return err
	})
	return r.ID, err
}

// newLoadAPI returns a client with enough idle connections for the setup's concurrency.
func newLoadAPI(c loadConfig) *loadAPI {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	return &loadAPI{base: c.url, origin: c.origin, metricsURL: c.metricsURL, http: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}
