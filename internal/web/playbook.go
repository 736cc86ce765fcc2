package web

import "net/http"

// playbookTopic is one guide of the verification playbook; ID is its
// anchor, so the case page can link to /playbook#quote.
type playbookTopic struct {
	ID, Key string
}

// PlaybookPath is where the verification playbook is served; its topics
// are anchors: /playbook#quote, #statistic, #image-video, #old-story,
// #document.
const PlaybookPath = "/playbook"

var playbookTopics = []playbookTopic{
	{"quote", "playbook.quote"},
	{"statistic", "playbook.statistic"},
	{"image-video", "playbook.image_video"},
	{"old-story", "playbook.old_story"},
	{"document", "playbook.document"},
}

// playbookArea is the built-in verification playbook, in Vietnamese and
// English: how to check a quote, a statistic, an image or video, an old
// story passed off as new, and a forged official document.
func (h *Handler) playbookArea() Area {
	return Area{Path: PlaybookPath, Key: "nav.playbook", Handler: http.HandlerFunc(h.playbook)}
}

func (h *Handler) playbook(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PlaybookPath {
		h.notFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.render(w, r, http.StatusOK, "playbook", "playbook.title", playbookTopics)
}
