package story

// keyTable maps 64-bit keys to 32-bit story numbers, first writer wins: the
// content-hash and URL tables. It is an open-addressing hash table with
// linear probing, about 16 bytes per key, far less than a Go map.
// Key 0 marks an empty slot, so callers never store it.
type keyTable struct {
	keys []uint64
	vals []uint32
	n    int
}

// get returns the value stored for k.
func (t *keyTable) get(k uint64) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := mix64(k) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// putNew stores v for k unless k is already present.
func (t *keyTable) putNew(k uint64, v uint32) {
	if (t.n+1)*4 > len(t.keys)*3 {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := mix64(k) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return
		case 0:
			t.keys[i], t.vals[i] = k, v
			t.n++
			return
		}
	}
}

func (t *keyTable) grow() {
	old, oldv := t.keys, t.vals
	size := max(1024, 2*len(old))
	t.keys, t.vals, t.n = make([]uint64, size), make([]uint32, size), 0
	for i, k := range old {
		if k != 0 {
			t.putNew(k, oldv[i])
		}
	}
}

// bytes is the memory the table holds.
func (t *keyTable) bytes() int { return len(t.keys) * 12 }

// bandTable is the LSH multimap from band keys to the story numbers whose
// representative posts have that band. Each entry packs the upper 32 bits
// of the band key and the story number into 8 bytes; a false match on the
// truncated key only costs one signature comparison. The slot is derived
// from the stored key bits, so the table can grow without the full keys.
type bandTable struct {
	slots []uint64
	n     int
}

// bandBits returns the stored part of a band key; never 0.
func bandBits(k uint64) uint32 {
	b := uint32(k >> 32)
	if b == 0 {
		b = 1
	}
	return b
}

// add records that story s has the band key k.
func (t *bandTable) add(k uint64, s uint32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	kb := bandBits(k)
	e := uint64(kb)<<32 | uint64(s)
	mask := uint64(len(t.slots) - 1)
	for i := mix64(uint64(kb)) & mask; ; i = (i + 1) & mask {
		switch t.slots[i] {
		case e:
			return
		case 0:
			t.slots[i] = e
			t.n++
			return
		}
	}
}

// find appends to dst the story numbers recorded for band key k.
func (t *bandTable) find(k uint64, dst []uint32) []uint32 {
	if t.n == 0 {
		return dst
	}
	kb := bandBits(k)
	mask := uint64(len(t.slots) - 1)
	for i := mix64(uint64(kb)) & mask; ; i = (i + 1) & mask {
		e := t.slots[i]
		if e == 0 {
			return dst
		}
		if uint32(e>>32) == kb {
			dst = append(dst, uint32(e))
		}
	}
}

func (t *bandTable) grow() {
	old := t.slots
	size := max(1024, 2*len(old))
	t.slots, t.n = make([]uint64, size), 0
	mask := uint64(size - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		for i := mix64(e>>32) & mask; ; i = (i + 1) & mask {
			if t.slots[i] == 0 {
				t.slots[i] = e
				t.n++
				break
			}
		}
	}
}

// bytes is the memory the table holds.
func (t *bandTable) bytes() int { return len(t.slots) * 8 }
