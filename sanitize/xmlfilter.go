package sanitize

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// element is a start tag as the XML filter's rules see it: its name and
// attributes with namespace URIs resolved.
type element struct {
	Space, Local string
	attrs        []xml.Attr // resolved
}

// Attr returns the value of the attribute with the given namespace URI and local name.
func (e element) Attr(space, local string) string {
	for _, a := range e.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlRules say what filterXML removes. Nil functions remove nothing.
type xmlRules struct {
	drop     func(e element) bool              // the element and everything in it
	unwrap   func(e element) bool              // the element's tags; its content stays
	dropAttr func(el element, a xml.Name) bool // an attribute (resolved name)
}

// xmlNamespace is the namespace bound to the xml prefix.
const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// filterXML rewrites an XML document token by token, keeping prefixes and
// namespace declarations as written (encoding/xml's encoder would rename them),
// and leaving out what the rules remove. A document type declaration is an error.
func filterXML(data []byte, r xmlRules) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var out bytes.Buffer
	out.Grow(len(data))

	type open struct {
		unwrapped bool
		scope     map[string]string // prefix → URI declared on this element
	}
	var stack []open
	resolve := func(prefix string, attr bool) string {
		if prefix == "xml" {
			return xmlNamespace
		}
		if prefix == "" && attr {
			return ""
		}
		for i := len(stack) - 1; i >= 0; i-- {
			if uri, ok := stack[i].scope[prefix]; ok {
				return uri
			}
		}
		return ""
	}
	pending := false // a start tag written without its closing '>'
	closePending := func() {
		if pending {
			out.WriteByte('>')
			pending = false
		}
	}
	skip := 0 // depth inside a dropped element

	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if skip > 0 {
			switch tok.(type) {
			case xml.StartElement:
				skip++
			case xml.EndElement:
				skip--
			}
			continue
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var scope map[string]string
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					if scope == nil {
						scope = map[string]string{}
					}
					scope[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					if scope == nil {
						scope = map[string]string{}
					}
					scope[""] = a.Value
				}
			}
			stack = append(stack, open{scope: scope})
			el := element{Space: resolve(t.Name.Space, false), Local: t.Name.Local}
			for _, a := range t.Attr {
				el.attrs = append(el.attrs, xml.Attr{Name: xml.Name{Space: resolve(a.Name.Space, true), Local: a.Name.Local}, Value: a.Value})
			}
			if r.drop != nil && r.drop(el) {
				stack = stack[:len(stack)-1]
				skip = 1
				continue
			}
			if r.unwrap != nil && scope == nil && r.unwrap(el) {
				stack[len(stack)-1].unwrapped = true
				continue
			}
			closePending()
			out.WriteByte('<')
			writeName(&out, t.Name)
			for i, a := range t.Attr {
				if a.Name.Space != "xmlns" && !(a.Name.Space == "" && a.Name.Local == "xmlns") &&
					r.dropAttr != nil && r.dropAttr(el, el.attrs[i].Name) {
					continue
				}
				out.WriteByte(' ')
				writeName(&out, a.Name)
				out.WriteString(`="`)
				escapeXML(&out, a.Value, true)
				out.WriteByte('"')
			}
			pending = true
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("unexpected </%s>", t.Name.Local)
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.unwrapped {
				continue
			}
			if pending {
				out.WriteString("/>")
				pending = false
				continue
			}
			out.WriteString("</")
			writeName(&out, t.Name)
			out.WriteByte('>')
		case xml.CharData:
			closePending()
			escapeXML(&out, string(t), false)
		case xml.Comment:
			closePending()
			out.WriteString("<!--")
			out.Write(t)
			out.WriteString("-->")
		case xml.ProcInst:
			closePending()
			out.WriteString("<?")
			out.WriteString(t.Target)
			if len(t.Inst) > 0 {
				out.WriteByte(' ')
				out.Write(t.Inst)
			}
			out.WriteString("?>")
		case xml.Directive:
			// A DOCTYPE: Office formats have none, and its entity
			// declarations are how XML parsers are attacked.
			return nil, fmt.Errorf("a DOCTYPE in an office document: <!%.40s", t)
		}
	}
	if len(stack) != 0 || skip != 0 {
		return nil, io.ErrUnexpectedEOF
	}
	closePending()
	return out.Bytes(), nil
}

func writeName(out *bytes.Buffer, n xml.Name) {
	if n.Space != "" {
		out.WriteString(n.Space)
		out.WriteByte(':')
	}
	out.WriteString(n.Local)
}

// escapeXML writes s escaped for element content or (attr) a quoted attribute value.
func escapeXML(out *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			if attr {
				esc = "&quot;"
			}
		case '\t':
			if attr {
				esc = "&#9;"
			}
		case '\n':
			if attr {
				esc = "&#10;"
			}
		case '\r':
			esc = "&#13;"
		}
		if esc != "" {
			out.WriteString(s[last:i])
			out.WriteString(esc)
			last = i + 1
		}
	}
	out.WriteString(s[last:])
}

// in reports whether s is one of set.
func in(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
