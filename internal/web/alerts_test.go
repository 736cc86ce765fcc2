package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

func TestAlertsPage(t *testing.T) {
	e := newStoriesEnv(t)
	sid, _ := e.story(storySpec{Text: "Tin giả về bão", Sources: []string{"Báo A"}, Ago: minutes(3, 5, 30)})
	spike := e.spikeAlert(signal.KindSpikeStory, sid, 10*time.Minute, store.AlertOpen, 48, 12)
	fresh := e.spikeAlert(signal.KindNewStory, sid, 2*time.Minute, store.AlertOpen, 7, 3)
	old := e.spikeAlert(signal.KindSpikeStory, sid, 5*time.Hour, store.AlertDismissed, 9, 2)
	tip := e.insertAlert(store.Alert{Kind: string(signal.KindManual), Key: "tip:1", At: e.now.Add(-time.Hour),
		Explanation: "Người dân báo: <b>tin đồn</b> về đê vỡ", Details: []byte(`{}`)})
	ids := func(as ...store.Alert) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = fmt.Sprint(a.ID)
		}
		return out
	}

	doc := e.get("/alerts", "en", http.StatusOK)
	main := mainOf(doc)
	if got, want := rowIDs(main, "tr", "data-alert-id"), ids(fresh, spike, tip); !slices.Equal(got, want) {
		t.Fatalf("open alerts %v, want newest first %v", got, want)
	}
	row := byAttr(main, "tr", "data-alert-id", fmt.Sprint(spike.ID))[0]
	for _, want := range []string{"Story spike", "10 min ago", fmt.Sprintf("story %d: 48 posts from 12 sources in the last 10 min; usually 2 ± 1", sid), "Open"} {
		if !strings.Contains(text(row), want) {
			t.Errorf("spike row lacks %q: %s", want, text(row))
		}
	}
	if a := byAttr(row, "a", "href", fmt.Sprintf("/stories/%d", sid)); len(a) != 1 {
		t.Errorf("spike row does not link its story")
	}
	tipRow := byAttr(main, "tr", "data-alert-id", fmt.Sprint(tip.ID))[0]
	if first(tipRow, "b") != nil || !strings.Contains(text(tipRow), "<b>tin đồn</b>") || !strings.Contains(text(tipRow), "Tip") {
		t.Errorf("tip row: %s", text(tipRow))
	}

	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"?status=all", ids(fresh, spike, tip, old)},
		{"?status=dismissed", ids(old)},
		{"?status=open&kind=new_story", ids(fresh)},
		{"?status=all&kind=spike_story", ids(spike, old)},
		{"?status=bogus&kind=bogus", ids(fresh, spike, tip, old)},
	} {
		doc := e.get("/alerts"+tt.query, "en", http.StatusOK)
		if got := rowIDs(mainOf(doc), "tr", "data-alert-id"); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}

	doc = e.get("/alerts?kind=spike_story", "vi", http.StatusOK)
	if got := text(elemsByClass(mainOf(doc), "alert-explanation")[0]); got != fmt.Sprintf("chuỗi tin %d: 48 bài từ 12 nguồn trong 10 phút qua; thường 2 ± 1", sid) {
		t.Errorf("vi explanation %q", got)
	}
	if h1(doc) != "Cảnh báo" || !strings.Contains(text(mainOf(doc)), "Chuỗi tin tăng đột biến") {
		t.Errorf("vi page: %s", text(mainOf(doc)))
	}
	doc = e.get("/alerts?kind=known_claim", "en", http.StatusOK)
	if !strings.Contains(text(mainOf(doc)), "No alerts match these filters.") {
		t.Errorf("empty list: %s", text(mainOf(doc)))
	}

	// A known-claim alert is worded from its details in the page's language.
	details, err := json.Marshal(match.Details{ClaimID: 7, Claim: "5G lây virus", Verdict: "false", Score: 0.93, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	e.insertAlert(store.Alert{Kind: match.AlertKind, Key: "claim:7", At: e.now.Add(-time.Minute), Explanation: "stored", Details: details})
	for lang, want := range map[string]string{"en": `2 posts repeat a claim rated false: "5G lây virus" (match 0.93)`,
		"vi": "2 bài lặp lại một thông tin đã được kết luận là sai: «5G lây virus» (mức khớp 0.93)"} {
		doc = e.get("/alerts?kind=known_claim", lang, http.StatusOK)
		if got := text(elemsByClass(mainOf(doc), "alert-explanation")[0]); got != want {
			t.Errorf("%s known claim: %q, want %q", lang, got, want)
		}
	}
}

func TestAlertsPaging(t *testing.T) {
	e := newStoriesEnv(t)
	for i := range alertsPerPage + 3 {
		e.spikeAlert(signal.KindSpikeStory, 0, time.Duration(i)*time.Minute, store.AlertOpen, 5, 1)
	}
	doc := e.get("/alerts", "en", http.StatusOK)
	if n := len(rowIDs(doc, "tr", "data-alert-id")); n != alertsPerPage {
		t.Fatalf("page 1: %d rows", n)
	}
	next := byAttr(doc, "a", "rel", "next")
	if len(next) != 1 {
		t.Fatal("no next link")
	}
	doc = e.get(attr(next[0], "href"), "en", http.StatusOK)
	if n := len(rowIDs(doc, "tr", "data-alert-id")); n != 3 {
		t.Errorf("page 2: %d rows", n)
	}
	if !strings.Contains(text(mainOf(doc)), "none") {
		t.Errorf("an alert without a story should say so")
	}
}
