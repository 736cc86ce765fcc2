// Command vieval writes the Vietnamese claim-matching evaluation built
// from VFND (see package vieval) in the CheckThat! 2020 task 2 layout, for
// `factdesk eval match`:
//
//	go run ./internal/claim/match/vieval/cmd/vieval -vfnd $FACTDESK_DATASETS/vfnd-vi -out /tmp/vieval
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/factdesk/factdesk/internal/claim/match/vieval"
)

func main() {
	vfnd := flag.String("vfnd", "", "the VFND folder, holding Dataset/ (default $FACTDESK_DATASETS/vfnd-vi)")
	out := flag.String("out", "", "folder to write the evaluation into (required)")
	flag.Parse()
	if *vfnd == "" && os.Getenv("FACTDESK_DATASETS") != "" {
		*vfnd = filepath.Join(os.Getenv("FACTDESK_DATASETS"), "vfnd-vi")
	}
	if *vfnd == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: vieval -vfnd DIR -out DIR (or set FACTDESK_DATASETS instead of -vfnd)")
		os.Exit(2)
	}
	s, err := vieval.Build(*vfnd)
	if err == nil {
		err = s.Write(*out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d VFND items: %d claims (%d items repeat another's claim), %d queries in %d forms (%d items gave none); written to %s\n",
		s.Items, len(s.Claims), s.Merged, len(s.Queries), len(vieval.Forms), s.Skipped, *out)
}
