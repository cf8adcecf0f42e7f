package library

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// View is a resource as one viewer sees it.
type View struct {
	Resource
	OrgName   string
	CanManage bool
	CanAdapt  bool
}

func (s *Service) view(ctx context.Context, v viewer, r Resource) View {
	out := View{Resource: r, CanManage: s.canAdd(ctx, v, r.Org)}
	out.CanAdapt = s.canAdaptAny(ctx, v)
	if !r.Programme() {
		if o, err := s.cfg.Orgs.Get(ctx, r.Org); err == nil {
			out.OrgName = o.Profile.Name
		}
	}
	return out
}

// Upload is a file as sent: its name and bytes, before cleaning.
type Upload struct {
	Name string
	Data []byte
}

// Create adds a resource: a page (file nil) or a file, cleaned of metadata before it is
// stored. Errors: *ValidationError, ErrNotAllowed (may not add to that organisation),
// ErrQuotaExceeded, and the cleaner's errors.
func (s *Service) Create(ctx context.Context, userID string, m Meta, file *Upload) (View, error) {
	return s.create(ctx, userID, m, file, "")
}

// Adapt adds a resource that adapts sourceID, which the viewer must see (else
// ErrNotFound); otherwise as Create, and m must carry an Adaptation.
func (s *Service) Adapt(ctx context.Context, userID, sourceID string, m Meta, file *Upload) (View, error) {
	return s.create(ctx, userID, m, file, sourceID)
}

func (s *Service) create(ctx context.Context, userID string, m Meta, file *Upload, source string) (View, error) {
	v := s.viewer(ctx, userID)
	if source != "" {
		src, ok := s.resource(source)
		if !ok || !s.sees(ctx, v, src) {
			return View{}, fmt.Errorf("resource %s: %w", source, ErrNotFound)
		}
	}
	m.normalize()
	if err := m.check(source != ""); err != nil {
		return View{}, err
	}
	if m.Org == "" && !v.admin {
		return View{}, invalid("org", "name the organisation the resource belongs to")
	}
	if !s.canAdd(ctx, v, m.Org) {
		return View{}, fmt.Errorf("add to %q: %w", m.Org, ErrNotAllowed)
	}
	if m.Org == "" && m.Visibility != VisibleAll {
		return View{}, invalid("visibility", "programme material is visible to all")
	}
	switch {
	case m.Kind == KindFile && file == nil:
		return View{}, invalid("file", "a file resource needs its file")
	case m.Kind == KindPage && file != nil:
		return View{}, invalid("file", "a page has no file")
	}
	r := Resource{
		ID: newID(), Kind: m.Kind, Title: m.Title, Summary: m.Summary, Topics: m.Topics, Language: m.Language,
		Audience: m.Audience, Licence: m.Licence, Visibility: m.Visibility, Org: m.Org, Body: m.Body,
		Source: source, Adaptation: m.Adaptation, Created: s.cfg.Now().UTC().Truncate(1e6),
	}
	var data []byte
	if file != nil {
		clean, err := s.cfg.Clean(file.Data)
		if err != nil {
			return View{}, err
		}
		data = clean.Data
		r.File = &File{ID: newID(), Name: FileName(file.Name, clean.Ext), Size: int64(len(data)), ContentType: clean.ContentType}
	}
	used, release, err := s.holdOwner(ctx, r.Org)
	if err != nil {
		return View{}, err
	}
	defer release()
	if used+r.Size() > s.cfg.Quota {
		return View{}, ErrQuotaExceeded
	}
	if r.File != nil {
		if err := s.cfg.Store.PutFile(ctx, r.File.ID, data); err != nil {
			s.dropFile(ctx, r.File.ID)
			return View{}, fmt.Errorf("library: store file: %w", err)
		}
	}
	if err := s.cfg.Store.InsertResource(ctx, r); err != nil {
		if r.File != nil {
			s.dropFile(ctx, r.File.ID)
		}
		return View{}, fmt.Errorf("library: store resource: %w", err)
	}
	s.put(r)
	s.tell(ctx, r.ID)
	return s.view(ctx, v, r), nil
}

