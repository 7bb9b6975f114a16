package pack

import (
	"slices"
	"testing"
)

func TestWrapLabel(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Alpha", []string{"Alpha"}},
		{"", nil},
		{"Lambeth: Streatham St Leonard's, from AT MEDICS STREATHAM PCN", []string{"Lambeth: Streatham St", "Leonard's, from AT", "MEDICS STREATHAM PCN"}},
		{"one two three four five six seven eight nine ten eleven twelve thirteen", []string{"one two three four", "five six seven eight", "nine ten eleven twelve…"}},
		{"Supercalifragilisticexpialidocious x", []string{"Supercalifragilisticexpialidocious", "x"}},
		{"Ünïcödé Ünïcödé Ünïcödé", []string{"Ünïcödé Ünïcödé", "Ünïcödé"}},
	}
	for _, tt := range tests {
		if got := wrapLabel(tt.text, labelWidth, labelLines); !slices.Equal(got, tt.want) {
			t.Errorf("wrapLabel(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
