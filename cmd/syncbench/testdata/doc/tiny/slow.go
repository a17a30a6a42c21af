//go:build slow

package tiny

var sink []byte

// alloc allocates: the regression the example's gate finds.
func alloc() uint64 {
	sink = make([]byte, 64)
	return uint64(len(sink))
}
