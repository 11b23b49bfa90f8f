package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base := "http://127.0.0.1:8099"
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 120*time.Second)
	defer cancel3()
	user := os.Args[1]
	if user == "tablet" {
		lang := os.Args[2]
		must(chromedp.Do(ctx, chromedp.EmulateViewport(800, 1100), chromedp.Navigate(base+"/r/DEMO42?lang="+lang), chromedp.WaitVisible("#consent-yes"), chromedp.Click("#consent-yes"),
			chromedp.WaitVisible("#anon"), chromedp.Click("#anon"), chromedp.WaitVisible("#answer"), chromedp.SendKeys("#answer", os.Args[3]), chromedp.Sleep(500*time.Millisecond)))
		buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(err)
		os.WriteFile("/tmp/shot-tablet-"+lang+".png", buf, 0o644)
		return
	}
	must(chromedp.Do(ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(`input[name=email]`, user), chromedp.SendKeys(`input[name=password]`, "oogst-demo-2026"),
		chromedp.Submit(`input[name=password]`), chromedp.Sleep(time.Second)))
	for i, p := range os.Args[2:] {
		must(chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.Sleep(700*time.Millisecond)))
		if e := os.Getenv("EVAL"); e != "" {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](e))
			fmt.Println("eval:", v, err)
		}
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(err)
		name := fmt.Sprintf("/tmp/shot-%02d-%s.png", i, strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(p))
		os.WriteFile(name, buf, 0o644)
		fmt.Println(name)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
