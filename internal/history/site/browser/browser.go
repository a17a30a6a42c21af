// Package browser drives a headless Chromium through chromedp for the
// site's tests and scripts: it finds the browser, starts it with a fresh
// profile and without any network service of its own, and records what
// a page says on its console, the exceptions it throws, the dialogs it
// opens and every request it makes.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Find returns the path of a Chromium or Chrome binary: $CHROMIUM when
// set, else the first of chromium, chromium-browser, google-chrome,
// google-chrome-stable and headless_shell on $PATH. It is an error when
// there is none.
func Find() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (install Debian's chromium package, or set CHROMIUM to a Chromium or Chrome binary)")
}

// Browser is a running headless Chromium.
type Browser struct {
	ctx     context.Context
	cancel  func()
	profile string
}

// Start starts the browser at path (see Find) headless, without sandbox,
// GPU, QUIC, first-run pages or background networking, with a fresh
// profile in a temporary directory that Close removes. width and height
// are the window's size.
func Start(ctx context.Context, path string, width, height int) (*Browser, error) {
	profile, err := os.MkdirTemp("", "syncbench-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return &Browser{ctx: bctx, cancel: func() { bcancel(); acancel() }, profile: profile}, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	// The browser may hold files in the profile for a moment after it
	// is told to stop.
	for i := 0; i < 20; i++ {
		if err := os.RemoveAll(b.profile); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Page is one tab, recording what its pages report.
type Page struct {
	// Ctx is the tab's chromedp context: run actions with chromedp.Run.
	Ctx    context.Context
	cancel func()

	mu       sync.Mutex
	errors   []string
	requests []string
	dialogs  []string
}

// NewPage opens a tab.
func (b *Browser) NewPage() (*Page, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	p := &Page{Ctx: ctx, cancel: cancel}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	err := chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range e.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			msg := string(e.Type) + ": " + strings.Join(parts, " ")
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				p.errors = append(p.errors, "console "+msg)
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			p.errors = append(p.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				p.errors = append(p.errors, fmt.Sprintf("log %s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, e.Request.URL)
		case *page.EventJavascriptDialogOpening:
			p.dialogs = append(p.dialogs, string(e.Type)+": "+e.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, log.Enable, cdp.Empty{})
	}
	if err == nil {
		_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	}
	if err != nil {
		cancel()
		return nil, err
	}
	return p, nil
}

// Close closes the tab.
func (p *Page) Close() { p.cancel() }

// Errors are the console errors, uncaught exceptions and error log
// entries (such as a script that failed to load) seen so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Requests are the URLs of every request the tab made so far.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Dialogs are the alert, confirm and prompt dialogs opened so far.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// Open navigates to url and waits until the page's body has a
// data-ready attribute (the site's script sets it when the page is
// drawn) or the timeout passes.
func (p *Page) Open(url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(p.Ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`body[data-ready]`))); err != nil {
		return fmt.Errorf("opening %s: %w (errors: %v)", url, err, p.Errors())
	}
	return nil
}

// Eval evaluates a JavaScript expression in the page; its value is
// decoded into T.
func Eval[T any](p *Page, expr string) (T, error) {
	return chromedp.Run(p.Ctx, chromedp.Evaluate[T](expr))
}

// Do runs chromedp actions in the page's tab.
func (p *Page) Do(steps ...chromedp.Action[chromedp.Void]) error {
	return chromedp.Do(p.Ctx, steps...)
}

// Count is the number of elements matching a CSS selector.
func (p *Page) Count(selector string) (int, error) {
	return Eval[int](p, fmt.Sprintf("document.querySelectorAll(%q).length", selector))
}

// Screenshot captures the whole page (its full scroll height) as PNG.
func (p *Page) Screenshot() ([]byte, error) {
	return chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
}

// ScreenshotOf captures the first element matching a CSS selector as PNG.
func (p *Page) ScreenshotOf(selector string) ([]byte, error) {
	return chromedp.Run(p.Ctx, chromedp.Screenshot(chromedp.CSS(selector)))
}

// Hover moves the mouse to the viewport coordinates x, y.
func (p *Page) Hover(x, y float64) error {
	return chromedp.Do(p.Ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y))
}
