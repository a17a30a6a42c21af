package machine

import (
	"regexp"
	"testing"
)

func TestShortCPU(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{"Intel(R) Xeon(R) Processor", "xeon"},
		{"Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "xeon-platinum-8375c"},
		{"Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz", "i7-8650u"},
		{"AMD Ryzen 9 5950X 16-Core Processor", "ryzen-9-5950x"},
		{"AMD EPYC 7B13", "epyc-7b13"},
		{"Apple M2 Pro", "apple-m2-pro"},
		{"", ""},
	} {
		if got := ShortCPU(tc.model); got != tc.want {
			t.Errorf("ShortCPU(%q) = %q, want %q", tc.model, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		in   Info
		want string
	}{
		{Info{Host: "vm", CPU: "Intel(R) Xeon(R) Processor"}, "vm-xeon"},
		{Info{Host: "Build_Box.7", CPU: "Apple M1"}, "build-box-7-apple-m1"},
		{Info{GOOS: "linux", GOARCH: "arm64"}, "linux-arm64"},
		{Info{Host: "h", GOOS: "linux", GOARCH: "amd64"}, "h"},
	} {
		if got := tc.in.Name(); got != tc.want {
			t.Errorf("%+v.Name() = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDetect(t *testing.T) {
	in := Detect()
	if in.GOOS == "" || in.GOARCH == "" || in.NCPU < 1 || in.GOMAXPROCS < 1 || in.Kernel == "" {
		t.Errorf("Detect() = %+v: missing fields", in)
	}
	if name := in.Name(); !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(name) {
		t.Errorf("Name() = %q, not a plain lower-case dashed name", name)
	}
}

func TestCpuinfoModel(t *testing.T) {
	x86 := "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n"
	if got := cpuinfoModel([]byte(x86)); got != "Intel(R) Xeon(R) Processor" {
		t.Errorf("x86: got %q", got)
	}
	arm := "processor\t: 0\nBogoMIPS\t: 108.00\nCPU implementer\t: 0x41\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"
	if got := cpuinfoModel([]byte(arm)); got != "BCM2835" {
		t.Errorf("arm: got %q", got)
	}
	if got := cpuinfoModel(nil); got != "" {
		t.Errorf("empty: got %q", got)
	}
}
