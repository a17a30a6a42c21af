package bench

import (
	"fmt"
	"strings"
)

// Name builds a sub-benchmark name from key, value pairs:
// Name("impl", "chan", "buf", 16) == "impl=chan/buf=16".
// It panics on an odd number of arguments, a programming error.
func Name(kv ...any) string {
	if len(kv)%2 != 0 {
		panic("bench.Name: odd number of arguments")
	}
	var sb strings.Builder
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			sb.WriteByte('/')
		}
		fmt.Fprintf(&sb, "%v=%v", kv[i], kv[i+1])
	}
	return sb.String()
}
