// users-go-keepalive: checks a server's keepalive ping policy with a grpc-go client that pings
// without data, as a Go client configured with keepalive.ClientParameters does, on a time
// scale of its choosing.
//
// usage: users-go-keepalive [-addr HOST:PORT] [-time D] [-timeout D] [-idle D] [-min-pings N]
// [-without-stream=false]
//
// grpc-go raises any client ping interval below 10 s to 10 s (internal.KeepaliveMinPingTime);
// this probe lowers that floor to -time, so that a policy scaled down in time (e.g. server
// min ping interval 100ms, client pings every 200ms: the 5 s / 10 s pair divided by 50) can be
// checked in seconds. It imports grpc's internal package, so it is built from inside the
// google.golang.org/grpc tree (see ci/interop/go/build.sh).
//
// The probe opens one connection (keepalive.ClientParameters{Time: -time, Timeout: -timeout,
// PermitWithoutStream: true}) and goes through three phases:
//  1. no stream at all for -idle, while pings go out (skipped with -without-stream=false);
//  2. one CreateUser stream open for -idle without any message, while pings go out;
//  3. the tutorial's five users on that stream; every response is checked against the
//     service's rules.
//
// It reads the server's HTTP/2 frames as they arrive, to count the PING acks that answer its
// pings and to see any GOAWAY with its error code and debug data. It succeeds (exit 0, one
// summary line) when no GOAWAY came, each idle phase saw at least -min-pings answered pings,
// and all five responses are right. Otherwise it prints one line naming the cause, e.g.
// "server sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings" ...", and exits 1. Bad flags exit 2.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"sync"
	"time"

	"golang.org/x/net/http2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/internal"
	"google.golang.org/grpc/keepalive"

	pb "users/pb"
)

// wire follows the server-to-client half of every connection the client dials: HTTP/2
// frames, parsed as the client reads them (before the client sees them).
type wire struct {
	mu       sync.Mutex
	dials    int
	pingAcks int
	goAway   string // the first GOAWAY, described; "" when none came
	goAwayc  chan struct{}
}

func (w *wire) dial(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.dials++
	w.mu.Unlock()
	return &sniffedConn{Conn: conn, wire: w}, nil
}

func (w *wire) acks() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pingAcks
}

func (w *wire) goAwayReason() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.goAway
}

func (w *wire) dialCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dials
}

type sniffedConn struct {
	net.Conn
	wire *wire
	buf  []byte // bytes of a frame not complete yet
}

func (c *sniffedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.buf = append(c.buf, p[:n]...)
	// A frame: 3 bytes length, 1 type, 1 flags, 4 stream id, then the payload. The server's
	// side of a connection starts with its SETTINGS frame: no preface to skip.
	for len(c.buf) >= 9 {
		length := int(c.buf[0])<<16 | int(c.buf[1])<<8 | int(c.buf[2])
		if len(c.buf) < 9+length {
			break
		}
		typ, flags, payload := http2.FrameType(c.buf[3]), http2.Flags(c.buf[4]), c.buf[9:9+length]
		c.wire.mu.Lock()
		switch {
		case typ == http2.FramePing && flags.Has(http2.FlagPingAck):
			c.wire.pingAcks++
		case typ == http2.FrameGoAway && length >= 8 && c.wire.goAway == "":
			c.wire.goAway = fmt.Sprintf("server sent GOAWAY %v %q (last stream %d)",
				http2.ErrCode(binary.BigEndian.Uint32(payload[4:8])), payload[8:],
				binary.BigEndian.Uint32(payload[0:4])&0x7fffffff)
			close(c.wire.goAwayc)
		}
		c.wire.mu.Unlock()
		c.buf = append(c.buf[:0], c.buf[9+length:]...)
	}
	return n, err
}

// received is one result of the stream's Recv: a response, or the error that ended it.
type received struct {
	res *pb.CreateUserRes
	err error
}

// The tutorial's users and their answers: testdata/tutorial_users.jsonl and
// tutorial_answers.jsonl, copied beside this file by ci/interop/go/build.sh.
var (
	//go:embed golden/tutorial_users.jsonl
	tutorialUsersJSON []byte
	//go:embed golden/tutorial_answers.jsonl
	tutorialAnswersJSON []byte
)

var tutorialUsers = readLines[pb.User]("tutorial_users.jsonl", tutorialUsersJSON)

var tutorialAnswers = readLines[goldenAnswer]("tutorial_answers.jsonl", tutorialAnswersJSON)

// goldenAnswer is one line of tutorial_answers.jsonl.
type goldenAnswer struct {
	UserId  string   `json:"user_id"`
	Success bool     `json:"success"`
	Errors  []string `json:"errors"`
}

// readLines decodes one JSON object per non-empty line (the users' fields are named as in
// users.proto, which are also the names of pb.User's JSON tags).
func readLines[T any](name string, data []byte) []*T {
	var out []*T
	lines := bufio.NewScanner(bytes.NewReader(data))
	for lines.Scan() {
		if len(bytes.TrimSpace(lines.Bytes())) == 0 {
			continue
		}
		v := new(T)
		if err := json.Unmarshal(lines.Bytes(), v); err != nil {
			panic(fmt.Sprintf("golden/%s: %v", name, err))
		}
		out = append(out, v)
	}
	return out
}