// dropFile deletes the bytes of an upload that failed; what it cannot delete the
// start-up sweep removes.
func (s *Service) dropFile(ctx context.Context, fileID string) {
	if err := s.cfg.Store.DeleteFile(context.WithoutCancel(ctx), fileID); err != nil {
		s.cfg.Log.Error("library: delete the bytes of a failed upload", "err", err)
		return
	}
	s.scrub(ctx)
}

// scrubTimeout bounds the wait for readers of the store's log after a deletion.
const scrubTimeout = 10 * time.Second

// scrub clears deleted bytes from the store's files. A failure is logged: the bytes are
// deleted, and the next scrub (the message sweeper's, or the next deletion's) clears them.
func (s *Service) scrub(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), scrubTimeout)
	defer cancel()
	if err := s.cfg.Store.Scrub(ctx); err != nil {
		s.cfg.Log.Warn("library: scrub deleted bytes", "err", err)
	}
}

// visible returns resource id if the viewer sees it; ErrNotFound otherwise.
func (s *Service) visible(ctx context.Context, v viewer, id string) (Resource, error) {
	r, ok := s.resource(id)
	if !ok || !s.sees(ctx, v, r) {
		return Resource{}, fmt.Errorf("resource %s: %w", id, ErrNotFound)
	}
	return r, nil
}

// Get returns a resource the viewer sees; staff also see one a report names.
// Errors: ErrNotFound.
func (s *Service) Get(ctx context.Context, userID, id string) (View, error) {
	v := s.viewer(ctx, userID)
	r, err := s.readable(ctx, v, id)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, v, r), nil
}

// readable is visible, or, for staff, a resource a report names.
func (s *Service) readable(ctx context.Context, v viewer, id string) (Resource, error) {
	r, err := s.visible(ctx, v, id)
	if err == nil || !v.staff || s.cfg.Reported == nil {
		return r, err
	}
	r, ok := s.resource(id)
	if !ok {
		return Resource{}, err
	}
	if reported, rerr := s.cfg.Reported(ctx, id); rerr != nil || !reported {
		return Resource{}, err
	}
	return r, nil
}

// Download is a stored file with what to serve it as.
type Download struct {
	Name        string
	ContentType string
	Data        []byte
}

// File returns the stored (clean) bytes of a file resource the viewer may read.
// Errors: ErrNotFound (also for a page).
func (s *Service) File(ctx context.Context, userID, id string) (Download, error) {
	r, err := s.readable(ctx, s.viewer(ctx, userID), id)
	if err != nil {
		return Download{}, err
	}
	if r.File == nil {
		return Download{}, fmt.Errorf("resource %s has no file: %w", id, ErrNotFound)
	}
	data, err := s.cfg.Store.ReadFile(ctx, r.File.ID, r.File.Size)
	if err != nil {
		return Download{}, fmt.Errorf("library: read file: %w", err)
	}
	return Download{Name: r.File.Name, ContentType: r.File.ContentType, Data: data}, nil
}

