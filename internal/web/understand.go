package web

// addUnderstandAreas replaces the placeholders of the Stories, Alerts and
// Search areas with their pages, for each of them that d sets.
func (h *Handler) addUnderstandAreas(d Deps) error {
	var built []Area
	if d.Stories != nil {
		a, err := h.storiesArea(*d.Stories)
		if err != nil {
			return err
		}
		built = append(built, a)
	}
	if d.Alerts != nil {
		a, err := h.alertsArea(*d.Alerts)
		if err != nil {
			return err
		}
		built = append(built, a)
	}
	if d.Search != nil {
		a, err := h.searchArea(*d.Search)
		if err != nil {
			return err
		}
		built = append(built, a)
	}
	h.areas = mergeAreas(h.areas, built)
	return nil
}
