package library

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Node is one resource of a family tree. A node the viewer may not see carries
// nothing but Visible false and its children: the ripple shows, nothing leaks.
type Node struct {
	ID       string
	Title    string
	Language string
	OrgName  string
	Visible  bool
	Children []Node
}

// maxDepth bounds the walk up a family (sources form no cycle, but a bound is cheap).
const maxDepth = 1000

// Tree returns the family tree of resource id (which the viewer must see): from the
// first resource it descends from that still exists, every adaptation below it, oldest
// first. Errors: ErrNotFound.
func (s *Service) Tree(ctx context.Context, userID, id string) (Node, error) {
	v := s.viewer(ctx, userID)
	if _, err := s.visible(ctx, v, id); err != nil {
		return Node{}, err
	}
	s.mu.RLock()
	root := s.resources[id]
	for range maxDepth {
		up, ok := s.resources[root.Source]
		if root.Source == "" || !ok {
			break
		}
		root = up
	}
	children := map[string][]Resource{}
	for _, r := range s.resources {
		if r.Source != "" {
			children[r.Source] = append(children[r.Source], r.clone())
		}
	}
	top := root.clone()
	s.mu.RUnlock()
	return s.node(ctx, v, top, children, 0), nil
}

func (s *Service) node(ctx context.Context, v viewer, r Resource, children map[string][]Resource, depth int) Node {
	n := Node{Children: []Node{}}
	if s.sees(ctx, v, r) {
		n = s.view(ctx, v, r).node()
	}
	kids := children[r.ID]
	slices.SortFunc(kids, func(a, b Resource) int { return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID)) })
	if depth < maxDepth {
		for _, k := range kids {
			n.Children = append(n.Children, s.node(ctx, v, k, children, depth+1))
		}
	}
	return n
}

func (v View) node() Node {
	return Node{ID: v.ID, Title: v.Title, Language: v.Language, OrgName: v.OrgName, Visible: true, Children: []Node{}}
}
