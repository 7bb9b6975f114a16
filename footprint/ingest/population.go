package ingest

import (
	"fmt"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/table"
)

// population reads Census 2021 residents by age band for every unit,
// keeping the totals of LSOAs outside the region for apportioning
// registrations, and warns where the bands do not sum to the total.
func (im *importer) population() error {
	l := im.m.Layers.Population
	if l == nil {
		return nil
	}
	bad := []string{}
	var total int64
	err := im.perUnit(l, func(t *table.Table, u *footprint.Unit) error {
		n, err := t.Int(l.Col("total"))
		if err != nil {
			return footprint.Invalid(err)
		}
		im.popAll[t.Get(l.Key)] = float64(n)
		if u == nil {
			return nil
		}
		u.Pop = int32(n)
		total += int64(n)
		sum := 0
		for k, role := range footprint.AgeRoles {
			v, err := t.Int(l.Col(role))
			if err != nil {
				return footprint.Invalid(err)
			}
			u.Ages[k] = int32(v)
			sum += v
		}
		if sum != n {
			bad = append(bad, fmt.Sprintf("%s (bands %d, total %d)", u.Code, sum, n))
		}
		return nil
	})
	if err != nil {
		return err
	}
	im.warn("population", "age_bands_mismatch", len(bad), bad, "%d LSOAs have age bands that do not sum to the total", len(bad))
	im.detail = fmt.Sprintf("%d residents (%s)", total, im.a.AsOf("population"))
	return nil
}

// imd reads every unit's Index of Multiple Deprivation: score, decile,
// and the rank and domain scores where the manifest maps them.
func (im *importer) imd() error {
	l := im.m.Layers.IMD
	if l == nil {
		return nil
	}
	return im.perUnit(l, func(t *table.Table, u *footprint.Unit) error {
		if u == nil {
			return nil
		}
		s, err := t.Float(l.Col("score"))
		if err != nil {
			return footprint.Invalid(err)
		}
		d, err := t.Int(l.Col("decile"))
		if err != nil {
			return footprint.Invalid(err)
		}
		if d < 1 || d > 10 {
			return footprint.Invalid(t.Errorf(l.Col("decile"), "decile %d is not 1 to 10", d))
		}
		u.IMD = footprint.IMD{Score: s, Decile: int8(d), Known: true}
		if c := l.Col("rank"); c != "" {
			r, err := t.Int(c)
			if err != nil {
				return footprint.Invalid(err)
			}
			u.IMD.Rank = int32(r)
		}
		for k, role := range footprint.IMDDomainRoles {
			if c := l.Col(role); c != "" {
				if u.IMD.Domains[k], err = t.Float(c); err != nil {
					return footprint.Invalid(err)
				}
			}
		}
		return nil
	})
}

// centroids reads the population-weighted centroids, replacing the
// geometric centroids the boundaries gave.
func (im *importer) centroids() error {
	l := im.m.Layers.Centroids
	if l == nil {
		return nil
	}
	return im.perUnit(l, func(t *table.Table, u *footprint.Unit) error {
		if u == nil {
			return nil
		}
		wgs, bng, err := im.point(t, l)
		if err != nil {
			return err
		}
		u.Centroid, u.CentroidBNG = wgs, bng
		return nil
	})
}
