package privacy

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// LinkTTL is how long an export link may wait for its one download.
const LinkTTL = 15 * time.Minute

// CreateLink returns a token for one download of userID's export within LinkTTL. Only
// the token's hash is stored, and links that expired are deleted first.
func (s *Service) CreateLink(ctx context.Context, userID string) (string, time.Time, error) {
	now := s.cfg.Now()
	if err := s.cfg.Store.DeleteExportLinks(ctx, now); err != nil {
		return "", time.Time{}, err
	}
	token := rand.Text()
	expires := now.Add(LinkTTL)
	if err := s.cfg.Store.SaveExportLink(ctx, hashToken(token), userID, expires); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// Download uses the link token once and returns userID's export, built now in memory.
// ErrLinkInvalid if the link is unknown, used, expired or another person's (then it
// is used up all the same: whoever holds it is not its owner).
func (s *Service) Download(ctx context.Context, userID, token string) (Export, error) {
	owner, expires, err := s.cfg.Store.UseExportLink(ctx, hashToken(token))
	if err != nil {
		return Export{}, err
	}
	if owner != userID || !s.cfg.Now().Before(expires) {
		return Export{}, fmt.Errorf("privacy: download: %w", ErrLinkInvalid)
	}
	return s.Export(ctx, userID)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
