package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cascade-platform/cascade/loadgen"
)

// exitCode ends the program with a status and no further message: the command
// has already said what went wrong.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `usage: cascade [command] [flags]

commands:
  serve          run the server (default)
  demo           run the server on a store filled with a demo (same as serve -demo)
  admin create   create a platform admin; reads the password from stdin
  match          solve a matching round: JSON instance on stdin, result on stdout
  load           drive a running server's rooms and report latency, throughput and losses
  audit verify   check the audit log's hash chain and name its first broken link

run "cascade <command> -h" for the flags of a command.
`

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || isHelp(args[0])) {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr, false)
	case "demo":
		return serve(ctx, args, getenv, stdout, stderr, true)
	case "admin":
		if len(args) == 0 || args[0] != "create" {
			fmt.Fprint(stderr, "usage: cascade admin create -pseudonym NAME < password-file\n")
			return exitCode(2)
		}
		return adminCreate(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "audit":
		return auditCommand(ctx, args, getenv, stdout, stderr)
	case "load":
		if code := loadgen.Run(ctx, args, stdin, stdout, stderr); code != 0 {
			return exitCode(code)
		}
		return nil
	case "match":
		if code := runMatch(stdin, stdout, stderr); code != 0 {
			return exitCode(code)
		}
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		// serve is the default command, so its flags are the program's.
		_, fs, _ := parseConfig("serve", nil, getenv, stdout, nil)
		fmt.Fprint(stdout, "\nflags of serve and demo:\n")
		fs.PrintDefaults()
		return nil
	}
	fmt.Fprintf(stderr, "cascade: unknown command %q\n\n%s", cmd, usage)
	return exitCode(2)
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }
