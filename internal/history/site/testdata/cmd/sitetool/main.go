// Command sitetool serves scripts/history-site.sh and
// scripts/history-site-speed.sh:
//
//	sitetool store -db DB FILE          add a release-history file to DB,
//	                                    split into its rounds when it has
//	                                    fewer than 8 releases
//	sitetool shots -site DIR -o DIR     screenshots of the site's pages
//	sitetool synth -db DB               a synthetic store, 2,000 series × 200 points
//	sitetool speed -site DIR -o FILE    the index's load timing in Chromium
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/syncbench/syncbench/internal/history"
	"github.com/syncbench/syncbench/internal/history/site/browser"
	"github.com/syncbench/syncbench/internal/history/site/sitetest"
)

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: sitetool store|shots|synth|speed ..."))
	}
	var err error
	switch os.Args[1] {
	case "store":
		err = store(os.Args[2:])
	case "shots":
		err = shots(os.Args[2:])
	case "synth":
		err = synth(os.Args[2:])
	case "speed":
		err = speed(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sitetool:", err)
	os.Exit(2)
}

func store(args []string) error {
	fs := flag.NewFlagSet("store", flag.ContinueOnError)
	db := fs.String("db", "", "store")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *db == "" || fs.NArg() != 1 {
		return errors.New("usage: sitetool store -db DB FILE")
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	releases := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "go-version: "); ok {
			releases[v] = true
		}
	}
	ctx := context.Background()
	st, err := history.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// The detector wants 4 points on each side of a change: with fewer
	// than 8 releases, one point per release holds no change at all.
	if len(releases) < 8 {
		n, err := sitetest.AddRounds(ctx, st, file)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d releases, fewer than 8: added as %d runs, one per round, so that each release is %d points\n", file, len(releases), n, n)
		return nil
	}
	a, err := st.AddFile(ctx, file, history.AddOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d releases, %d points added\n", file, len(releases), a.Points)
	return nil
}

func fileURL(dir, name string) string {
	abs, _ := filepath.Abs(filepath.Join(dir, name))
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func start() (*browser.Browser, error) {
	path, err := browser.Find()
	if err != nil {
		return nil, err
	}
	return browser.Start(context.Background(), path, 1100, 900)
}

func shots(args []string) error {
	fs := flag.NewFlagSet("shots", flag.ContinueOnError)
	dir := fs.String("site", "", "site directory")
	out := fs.String("o", "", "directory of the PNG files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := start()
	if err != nil {
		return err
	}
	defer b.Close()
	shot := func(name, page, selector string) error {
		p, err := b.NewPage()
		if err != nil {
			return err
		}
		defer p.Close()
		file, hash, _ := strings.Cut(page, "#")
		u := fileURL(*dir, file)
		if hash != "" {
			u += "#" + hash
		}
		if err := p.Open(u, 30*time.Second); err != nil {
			return err
		}
		if errs := p.Errors(); len(errs) > 0 {
			return fmt.Errorf("%s: %v", page, errs)
		}
		var png []byte
		if selector == "" {
			png, err = p.Screenshot()
		} else {
			png, err = p.ScreenshotOf(selector)
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, name), png, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %s (%d bytes)\n", filepath.Join(*out, name), page, len(png))
		return nil
	}
	if err := shot("site-index.png", "index.html", ""); err != nil {
		return err
	}
	// The WaitGroup page through the index's link to its change point.
	idx, err := os.ReadFile(filepath.Join(*dir, "index.html"))
	if err != nil {
		return err
	}
	link := ""
	for _, part := range strings.Split(string(idx), `<a href="`)[1:] {
		href, rest, _ := strings.Cut(part, `"`)
		if strings.HasPrefix(rest, ">WaitGroup/op=add-done/") {
			link = href
			break
		}
	}
	if link == "" {
		return errors.New("the index lists no WaitGroup add-done change point")
	}
	page, hash, _ := strings.Cut(link, "#")
	if err := shot("site-waitgroup.png", page+"#"+hash, "figure.highlight"); err != nil {
		return err
	}
	if err := shot("site-family.png", page, ""); err != nil {
		return err
	}
	return shot("site-machines.png", "machines.html", "")
}

func synth(args []string) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	db := fs.String("db", "", "store")
	series := fs.Int("series", 2000, "series (4 machines × 10 families × series/40 configurations)")
	points := fs.Int("points", 200, "points per series")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := history.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	s := sitetest.Synthetic{Machines: 4, Families: 10, Configs: *series / 40, Points: *points, Samples: 5, Seed: 1}
	return sitetest.AddSynthetic(ctx, st, s, func(done, total int) {
		if done%100 == 0 || done == total {
			fmt.Printf("synthetic store: %d of %d runs added\n", done, total)
		}
	})
}

func speed(args []string) error {
	fs := flag.NewFlagSet("speed", flag.ContinueOnError)
	dir := fs.String("site", "", "site directory")
	runs := fs.Int("runs", 5, "page loads")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := start()
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Println("| load | domInteractive ms | usable (sb-usable mark) ms | loadEventEnd ms | search of 'family03 v2' ms |")
	fmt.Println("|---:|---:|---:|---:|---:|")
	for i := range *runs {
		p, err := b.NewPage()
		if err != nil {
			return err
		}
		if err := p.Open(fileURL(*dir, "index.html"), 60*time.Second); err != nil {
			return err
		}
		// Wait for the load event so that loadEventEnd is set.
		if _, err := chromedp.Run(p.Ctx, chromedp.Poll[bool](`performance.getEntriesByType('navigation')[0].loadEventEnd > 0`)); err != nil {
			return err
		}
		t, err := browser.Eval[[]float64](p, `(() => { const n = performance.getEntriesByType('navigation')[0]; const m = performance.getEntriesByName('sb-usable')[0];
			const input = document.getElementById('search'); const t0 = performance.now(); input.value = 'family03 v2'; input.dispatchEvent(new Event('input')); const t1 = performance.now();
			return [n.domInteractive, m ? m.startTime : -1, n.loadEventEnd, t1 - t0]; })()`)
		if err != nil {
			return err
		}
		if errs := p.Errors(); len(errs) > 0 {
			return fmt.Errorf("index: %v", errs)
		}
		p.Close()
		fmt.Printf("| %d | %.0f | %.0f | %.0f | %.1f |\n", i+1, t[0], t[1], t[2], t[3])
	}
	return nil
}
