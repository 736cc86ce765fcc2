package sourceadmin

import (
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
)

func TestMayManage(t *testing.T) {
	// province 1 > district 2 > commune 3; province 4 apart.
	units := []auth.Unit{{ID: 1}, {ID: 2, ParentID: 1}, {ID: 3, ParentID: 2}, {ID: 4}}
	parents := Parents(units)
	provAdmin := []auth.Membership{{UnitID: 1, Role: auth.Admin}}
	districtAdmin := []auth.Membership{{UnitID: 2, Role: auth.Admin}}
	lead := []auth.Membership{{UnitID: 1, Role: auth.Lead}}
	tests := []struct {
		name string
		ms   []auth.Membership
		unit int64
		want bool
	}{
		{"admin of the unit", districtAdmin, 2, true},
		{"admin above", provAdmin, 3, true},
		{"admin below", districtAdmin, 1, false},
		{"admin elsewhere", provAdmin, 4, false},
		{"no unit, any admin", districtAdmin, 0, true},
		{"lead is not admin", lead, 1, false},
		{"lead, no unit", lead, 0, false},
		{"nobody", nil, 0, false},
		{"unknown unit", provAdmin, 99, false},
	}
	for _, tt := range tests {
		if got := MayManage(tt.ms, parents, tt.unit); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// A cycle in the tree must not hang.
	if MayManage(provAdmin, map[int64]int64{5: 6, 6: 5}, 5) {
		t.Error("cycle: managed")
	}
	if got := ManageableUnits(districtAdmin, units); len(got) != 2 || got[0].ID != 2 || got[1].ID != 3 {
		t.Errorf("ManageableUnits = %v", got)
	}
	if !HasRole(lead, auth.Analyst) || HasRole([]auth.Membership{{UnitID: 1, Role: auth.Viewer}}, auth.Analyst) {
		t.Error("HasRole")
	}
}
