// Command stdioserver serves the k6/x/mcp test MCP server over stdio, or
// with -http ADDR over Streamable HTTP without recording (the benchmark's
// no-op server in its own process).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "stdioserver:", err)
		os.Exit(1)
	}
}

func run() error {
	httpAddr := flag.String("http", "", "serve Streamable HTTP on this address instead of stdio")
	pageSize := flag.Int("page-size", 0, "paginate lists")
	flag.Parse()
	if *httpAddr == "" {
		return server.ServeStdio(testserver.New(*pageSize))
	}
	s, err := testserver.Start(testserver.StreamableHTTP, testserver.Config{Plain: true, Addr: *httpAddr, PageSize: *pageSize})
	if err != nil {
		return err
	}
	fmt.Println(s.URL)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	return s.Close()
}
