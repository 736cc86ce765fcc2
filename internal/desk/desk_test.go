package desk

import (
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
)

var tree = []auth.Unit{
	{ID: 1, Name: "Thành phố Đà Nẵng", Aliases: []string{"Da Nang", "Đà Nẵng"}},
	{ID: 2, ParentID: 1, Name: "Quận Hải Châu", Aliases: []string{"Hai Chau"}},
	{ID: 3, ParentID: 1, Name: "Quận Sơn Trà"},
	{ID: 4, ParentID: 2, Name: "Phường Thạch Thang", Aliases: []string{"Thach Thang"}},
	{ID: 5, ParentID: 1, Name: "Huyện Hòa Vang"},
}

func TestRouteByPlaceNames(t *testing.T) {
	r := NewRouter(tree)
	cases := []struct {
		name  string
		texts []string
		src   []int64
		want  int64
	}{
		{"diacritics", []string{"Ngập nặng ở Hải Châu sáng nay"}, nil, 2},
		{"no diacritics", []string{"ngap nang o hai chau sang nay"}, nil, 2},
		{"upper case", []string{"KHẨN: HẢI CHÂU mất điện"}, nil, 2},
		{"without the level word", []string{"Cầu ở Sơn Trà bị sập?"}, nil, 3},
		{"folded, without level word", []string{"cau o son tra bi sap"}, nil, 3},
		{"most specific wins", []string{"Đà Nẵng: phường Thạch Thang, Hải Châu bị cắt nước"}, nil, 4},
		{"city only", []string{"Tin đồn ở Đà Nẵng"}, nil, 1},
		{"two districts tie: their parent", []string{"Hải Châu và Sơn Trà"}, nil, 1},
		{"more mentions wins", []string{"Hải Châu", "Hải Châu lần nữa", "Sơn Trà"}, nil, 2},
		{"no place: source unit", []string{"nothing here"}, []int64{5, 5, 3}, 5},
		{"not inside a word", []string{"haichau and sontrang"}, nil, 0},
	}
	for _, c := range cases {
		got := r.Route(c.texts, c.src, 0)
		if got.UnitID != c.want {
			t.Errorf("%s: routed to %d (%s), want %d", c.name, got.UnitID, got.Reason, c.want)
		}
	}
}

func TestRouteIgnoresAStrayMention(t *testing.T) {
	r := NewRouter(tree)
	var texts []string
	for range 10 {
		texts = append(texts, "Tin đồn lan khắp Đà Nẵng")
	}
	stray := append(texts, "Tin đồn lan khắp #ThachThang") // hashtags split as one token: no match
	stray = append(stray, "ở Thạch Thang cũng vậy")
	if got := r.Route(stray, nil, 0); got.UnitID != 1 {
		t.Fatalf("one post of eleven names a commune: routed to %d (%s), want the city", got.UnitID, got.Reason)
	}
	for range 4 {
		texts = append(texts, "Hải Châu: tin đồn lan nhanh")
	}
	if got := r.Route(texts, nil, 0); got.UnitID != 2 {
		t.Fatalf("four posts of fourteen name the district: routed to %d (%s), want the district", got.UnitID, got.Reason)
	}
}

func TestRouteFallback(t *testing.T) {
	r := NewRouter(tree)
	if got := r.Route([]string{"x"}, nil, 1); got.UnitID != 1 || got.PlaceMatched {
		t.Fatalf("fallback: %+v", got)
	}
}

func TestTransitions(t *testing.T) {
	allowed := map[[2]Status]auth.Action{
		{New, Triaged}: auth.Triage, {New, Dismissed}: auth.Triage, {Triaged, Verifying}: auth.Investigate,
		{Verifying, Responding}: auth.Decide, {Responding, Published}: auth.Approve, {Published, Closed}: auth.Close,
		{Closed, Verifying}: auth.Close, {Dismissed, New}: auth.Close,
	}
	for k, want := range allowed {
		if got, ok := Transition(k[0], k[1]); !ok || got != want {
			t.Errorf("%s -> %s: %v %v, want %v", k[0], k[1], got, ok, want)
		}
	}
	for _, k := range [][2]Status{{New, Published}, {New, Closed}, {Triaged, Responding}, {Closed, Published}, {Dismissed, Verifying}, {Published, New}} {
		if _, ok := Transition(k[0], k[1]); ok {
			t.Errorf("%s -> %s allowed, want refused", k[0], k[1])
		}
	}
}

func TestPrioritise(t *testing.T) {
	p, score, reasons := Prioritise(Signals{Posts: 40, Sources: 12, Growth: 9, KnownFalse: true, PlaceMatched: true})
	if p != Urgent || score < 70 || len(reasons) != 4 {
		t.Fatalf("strong signals: %s %.0f %v", p, score, reasons)
	}
	if p, _, _ := Prioritise(Signals{Posts: 1, Sources: 1}); p != Low {
		t.Fatalf("one post: %s", p)
	}
	if p, _, _ := Prioritise(Signals{Posts: 5, Sources: 3, KnownFalse: true}); p != High {
		t.Fatalf("known false with a few posts: %s", p)
	}
}
