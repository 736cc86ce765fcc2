package wordvec

import (
	"bytes"
	"testing"
)

// The embedded table knows paraphrases: each pair is closer than the
// first word is to an unrelated one. Terms are the matcher's stems.
func TestEnglishParaphrases(t *testing.T) {
	en := English()
	if en.Len() < 30_000 || en.Dim() < 32 {
		t.Fatalf("table has %d terms of %d dimensions", en.Len(), en.Dim())
	}
	for _, p := range [][3]string{
		{"crowd", "audienc", "banana"},
		{"mum", "mother", "rocket"},
		{"photo", "photograph", "senat"},
		{"laugh", "chuckl", "tax"},
		{"vaccin", "immun", "guitar"},
		{"flood", "rain", "poem"},
	} {
		a, b, c := en.Row(p[0]), en.Row(p[1]), en.Row(p[2])
		if a < 0 || b < 0 || c < 0 {
			t.Errorf("%v: a term is missing (rows %d %d %d)", p, a, b, c)
			continue
		}
		near, far := en.Cos(a, b), en.Cos(a, c)
		if near <= far+0.1 {
			t.Errorf("cos(%s, %s) = %.2f, not clearly above cos(%s, %s) = %.2f", p[0], p[1], near, p[0], p[2], far)
		}
		if self := en.Cos(a, a); self < 0.98 || self > 1.02 {
			t.Errorf("cos(%s, %s) = %.3f, want 1", p[0], p[0], self)
		}
	}
	if en.Row("khôngcó") != -1 {
		t.Error("an unknown term has a row")
	}
}

func TestWriteRead(t *testing.T) {
	tab := New(3)
	if err := tab.Add("a", []float64{1, 2, 2}, 0); err != nil {
		t.Fatal(err)
	}
	if err := tab.Add("b", []float64{0, 0, -5}, 7); err != nil {
		t.Fatal(err)
	}
	if err := tab.Add("z", []float64{0, 0, 0}, 8); err == nil {
		t.Error("a zero vector was accepted")
	}
	if err := tab.Add("w", []float64{1}, 9); err == nil {
		t.Error("a vector of the wrong dimension was accepted")
	}
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 2 || got.Dim() != 3 {
		t.Fatalf("read %d rows of %d dimensions", got.Len(), got.Dim())
	}
	if c := got.Cos(got.Row("a"), got.Row("b")); c > -0.6 || c < -0.7 {
		t.Errorf("cos(a, b) = %.3f, want -2/3", c)
	}
	if w := got.Weight(got.Row("b")); w < 0.08 || w > 0.1 {
		t.Errorf("weight of rank 7 = %.3f", w)
	}
	if _, err := Read(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Error("garbage was read as a table")
	}
}

// Nearest equals the plain maximum of Cos over the rows whenever that
// reaches the floor, and is 0 otherwise.
func TestNearestMatchesCos(t *testing.T) {
	en := English()
	words := []string{"crowd", "audienc", "banana", "mother", "rocket", "flood", "rain", "senat", "tax", "photo", "laugh", "vaccin"}
	var rows []int32
	for _, w := range words {
		if r := en.Row(w); r >= 0 {
			rows = append(rows, r)
		}
	}
	for _, floor := range []float64{0.2, 0.45, 0.7} {
		for _, a := range rows {
			others := make([]int32, 0, len(rows))
			want := 0.0
			for _, b := range rows {
				if b == a {
					continue
				}
				others = append(others, b)
				if c := en.Cos(a, b); c >= floor {
					want = max(want, c)
				}
			}
			if got := en.Nearest(a, others, floor); got != want {
				t.Errorf("floor %.2f, row %d: Nearest %.4f, want %.4f", floor, a, got, want)
			}
		}
	}
}
