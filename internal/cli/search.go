package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v3"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
)

func searchCommand(env Env) *ucli.Command {
	return &ucli.Command{
		Name:      "search",
		Usage:     "search posts, in Vietnamese or English, with or without diacritics",
		ArgsUsage: "QUERY...",
		Description: "The words of QUERY must all appear (in title or text), in any order. Case and diacritics\n" +
			"are ignored, so \"tin gia\" finds \"tin giả\" and \"da nang\" finds \"Đà Nẵng\"; words typed with\n" +
			"diacritics rank the posts that have them exactly first. \"a phrase\" in double quotes must\n" +
			"appear as written; a hyphenated word such as vắc-xin is a phrase too. -word or -\"a phrase\"\n" +
			"leaves posts out; bão OR lũ wants either word. Everything else is text. Flags go before\n" +
			"the query; quote the whole query when it has quotes or exclusions, or put -- before it:\n" +
			"factdesk search --since 7d '\"tin giả\" -facebook', factdesk search -- da nang -bão.\n" +
			"Hits are ranked by BM25, posts with the typed diacritics first; prints one block per hit.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "since", Usage: "only posts published since: a duration back from now (24h, 7d) or a time (2026-11-01, RFC 3339)"},
			&ucli.StringFlag{Name: "until", Usage: "only posts published before: a duration back from now or a time"},
			&ucli.StringFlag{Name: "lang", Usage: "only posts in this language (vi, en, ...)"},
			&ucli.Int64Flag{Name: "source", Usage: "only posts from the source with this id"},
			&ucli.IntFlag{Name: "limit", Value: 20, Usage: fmt.Sprintf("hits to show, 1 to %d", search.MaxLimit)},
			&ucli.IntFlag{Name: "offset", Usage: "hits to skip, for the next page"},
			jsonFlag(),
		},
		Action: func(ctx context.Context, cmd *ucli.Command) error { return runSearch(ctx, cmd, env) },
		OnUsageError: func(_ context.Context, _ *ucli.Command, err error, _ bool) error {
			return usageError("%v\n(an exclusion such as -bão reads as a flag: quote the whole query or put -- before it)", err)
		},
	}
}

func runSearch(ctx context.Context, cmd *ucli.Command, env Env) error {
	q, err := search.Parse(strings.Join(cmd.Args().Slice(), " "))
	if err != nil {
		return usageError("%v", err)
	}
	now := env.Clock.Now()
	f := search.Filter{Lang: strings.ToLower(cmd.String("lang")), SourceID: cmd.Int64("source"),
		Limit: cmd.Int("limit"), Offset: cmd.Int("offset")}
	if f.Since, err = parseWhen(cmd.String("since"), now); err != nil {
		return usageError("--since: %v", err)
	}
	if f.Until, err = parseWhen(cmd.String("until"), now); err != nil {
		return usageError("--until: %v", err)
	}
	if f.Limit < 1 || f.Limit > search.MaxLimit || f.Offset < 0 {
		return usageError("--limit must be 1 to %d and --offset at least 0", search.MaxLimit)
	}
	return withStore(ctx, cmd, env, func(db *store.DB) error {
		hits, err := search.New(db, search.Options{}).Search(ctx, q, f)
		if apperr.Is(err, apperr.Invalid) {
			return usageError("%s", apperr.MessageOf(err))
		}
		if err != nil {
			return err
		}
		if cmd.Bool("json") {
			return printJSON(env.Stdout, hits)
		}
		printHits(env.Stdout, hits, f.Offset, isTerminal(env.Stdout))
		return nil
	})
}

// parseWhen reads a --since or --until value: empty, a duration back from
// now ("90m", "24h", "7d"), a date ("2026-11-01", UTC) or an RFC 3339 time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither a duration (24h, 7d) nor a time (2026-11-01, 2026-11-01T08:00:00Z)", s)
}

// printHits writes one block per hit: rank, score, time, title and link,
// then the snippet with matched words in bold on a terminal, in [brackets]
// otherwise.
func printHits(w io.Writer, hits []search.Hit, offset int, terminal bool) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no posts found")
		return
	}
	open, closing := "[", "]"
	if terminal {
		open, closing = "\x1b[1m", "\x1b[0m"
	}
	for i, h := range hits {
		exact := ""
		if h.Exact {
			exact = "  exact"
		}
		fmt.Fprintf(w, "#%d  score %.2f  %s  post %d%s\n", offset+i+1, h.Score, h.PublishedAt.UTC().Format("2006-01-02 15:04 UTC"), h.ID, exact)
		if head := strings.TrimSpace(h.Title + "  " + h.URL); head != "" {
			fmt.Fprintln(w, head)
		}
		var b strings.Builder
		at := 0
		for _, m := range h.Marks {
			b.WriteString(h.Excerpt[at:m.Start] + open + h.Excerpt[m.Start:m.End] + closing)
			at = m.End
		}
		b.WriteString(h.Excerpt[at:])
		fmt.Fprintf(w, "%s\n\n", b.String())
	}
}
