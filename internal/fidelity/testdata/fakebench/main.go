// Command fakebench stands in for a test binary in fidelity's tests: it
// appends its -test.bench pattern to the file $FAKEBENCH_LOG and prints
// one benchmark result whose ns/op is the pattern's length, or, with
// FAKEBENCH_MODE=two, two results, or with FAKEBENCH_MODE=fail, an error.
// With FAKEBENCH_TIMES set, it appends its -test.benchtime there too, and
// whether it leads a process group.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	bench := flag.String("test.bench", "", "")
	flag.String("test.run", "", "")
	benchtime := flag.String("test.benchtime", "", "")
	flag.String("test.timeout", "", "")
	flag.String("test.cpu", "", "")
	flag.String("test.count", "", "")
	flag.String("reads", "", "")
	flag.Parse()
	f, err := os.OpenFile(os.Getenv("FAKEBENCH_LOG"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	if *bench != "^$" { // not a start-up run
		fmt.Fprintln(f, *bench)
	}
	f.Close()
	if path := os.Getenv("FAKEBENCH_TIMES"); path != "" && *bench != "^$" {
		t, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			panic(err)
		}
		// Whether it leads a process group of its own (package proc's).
		fmt.Fprintln(t, *benchtime, ownGroup())
		t.Close()
	}
	switch os.Getenv("FAKEBENCH_MODE") {
	case "fail":
		fmt.Fprintln(os.Stderr, "fakebench: failed on purpose")
		os.Exit(1)
	case "two":
		fmt.Println("BenchmarkA \t 1000\t 5.0 ns/op")
		fmt.Println("BenchmarkB \t 1000\t 6.0 ns/op")
	default:
		fmt.Println("goos: linux")
		fmt.Printf("BenchmarkFake-1 \t 1000\t %d ns/op\t 0 B/op\n", len(*bench))
		fmt.Println("PASS")
	}
}
