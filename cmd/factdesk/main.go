// Command factdesk is the single factdesk binary: server, worker and admin
// tools. See `factdesk --help`.
package main

import (
	"context"
	"os"

	"github.com/factdesk/factdesk/internal/cli"
	"github.com/factdesk/factdesk/internal/clock"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Clock: clock.Real{},
	}))
}
