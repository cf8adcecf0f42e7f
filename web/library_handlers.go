package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/moderation"
)

// Library is what the API needs from the training library. The service decides who
// sees what: a resource one may not see is library.ErrNotFound, as a missing one.
type Library interface {
	Create(ctx context.Context, userID string, m library.Meta, file *library.Upload) (library.View, error)
	Adapt(ctx context.Context, userID, sourceID string, m library.Meta, file *library.Upload) (library.View, error)
	Get(ctx context.Context, userID, id string) (library.View, error)
	File(ctx context.Context, userID, id string) (library.Download, error)
	List(ctx context.Context, userID string, f library.Filter) []library.View
	Update(ctx context.Context, userID, id string, e library.Edit) (library.View, error)
	Delete(ctx context.Context, userID, id string) error
	Tree(ctx context.Context, userID, id string) (library.Node, error)
	Usage(ctx context.Context, orgID string) library.Usage
	SetContributor(ctx context.Context, orgID, userID string, on bool) error
	Attached(ctx context.Context, userID, orgID, xID string) ([]library.View, error)
	Attach(ctx context.Context, userID, orgID, xID, id string) (library.View, error)
	Detach(ctx context.Context, userID, orgID, xID, id string) error
}

// uploadLimit is the largest request body the server reads: a file of the largest
// size the library takes, its description and the multipart framing. Only the upload
// routes (isUpload) may send that much; limitBody holds every other request to bodyLimit.
const uploadLimit = library.MaxFileBytes + 1<<20

// isUpload reports whether the request is one of the library's uploads: POST /api/v1/library
// or POST /api/v1/library/{id}/adaptations.
func isUpload(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodPost {
		return false
	}
	p := c.Path()
	if p == "/api/v1/library" {
		return true
	}
	id, ok := strings.CutPrefix(p, "/api/v1/library/")
	if !ok {
		return false
	}
	id, ok = strings.CutSuffix(id, "/adaptations")
	return ok && id != "" && !strings.Contains(id, "/")
}

// limitBody holds every request but the uploads to bodyLimit before anything reads its
// body: the server streams request bodies (fiber's StreamRequestBody), which fasthttp
// then does not hold to any limit, so a large body sent elsewhere is refused here from
// its Content-Length without being read, and a chunked one after bodyLimit+1 bytes.
func limitBody(c *fiber.Ctx) error {
	if isUpload(c) {
		return c.Next()
	}
	n := c.Request().Header.ContentLength()
	if n > bodyLimit {
		return fiber.ErrRequestEntityTooLarge
	}
	if stream := c.Request().BodyStream(); n < 0 && stream != nil {
		body, err := io.ReadAll(io.LimitReader(stream, bodyLimit+1))
		if err != nil {
			return fiber.ErrBadRequest
		}
		if len(body) > bodyLimit {
			return fiber.ErrRequestEntityTooLarge
		}
		c.Request().SetBody(body)
	}
	return c.Next()
}

// maxMetaBytes bounds the meta part of an upload.
const maxMetaBytes = bodyLimit

// transferTimeout is how long a library file may take to arrive or to leave: 25 MB
// over a slow mobile link (300 kbit/s) takes about 11 minutes, far past the server's
// read and write timeouts, which hold every other request. Only signed-in readers get
// it: the guard has run when readUpload and resourceFile extend the deadline.
const transferTimeout = 15 * time.Minute

