package manual

import "testing"

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{
			name: "package sentence and usage lines dropped",
			doc:  "/*\nPackage x does y.\n\n\tx [flags] FILE\n\nThe rules.\n\n# Exit status\n\n0 fine.\n*/\npackage x\n",
			want: "The rules.\n\n# Exit status\n\n0 fine.\n",
		},
		{
			name: "nothing after the usage lines",
			doc:  "/*\nPackage x does y.\n\n\tx FILE\n*/\npackage x\n",
			want: "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Of(tc.doc); got != tc.want {
				t.Errorf("Of(%q) = %q, want %q", tc.doc, got, tc.want)
			}
		})
	}
}
