package footprint

// Source names where the official release of a layer comes from.
type Source struct {
	Publisher string `json:"publisher"`
	Dataset   string `json:"dataset"`
	URL       string `json:"url,omitempty"`
	Notes     string `json:"notes,omitempty"`
}

// Palette returns the footprint palette: the eight colours of Okabe and Ito,
// chosen to stay distinguishable under the common colour-vision
// deficiencies, less black, with two more from Paul Tol's scheme.
func Palette() []string {
	return []string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999933", "#882255", "#44AA99"}
}

// Vintages lists the vintage of each layer a score depends on.
func (a *Atlas) Vintages() map[string]string {
	v := map[string]string{}
	for _, src := range a.Sources {
		switch src.Layer {
		case "population", "imd", "practices", "registrations", "lookups", "lsoa", "list_sizes":
			if old, ok := v[src.Layer]; ok {
				v[src.Layer] = old + "; " + src.Vintage
			} else {
				v[src.Layer] = src.Vintage
			}
		}
	}
	return v
}
