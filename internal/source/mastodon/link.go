package mastodon

import "strings"

// ParseLink reads an RFC 8288 Link header into rel -> URL, e.g.
// `<https://i/api/v1/timelines/public?max_id=1>; rel="next", <...?min_id=2>; rel="prev"`.
// Malformed parts are skipped; a link with several rels is listed under each.
func ParseLink(h string) map[string]string {
	out := map[string]string{}
	for len(h) > 0 {
		start := strings.IndexByte(h, '<')
		if start < 0 {
			break
		}
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			break
		}
		target := strings.TrimSpace(h[start+1 : start+end])
		h = h[start+end+1:]
		params, rest := splitParams(h)
		h = rest
		if strings.ContainsAny(target, "<>") {
			continue
		}
		for _, r := range strings.Fields(params["rel"]) {
			r = strings.ToLower(r)
			if _, dup := out[r]; !dup && target != "" {
				out[r] = target
			}
		}
	}
	return out
}

// splitParams reads `; key="value"; key=value` up to the comma that ends a
// link value (commas inside quotes do not end it).
func splitParams(h string) (map[string]string, string) {
	params := map[string]string{}
	inQuote := false
	i := 0
	for ; i < len(h); i++ {
		c := h[i]
		if c == '"' {
			inQuote = !inQuote
		}
		if c == ',' && !inQuote {
			break
		}
		if c == '<' && !inQuote {
			break
		}
	}
	seg, rest := h[:i], h[i:]
	rest = strings.TrimPrefix(rest, ",")
	parts := strings.Split(seg, ";")
	for _, p := range parts[1:] { // parts[0] is what stands between '>' and the first ';'
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if _, dup := params[k]; !dup {
			params[k] = v
		}
	}
	return params, rest
}
