package match

import (
	"strings"
	"testing"
)

func TestReadCheckThatFiles(t *testing.T) {
	for name, tc := range map[string]struct {
		in    string
		ids   []string
		texts []string
	}{
		"header as in the 2020 files": {"\ttweet_content\n0\tfirst post\n11\tsecond post\n", []string{"0", "11"}, []string{"first post", "second post"}},
		"named header":                {"tweet_id\ttweet_content\n5\tpost\n", []string{"5"}, []string{"post"}},
		"no header":                   {"7\tfirst\n8\tsecond\n", []string{"7", "8"}, []string{"first", "second"}},
		"stray tab in a text":         {"\ttweet_content\n9\tone\ttwo\n", []string{"9"}, []string{"one two"}},
		"quoted text with a newline":  {"\ttweet_content\n3\t\"line one\nline \"\"two\"\"\"\n", []string{"3"}, []string{"line one\nline \"two\""}},
	} {
		qs, err := ReadQueries(strings.NewReader(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(qs) != len(tc.ids) {
			t.Fatalf("%s: %d queries %+v, want %d", name, len(qs), qs, len(tc.ids))
		}
		for i, q := range qs {
			if q.ID != tc.ids[i] || q.Text != tc.texts[i] {
				t.Errorf("%s: query %d = %+v, want %s %q", name, i, q, tc.ids[i], tc.texts[i])
			}
		}
	}
	if _, err := ReadQueries(strings.NewReader("\ttweet_content\n1\tok\n2\n")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a row without its text: err %v, want one naming line 3", err)
	}
	cs, err := ReadCheckThatClaims(strings.NewReader("\tvclaim\ttitle\n0\tclaim text\tDid it?\n1\tno title\t\n2\tno title field\n"))
	if err != nil || len(cs) != 3 || cs[0].Title != "Did it?" || cs[1].Text != "no title" || cs[2].Text != "no title field" || cs[2].Title != "" {
		t.Fatalf("claims %+v, %v", cs, err)
	}
	if _, err := ReadCheckThatClaims(strings.NewReader("x1\tclaim\tDid it?\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a claim id that is no number: err %v, want one naming line 1", err)
	}
}
