package text

import (
	"strings"
	"testing"
)

func TestIsVietSyllable(t *testing.T) {
	valid := "a anh ba cua cac cho khong nguoi nghe nghieng gi gia giu gin qua quyen quoc " +
		"truong thuong khuya khuyu xoong ngoai oanh uong yeu yen huynh hoa thuo nhieu da nang " +
		"ke ky ghe ghi ca co cu ga go ngu"
	for _, s := range strings.Fields(valid) {
		if !isVietSyllable(s) {
			t.Errorf("isVietSyllable(%q) = false, want true", s)
		}
	}
	invalid := "needs from with street strong king ing ce ci ge nge " +
		"ka ko ku gha ngha quu abc ie vacxin fax zoo"
	for _, s := range strings.Fields(invalid) {
		if isVietSyllable(s) {
			t.Errorf("isVietSyllable(%q) = true, want false", s)
		}
	}
	for _, s := range []string{"", "nghieeeeng", "đa", "ả"} {
		if isVietSyllable(s) {
			t.Errorf("isVietSyllable(%q) = true: the input must be folded ASCII", s)
		}
	}
}
