package tiny

import "testing"

var out uint64

func BenchmarkWork(b *testing.B) {
	for i := 0; i < b.N; i++ {
		out += Work(100)
	}
}