func fail(format string, args ...interface{}) {
	fmt.Printf("keepalive: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:3000", "server address, HOST:PORT")
	pingTime := flag.Duration("time", 10*time.Second, "client keepalive: ping after this long without data (keepalive.ClientParameters.Time)")
	pingTimeout := flag.Duration("timeout", 20*time.Second, "client keepalive: close the connection when a ping is not answered within this long")
	idle := flag.Duration("idle", 30*time.Second, "how long a stream stays open without messages while pings go out")
	withoutStreamPhase := flag.Bool("without-stream", true, "first keep the connection without any stream for -idle while pings go out")
	minPings := flag.Int("min-pings", 1, "pings that must be answered in each idle phase")
	flag.Parse()
	if flag.NArg() > 0 || *pingTime <= 0 || *pingTimeout <= 0 || *idle <= 0 {
		flag.Usage()
		os.Exit(2)
	}

	// WithKeepaliveParams raises Time to this floor when it builds the option.
	if *pingTime < internal.KeepaliveMinPingTime {
		internal.KeepaliveMinPingTime = *pingTime
	}
	w := &wire{goAwayc: make(chan struct{})}
	dialCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(dialCtx, *addr,
		grpc.WithInsecure(),
		grpc.WithBlock(),
		grpc.WithContextDialer(w.dial),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{
			Time:                *pingTime,
			Timeout:             *pingTimeout,
			PermitWithoutStream: true,
		}))
	if err != nil {
		fail("could not connect to %s: %v", *addr, err)
	}
	defer conn.Close()

	// idlePhase waits for d, failing at once on a GOAWAY or anything from the stream; returns
	// the pings answered meanwhile.
	idlePhase := func(what string, d time.Duration, recv <-chan received) int {
		start := w.acks()
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-w.goAwayc:
			fail("%s after %d pings answered %s", w.goAwayReason(), w.acks()-start, what)
		case r := <-recv:
			if r.err == nil {
				fail("a response came %s, before any request", what)
			}
			if reason := w.goAwayReason(); reason != "" {
				fail("%s after %d pings answered %s (then: %v)", reason, w.acks()-start, what, r.err)
			}
			fail("stream ended %s after %d pings answered: %v", what, w.acks()-start, r.err)
		}
		pings := w.acks() - start
		if pings < *minPings {
			fail("only %d pings answered %s in %v (client pings every %v), expected at least %d",
				pings, what, d, *pingTime, *minPings)
		}
		if n := w.dialCount(); n != 1 {
			fail("the client connected %d times %s; expected one connection throughout", n, what)
		}
		return pings
	}

	// 1. No stream: pings are permitted without calls.
	withoutStream := "no phase without a stream"
	if *withoutStreamPhase {
		n := idlePhase("without a stream", *idle, nil)
		withoutStream = fmt.Sprintf("%d answered without a stream in %v", n, *idle)
	}

	// 2. A stream open, no messages either way.
	ctx, cancelStream := context.WithCancel(context.Background())
	defer cancelStream()
	stream, err := pb.NewUsersClient(conn).CreateUser(ctx)
	if err != nil {
		fail("could not open a stream: %v", err)
	}
	recv := make(chan received, len(tutorialUsers)+1)
	go func() {
		for {
			res, err := stream.Recv()
			recv <- received{res, err}
			if err != nil {
				return
			}
		}
	}()
	onIdleStream := idlePhase("on an idle stream", *idle, recv)

	// 3. The tutorial's users, every response checked.
	for _, u := range tutorialUsers {
		if err := stream.Send(u); err != nil {
			fail("send error: %v", err) // the cause comes from Recv; io.EOF here means it failed
		}
	}
	if err := stream.CloseSend(); err != nil {
		fail("close send: %v", err)
	}
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for i := range tutorialUsers {
		select {
		case r := <-recv:
			if r.err != nil {
				if reason := w.goAwayReason(); reason != "" {
					fail("%s; stream ended after %d responses: %v", reason, i, r.err)
				}
				fail("stream ended after %d responses: %v", i, r.err)
			}
			res, want := r.res, tutorialAnswers[i]
			if res.GetUserId() != want.UserId || res.GetSuccess() != want.Success ||
				!reflect.DeepEqual(append([]string{}, res.GetErrors()...), want.Errors) {
				fail("response #%d: got user_id %q success %t errors %q, expected user_id %q success %t errors %q",
					i+1, res.GetUserId(), res.GetSuccess(), res.GetErrors(), want.UserId, want.Success, want.Errors)
			}
		case <-deadline.C:
			fail("no response #%d within 10 s", i+1)
		}
	}
	select {
	case r := <-recv:
		if r.err == nil {
			fail("more than %d responses", len(tutorialUsers))
		}
		if r.err != io.EOF {
			fail("stream ended with %v after the %d responses", r.err, len(tutorialUsers))
		}
	case <-deadline.C:
		fail("the stream did not end within 10 s after the %d responses", len(tutorialUsers))
	}
	if reason := w.goAwayReason(); reason != "" {
		fail("%s", reason)
	}
	fmt.Printf("keepalive: ok: pings every %v: %s, %d on an idle stream in %v; no GOAWAY; %d responses right\n",
		*pingTime, withoutStream, onIdleStream, *idle, len(tutorialUsers))
}