// CanRead returns nil if userID may read resource id, ErrUnavailable otherwise: the
// check of a chat message's reference. It reads memory only.
func (s *Service) CanRead(ctx context.Context, userID, id string) error {
	if _, err := s.visible(ctx, s.viewer(ctx, userID), id); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

// Filter selects resources; zero fields match all. Q matches title and summary, any case.
type Filter struct {
	Topic, Language, Audience, Q, Org string
}

func (f Filter) match(r Resource) bool {
	if f.Topic != "" && !slices.Contains(r.Topics, f.Topic) ||
		f.Audience != "" && !slices.Contains(r.Audience, f.Audience) ||
		f.Language != "" && r.Language != f.Language ||
		f.Org != "" && r.Org != f.Org {
		return false
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		q = strings.ToLower(q)
		return strings.Contains(strings.ToLower(r.Title), q) || strings.Contains(strings.ToLower(r.Summary), q)
	}
	return true
}

// List returns the resources the viewer sees that match f, newest first.
func (s *Service) List(ctx context.Context, userID string, f Filter) []View {
	v := s.viewer(ctx, userID)
	var out []View
	for _, r := range s.all() {
		if f.match(r) && s.sees(ctx, v, r) {
			out = append(out, s.view(ctx, v, r))
		}
	}
	return out
}

// Update edits a resource's description. Errors: ErrNotFound, ErrNotAllowed (seen but
// not managed), *ValidationError, ErrQuotaExceeded (a longer page).
func (s *Service) Update(ctx context.Context, userID, id string, e Edit) (View, error) {
	v := s.viewer(ctx, userID)
	r, err := s.visible(ctx, v, id)
	if err != nil {
		return View{}, err
	}
	if !s.canAdd(ctx, v, r.Org) {
		return View{}, fmt.Errorf("edit %s: %w", id, ErrNotAllowed)
	}
	e.Title, e.Summary, e.Body = cleanText(e.Title), cleanText(e.Summary), cleanText(e.Body)
	if err := e.check(r.Kind); err != nil {
		return View{}, err
	}
	if r.Programme() && e.Visibility != VisibleAll {
		return View{}, invalid("visibility", "programme material is visible to all")
	}
	used, release, err := s.holdOwner(ctx, r.Org)
	if err != nil {
		return View{}, err
	}
	defer release()
	if r, err = s.current(id); err != nil {
		return View{}, err
	}
	grow := int64(len(e.Body) - len(r.Body))
	if grow > 0 && used+grow > s.cfg.Quota {
		return View{}, ErrQuotaExceeded
	}
	r.Title, r.Summary, r.Topics, r.Language, r.Audience = e.Title, e.Summary, e.Topics, e.Language, e.Audience
	r.Licence, r.Visibility, r.Body = e.Licence, e.Visibility, e.Body
	if err := s.cfg.Store.SaveResource(ctx, r); err != nil {
		return View{}, fmt.Errorf("library: save %s: %w", id, err)
	}
	s.put(r)
	s.tell(ctx, id)
	return s.view(ctx, v, r), nil
}

// current re-reads a resource under its owner's lock.
func (s *Service) current(id string) (Resource, error) {
	r, ok := s.resource(id)
	if !ok {
		return Resource{}, fmt.Errorf("resource %s: %w", id, ErrNotFound)
	}
	return r, nil
}

// Delete removes a resource and its bytes. Errors: ErrNotFound, ErrNotAllowed.
func (s *Service) Delete(ctx context.Context, userID, id string) error {
	v := s.viewer(ctx, userID)
	r, err := s.visible(ctx, v, id)
	if err != nil {
		return err
	}
	if !s.canDelete(ctx, v, r.Org) {
		return fmt.Errorf("delete %s: %w", id, ErrNotAllowed)
	}
	return s.remove(ctx, r)
}

// TakeDown removes a resource a report led staff to (the caller decided they may).
// Errors: ErrNotFound.
func (s *Service) TakeDown(ctx context.Context, id string) error {
	r, err := s.current(id)
	if err != nil {
		return err
	}
	return s.remove(ctx, r)
}

// remove deletes the record first, then the bytes: bytes left by a failure in between
// have no record and the start-up sweep removes them.
func (s *Service) remove(ctx context.Context, r Resource) error {
	unlock := s.lockOwner(r.Org)
	defer unlock()
	if _, err := s.current(r.ID); err != nil {
		return err
	}
	if err := s.cfg.Store.DeleteResource(ctx, r.ID); err != nil {
		return fmt.Errorf("library: delete %s: %w", r.ID, err)
	}
	s.mu.Lock()
	delete(s.resources, r.ID)
	s.mu.Unlock()
	s.tell(ctx, r.ID)
	if r.File != nil {
		if err := s.cfg.Store.DeleteFile(ctx, r.File.ID); err != nil {
			return fmt.Errorf("library: delete file of %s: %w", r.ID, err)
		}
	}
	s.scrub(ctx)
	return nil
}

// ForgetOrganisation deletes every resource of an organisation that is offboarded, with
// its bytes. Adaptations other organisations made of them stay theirs.
func (s *Service) ForgetOrganisation(ctx context.Context, orgID string) error {
	if orgID == "" {
		return invalid("org", "programme material belongs to no organisation")
	}
	for _, r := range s.all() {
		if r.Org != orgID {
			continue
		}
		if err := s.remove(ctx, r); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}