// readUpload reads a multipart upload: one `meta` part (a strict JSON object) and at
// most one `file` part, straight from the request stream into memory (never to disk:
// the file still carries its metadata). Anything else is refused.
func readUpload(c *fiber.Ctx) (library.Meta, *library.Upload, error) {
	var m library.Meta
	mt, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mt != fiber.MIMEMultipartForm || params["boundary"] == "" {
		return m, nil, errorf(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send the resource as multipart/form-data")
	}
	_ = c.Context().SetReadDeadline(time.Now().Add(transferTimeout))
	var body io.Reader = c.Request().BodyStream()
	if body == nil {
		body = bytes.NewReader(c.Request().Body())
	}
	mr := multipart.NewReader(body, params["boundary"])
	var file *library.Upload
	haveMeta := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, nil, errorf(fiber.StatusBadRequest, "invalid_multipart", "the multipart body could not be read")
		}
		switch name := p.FormName(); {
		case name == "meta" && !haveMeta:
			data, err := readPart(p, maxMetaBytes)
			if err != nil {
				return m, nil, err
			}
			if err := decodeJSON(data, &m); err != nil {
				return m, nil, err
			}
			haveMeta = true
		case name == "file" && file == nil:
			data, err := readPart(p, library.MaxFileBytes)
			if err != nil {
				return m, nil, err
			}
			file = &library.Upload{Name: p.FileName(), Data: data}
		case name == "meta" || name == "file":
			return m, nil, &apiError{status: fiber.StatusBadRequest, code: "duplicate_part", message: "part " + name + " is given twice", field: name}
		default:
			return m, nil, errorf(fiber.StatusBadRequest, "unknown_part", "the body may hold the parts meta and file only")
		}
	}
	if !haveMeta {
		return m, nil, &apiError{status: fiber.StatusBadRequest, code: "missing_part", message: "the meta part is missing", field: "meta"}
	}
	return m, file, nil
}

// readPart reads a part of at most limit bytes: a larger file is 413 file_too_large,
// a larger meta part 413 body_too_large.
func readPart(p *multipart.Part, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(p, int64(limit)+1))
	if err != nil {
		return nil, errorf(fiber.StatusBadRequest, "invalid_multipart", "the multipart body could not be read")
	}
	if len(data) > limit {
		if p.FormName() == "file" {
			return nil, errFileTooLarge
		}
		return nil, fiber.ErrRequestEntityTooLarge
	}
	return data, nil
}

var errFileTooLarge = &apiError{status: fiber.StatusRequestEntityTooLarge, code: "file_too_large", message: "a file may be at most 25 MB", field: "file"}

type orgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type fileView struct {
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

// resourceView is a resource in the API (docs/openapi.yaml Resource); Body only in detail.
type resourceView struct {
	ID         string              `json:"id"`
	Kind       library.Kind        `json:"kind"`
	Title      string              `json:"title"`
	Summary    string              `json:"summary"`
	Topics     []string            `json:"topics"`
	Language   string              `json:"language"`
	Audience   []string            `json:"audience"`
	Licence    string              `json:"licence"`
	Visibility library.Visibility  `json:"visibility"`
	Org        *orgRef             `json:"org"`
	Programme  bool                `json:"programme"`
	Source     *string             `json:"source"`
	Adaptation *library.Adaptation `json:"adaptation"`
	File       *fileView           `json:"file"`
	Body       *string             `json:"body,omitempty"`
	Created    time.Time           `json:"created"`
	CanManage  bool                `json:"can_manage"`
	CanAdapt   bool                `json:"can_adapt"`
}

func viewResource(v library.View, detail bool) resourceView {
	out := resourceView{
		ID: v.ID, Kind: v.Kind, Title: v.Title, Summary: v.Summary, Topics: orEmpty(v.Topics), Language: v.Language,
		Audience: orEmpty(v.Audience), Licence: v.Licence, Visibility: v.Visibility, Programme: v.Programme(),
		Adaptation: v.Adaptation, Created: v.Created, CanManage: v.CanManage, CanAdapt: v.CanAdapt,
	}
	if !v.Programme() {
		out.Org = &orgRef{ID: v.Org, Name: v.OrgName}
	}
	if v.Source != "" {
		out.Source = &v.Source
	}
	if f := v.File; f != nil {
		out.File = &fileView{Name: f.Name, Size: f.Size, ContentType: f.ContentType}
	}
	if detail {
		out.Body = &v.Body
	}
	return out
}

func viewResources(list []library.View) []resourceView {
	out := make([]resourceView, 0, len(list))
	for _, v := range list {
		out = append(out, viewResource(v, false))
	}
	return out
}

// maxQuery bounds the search text.
const maxQuery = 200

func (s *server) listLibrary(c *fiber.Ctx) error {
	f := library.Filter{Topic: c.Query("topic"), Language: c.Query("language"), Audience: c.Query("audience"), Q: c.Query("q"), Org: c.Query("org")}
	if utf8.RuneCountInString(f.Q) > maxQuery || !utf8.ValidString(f.Q) {
		return &apiError{status: fiber.StatusBadRequest, code: "invalid_input", message: "the search text is too long", field: "q"}
	}
	return c.JSON(fiber.Map{"resources": viewResources(s.Library.List(c.UserContext(), currentUser(c).ID, f))})
}

func (s *server) createResource(c *fiber.Ctx) error {
	m, file, err := readUpload(c)
	if err != nil {
		return err
	}
	v, err := s.Library.Create(c.UserContext(), currentUser(c).ID, m, file)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewResource(v, true))
}

