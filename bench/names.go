package bench

import (
	"fmt"
	"strings"
)

// benchName builds a sub-benchmark name from key, value pairs:
// benchName("impl", "chan", "buf", 16) == "impl=chan/buf=16".
// It panics on an odd number of arguments, a programming error.
func benchName(kv ...any) string {
	if len(kv)%2 != 0 {
		panic("benchName: odd number of arguments")
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
