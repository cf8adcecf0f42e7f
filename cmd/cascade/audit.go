package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cascade-platform/cascade/moderation"
)

// auditCommand runs `cascade audit verify`: it checks the audit log's hash chain and
// names the first broken link (exit status 1), or says how many entries hold.
func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, "usage: cascade audit verify [-data DIR | -mongodb-uri URI] [-db NAME]\n")
		return exitCode(2)
	}
	cfg, _, err := parseConfig("audit verify", args[1:], getenv, stderr, nil)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return exitCode(2)
	}
	db, closeStore, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := moderation.Verify(ctx, db)
	var broken *moderation.BrokenLink
	if errors.As(err, &broken) {
		fmt.Fprintf(stdout, "%v (the %d entries before it hold)\n", broken, n)
		return exitCode(1)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit chain holds: %d entries\n", n)
	return nil
}