func (s *server) adaptResource(c *fiber.Ctx) error {
	m, file, err := readUpload(c)
	if err != nil {
		return err
	}
	v, err := s.Library.Adapt(c.UserContext(), currentUser(c).ID, c.Params("id"), m, file)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewResource(v, true))
}

func (s *server) getResource(c *fiber.Ctx) error {
	v, err := s.Library.Get(c.UserContext(), currentUser(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(viewResource(v, true))
}

// resourceFile sends a resource's stored bytes as a download that no browser renders:
// attachment, nosniff, and a sandbox policy should it be opened anyway.
func (s *server) resourceFile(c *fiber.Ctx) error {
	d, err := s.Library.File(c.UserContext(), currentUser(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	_ = c.Context().SetWriteDeadline(time.Now().Add(transferTimeout))
	c.Set(fiber.HeaderContentType, d.ContentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(d.Name))
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderContentSecurityPolicy, "sandbox; default-src 'none'")
	return c.Send(d.Data)
}

// contentDisposition names the file in ASCII (anything else replaced by _) and in full
// as RFC 5987 UTF-8.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}

func (s *server) updateResource(c *fiber.Ctx) error {
	var e library.Edit
	if err := decodeStrict(c, &e); err != nil {
		return err
	}
	v, err := s.Library.Update(c.UserContext(), currentUser(c).ID, c.Params("id"), e)
	if err != nil {
		return err
	}
	return c.JSON(viewResource(v, true))
}

func (s *server) deleteResource(c *fiber.Ctx) error {
	if err := s.Library.Delete(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// nodeView is one node of a family tree; a node the viewer may not see has only
// visible=false and its children.
type nodeView struct {
	ID       string     `json:"id,omitempty"`
	Title    string     `json:"title,omitempty"`
	Language string     `json:"language,omitempty"`
	OrgName  *string    `json:"org_name,omitempty"`
	Visible  bool       `json:"visible"`
	Children []nodeView `json:"children"`
}

func viewNode(n library.Node) nodeView {
	out := nodeView{ID: n.ID, Title: n.Title, Language: n.Language, Visible: n.Visible, Children: []nodeView{}}
	if n.Visible {
		name := n.OrgName
		out.OrgName = &name
	}
	for _, k := range n.Children {
		out.Children = append(out.Children, viewNode(k))
	}
	return out
}

func (s *server) resourceTree(c *fiber.Ctx) error {
	n, err := s.Library.Tree(c.UserContext(), currentUser(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"root": viewNode(n)})
}

func (s *server) libraryUsage(c *fiber.Ctx) error {
	return c.JSON(s.Library.Usage(c.UserContext(), c.Params("org")))
}

func (s *server) setContributor(on bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.Library.SetContributor(c.UserContext(), c.Params("org"), c.Params("user"), on); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

func (s *server) exchangeResources(c *fiber.Ctx) error {
	list, err := s.Library.Attached(c.UserContext(), currentUser(c).ID, c.Params("org"), c.Params("exchange"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"resources": viewResources(list)})
}

func (s *server) attachResource(c *fiber.Ctx) error {
	var in struct {
		Resource string `json:"resource"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	v, err := s.Library.Attach(c.UserContext(), currentUser(c).ID, c.Params("org"), c.Params("exchange"), in.Resource)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewResource(v, false))
}

func (s *server) detachResource(c *fiber.Ctx) error {
	if err := s.Library.Detach(c.UserContext(), currentUser(c).ID, c.Params("org"), c.Params("exchange"), c.Params("resource")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// reportResource files a report of a resource the reporter may see; staff then open it
// through the report.
func (s *server) reportResource(c *fiber.Ctx) error {
	var in struct {
		Reason moderation.Reason `json:"reason"`
		Text   string            `json:"text"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	user := currentUser(c).ID
	if _, err := s.Library.Get(c.UserContext(), user, c.Params("id")); err != nil {
		return err
	}
	r, err := s.Moderation.ReportResource(c.UserContext(), user, c.Params("id"), in.Reason, in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewReport(r, true))
}
