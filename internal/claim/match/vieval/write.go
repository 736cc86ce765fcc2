package vieval

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// readme is written beside the files: where they come from and their licence.
const readme = `Vietnamese claim-matching evaluation built from VFND (Vietnamese Fake News
Dataset, https://github.com/VFND/VFND-vietnamese-fake-news-datasets, GPL-3.0,
doi:10.5281/zenodo.2578917) by factdesk's internal/claim/match/vieval.
The texts are VFND's (news articles and public Facebook posts); treat them as
research/test data under VFND's licence and cite the dataset.

Layout (CheckThat! 2020 task 2 formats):
  verified_claims.docs.tsv   one claim per VFND item (its title, or first sentence)
  <form>/tweets.queries.tsv  one query per item: a body sentence about the claim
  <form>/tweet-vclaim-pairs.qrels
  forms: written (as written), nodiac (without diacritics), typos (seeded
  typos), social (first words + hashtag), all (the four together).

Score a form:
  factdesk eval match --claims DIR/verified_claims.docs.tsv \
    --queries DIR/written/tweets.queries.tsv --qrels DIR/written/tweet-vclaim-pairs.qrels
`

// Write writes the set into dir (created if missing) in the CheckThat!
// layout: verified_claims.docs.tsv and, per form and for "all" forms, a
// folder with tweets.queries.tsv and tweet-vclaim-pairs.qrels.
func (s *Set) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	rows := [][]string{{"vclaim_id", "vclaim", "title"}}
	for _, c := range s.Claims {
		rows = append(rows, []string{strconv.FormatInt(c.ID, 10), c.Text, c.Title})
	}
	if err := writeTSV(filepath.Join(dir, "verified_claims.docs.tsv"), rows); err != nil {
		return err
	}
	for _, form := range append([]string{"all"}, Forms...) {
		if err := s.writeForm(filepath.Join(dir, form), form); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte(readme), 0o644); err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	return nil
}

// writeForm writes the queries of one form ("all": every form) and their qrels.
func (s *Set) writeForm(dir, form string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	rows := [][]string{{"tweet_id", "tweet_content"}}
	var qrels strings.Builder
	for _, q := range s.Queries {
		if form != "all" && Form(q.ID) != form {
			continue
		}
		rows = append(rows, []string{q.ID, q.Text})
		for id := range s.Qrels[q.ID] {
			fmt.Fprintf(&qrels, "%s\t0\t%s\t1\n", q.ID, id)
		}
	}
	if err := writeTSV(filepath.Join(dir, "tweets.queries.tsv"), rows); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tweet-vclaim-pairs.qrels"), []byte(qrels.String()), 0o644); err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	return nil
}

// writeTSV writes tab-separated rows, quoting fields that need it as
// match.ReadCheckThatClaims and match.ReadQueries read them back.
func writeTSV(name string, rows [][]string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	bw := bufio.NewWriter(f)
	w := csv.NewWriter(bw)
	w.Comma = '\t'
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return fmt.Errorf("vieval: %s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("vieval: %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("vieval: %w", err)
	}
	return nil
}
