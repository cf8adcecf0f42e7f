package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/authz"
)

// adminCreate creates a platform admin from the terminal. The password is read
// from the first line of stdin so that it never appears in the process list or
// the shell history.
func adminCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var pseudonym string
	cfg, fs, err := parseConfig("admin create", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&pseudonym, "pseudonym", "", "the new admin's pseudonym")
	})
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return exitCode(2)
	}
	if pseudonym == "" {
		fmt.Fprintln(stderr, "cascade admin create: -pseudonym is required")
		fs.Usage()
		return exitCode(2)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")

	log := cfg.logger(stderr)
	db, closeStore, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeStore()
	enforcer, err := authz.New(db.RoleAdapter())
	if err != nil {
		return err
	}
	reg := newRegistrar(account.NewService(db, account.Options{Logger: log}), enforcer)
	user, codes, err := reg.Register(ctx, pseudonym, password)
	if err != nil {
		fmt.Fprintln(stderr, "cascade admin create:", err)
		return exitCode(1)
	}
	if err := enforcer.Grant(user.ID, authz.RoleAdmin, authz.Platform); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Admin created. Recovery codes (shown once; keep them somewhere safe):\n%s\n", strings.Join(codes, "\n"))
	return nil
}
