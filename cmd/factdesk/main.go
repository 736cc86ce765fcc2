// Command factdesk is the single factdesk binary: server, worker and admin
// tools. See `factdesk --help`.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/factdesk/factdesk/internal/cli"
	"github.com/factdesk/factdesk/internal/clock"
)

func main() {
	// FACTDESK_CPUPROFILE=FILE writes a CPU profile, for diagnosing speed.
	if path := os.Getenv("FACTDESK_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "factdesk: FACTDESK_CPUPROFILE:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "factdesk: FACTDESK_CPUPROFILE:", err)
			os.Exit(1)
		}
		code := runCLI()
		pprof.StopCPUProfile()
		f.Close()
		os.Exit(code)
	}
	os.Exit(runCLI())
}

func runCLI() int {
	return cli.Run(context.Background(), os.Args, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Clock: clock.Real{},
	})
}
