// users-go-keepalive: checks a server's keepalive ping policy against the pings a grpc-go
// client configured with keepalive.ClientParameters{Time: T, PermitWithoutStream: true}
// sends: a PING frame every T while nothing arrives, on a time scale of the probe's choosing.
//
// usage: users-go-keepalive [-addr HOST:PORT] [-time D] [-timeout D] [-idle D] [-min-pings N]
// [-without-stream=false]
//
// grpc-go raises any client ping interval below 10 s to 10 s, a floor kept in its internal
// package, which no code outside grpc-go can change in module mode. So that a policy scaled
// down in time (e.g. server min ping interval 100ms, client pings every 200ms: the 5 s / 10 s
// pair divided by 50) can be checked in seconds, the probe is a raw HTTP/2 client on
// golang.org/x/net/http2, the framer and HPACK coder grpc-go's own transport is built on. It
// sends what a grpc-go client sends: the connection preface and SETTINGS, then, once the
// server's SETTINGS have come, a CreateUser call's HEADERS (grpc-go's pseudo-headers,
// content-type and te), each user as a length-prefixed protobuf message in a DATA frame, an
// empty DATA frame with END_STREAM to half-close, and an 8-byte PING after every T without a
// frame from the server (grpc-go's keepalive pings only when it has read nothing for T). It
// acknowledges the server's SETTINGS and PINGs. What it leaves out is grpc-go's BDP probe, a
// PING sent when DATA arrives: the probe checks the pings sent while no data flows, which are
// the ones a server's keepalive policy judges.
//
// The probe opens one connection and goes through three phases:
//  1. no stream at all for -idle, while pings go out (skipped with -without-stream=false);
//  2. one CreateUser stream open for -idle without any message, while pings go out;
//  3. the tutorial's five users on that stream; every response is checked against the
//     golden answers, and the stream must end with grpc-status 0.
//
// It succeeds (exit 0, one summary line) when no GOAWAY came, each idle phase saw at least
// -min-pings answered pings, every ping was answered within -timeout, and all five responses
// are right. Otherwise it prints one line naming the cause, e.g.
// "server sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings" ...", and exits 1. Bad flags exit 2.
package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"reflect"
	"sync"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/protobuf/proto"

	pb "users/pb"
)

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

func fail(format string, args ...any) {
	fmt.Printf("keepalive: "+format+"\n", args...)
	os.Exit(1)
}

// streamID is the one CreateUser call's stream: a client's first stream is 1.
const streamID = 1

// event is what the reader saw that the phases wait for: a response, the end of the stream
// (its grpc-status, or an error), or the end of the connection.
type event struct {
	res *pb.CreateUserRes
	end string // "" for a response; "ok" for grpc-status 0; else what ended the stream
}

// conn is the HTTP/2 connection: the framer (writes under mu), what the reader goroutine
// has seen, and when the last frame from the server arrived (for the keepalive pings).
type conn struct {
	mu       sync.Mutex
	framer   *http2.Framer
	pingAcks int
	lastRead time.Time
	pingSent time.Time // when the oldest unanswered ping went out; zero when none is
	goAway   string    // the first GOAWAY, described; "" when none came
	goAwayc  chan struct{}
	settings chan struct{} // closed when the server's first SETTINGS frame has come
	events   chan event
}

func (c *conn) write(f func(*http2.Framer) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := f(c.framer); err != nil {
		if c.goAway != "" {
			fail("%s; then writing failed: %v", c.goAway, err)
		}
		fail("writing to the server failed: %v", err)
	}
}

func (c *conn) acks() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pingAcks
}

func (c *conn) goAwayReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.goAway
}

// read handles the server's frames until the connection ends.
func (c *conn) read() {
	var data []byte // the stream's DATA not yet split into messages
	for {
		frame, err := c.framer.ReadFrame()
		c.mu.Lock()
		c.lastRead = time.Now()
		c.mu.Unlock()
		if err != nil {
			c.events <- event{end: fmt.Sprintf("the connection ended: %v", err)}
			return
		}
		switch f := frame.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				c.write(func(fr *http2.Framer) error { return fr.WriteSettingsAck() })
				select {
				case <-c.settings:
				default:
					close(c.settings)
				}
			}
		case *http2.PingFrame:
			if f.IsAck() {
				c.mu.Lock()
				c.pingAcks++
				c.pingSent = time.Time{}
				c.mu.Unlock()
			} else {
				c.write(func(fr *http2.Framer) error { return fr.WritePing(true, f.Data) })
			}
		case *http2.GoAwayFrame:
			c.mu.Lock()
			if c.goAway == "" {
				c.goAway = fmt.Sprintf("server sent GOAWAY %v %q (last stream %d)", f.ErrCode, f.DebugData(), f.LastStreamID)
				close(c.goAwayc)
			}
			c.mu.Unlock()
		case *http2.MetaHeadersFrame:
			if f.StreamID == streamID && f.StreamEnded() {
				c.events <- event{end: trailers(f)}
			}
		case *http2.DataFrame:
			if f.StreamID != streamID {
				continue
			}
			// The connection's window is given back; the stream's 64 KiB cannot run out on
			// five answers, so it is not.
			if n := f.Length; n > 0 {
				c.write(func(fr *http2.Framer) error { return fr.WriteWindowUpdate(0, n) })
			}
			data = append(data, f.Data()...)
			for len(data) >= 5 && len(data) >= 5+int(binary.BigEndian.Uint32(data[1:5])) {
				n := 5 + int(binary.BigEndian.Uint32(data[1:5]))
				res := &pb.CreateUserRes{}
				if data[0] != 0 {
					c.events <- event{end: "a response came compressed, which the probe never asked for"}
				} else if err := proto.Unmarshal(data[5:n], res); err != nil {
					c.events <- event{end: fmt.Sprintf("a response did not decode: %v", err)}
				} else {
					c.events <- event{res: res}
				}
				data = data[n:]
			}
			if f.StreamEnded() {
				c.events <- event{end: "the stream ended without trailers"}
			}
		case *http2.RSTStreamFrame:
			if f.StreamID == streamID {
				c.events <- event{end: fmt.Sprintf("the server reset the stream (%v)", f.ErrCode)}
			}
		}
	}
}

// trailers describes a stream's last HEADERS: "ok" for grpc-status 0, else the status.
func trailers(f *http2.MetaHeadersFrame) string {
	status, message := "", ""
	for _, h := range f.Fields {
		switch h.Name {
		case "grpc-status":
			status = h.Value
		case "grpc-message":
			message = h.Value
		}
	}
	if status == "0" {
		return "ok"
	}
	if status == "" {
		return fmt.Sprintf("the stream ended without grpc-status (HTTP %s)", f.PseudoValue("status"))
	}
	return fmt.Sprintf("the stream ended with grpc-status %s %q", status, message)
}

// pinger sends a PING whenever nothing has come from the server for every, as grpc-go's
// keepalive does, and fails the probe when one is not answered within timeout.
func (c *conn) pinger(every, timeout time.Duration) {
	tick := time.NewTicker(every / 10)
	defer tick.Stop()
	for range tick.C {
		c.mu.Lock()
		now := time.Now()
		unanswered := !c.pingSent.IsZero() && now.Sub(c.pingSent) > timeout
		due := c.pingSent.IsZero() && now.Sub(c.lastRead) >= every
		if due {
			c.pingSent = now
			c.lastRead = now // the next ping waits another full interval, as in grpc-go
		}
		c.mu.Unlock()
		if unanswered {
			fail("a ping was not answered within %v", timeout)
		}
		if due {
			c.write(func(fr *http2.Framer) error { return fr.WritePing(false, [8]byte{}) })
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:3000", "server address, HOST:PORT")
	pingTime := flag.Duration("time", 10*time.Second, "client keepalive: ping after this long without a frame from the server (keepalive.ClientParameters.Time)")
	pingTimeout := flag.Duration("timeout", 20*time.Second, "client keepalive: fail when a ping is not answered within this long")
	idle := flag.Duration("idle", 30*time.Second, "how long each idle phase lasts while pings go out")
	withoutStreamPhase := flag.Bool("without-stream", true, "first keep the connection without any stream for -idle while pings go out")
	minPings := flag.Int("min-pings", 1, "pings that must be answered in each idle phase")
	flag.Parse()
	if flag.NArg() > 0 || *pingTime <= 0 || *pingTimeout <= 0 || *idle <= 0 {
		flag.Usage()
		os.Exit(2)
	}

	tcp, err := net.DialTimeout("tcp", *addr, 10*time.Second)
	if err != nil {
		fail("could not connect to %s: %v", *addr, err)
	}
	defer tcp.Close()
	w := bufio.NewWriter(tcp)
	c := &conn{
		framer:   http2.NewFramer(flushing{w}, bufio.NewReader(tcp)),
		lastRead: time.Now(),
		goAwayc:  make(chan struct{}),
		settings: make(chan struct{}),
		events:   make(chan event, 2*len(tutorialUsers)+4),
	}
	c.framer.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	c.write(func(fr *http2.Framer) error {
		if _, err := w.WriteString(http2.ClientPreface); err != nil {
			return err
		}
		return fr.WriteSettings()
	})
	go c.read()
	// Like a grpc-go client, nothing is sent before the server's SETTINGS have come.
	select {
	case <-c.settings:
	case <-time.After(10 * time.Second):
		fail("the server sent no SETTINGS within 10 s")
	}
	go c.pinger(*pingTime, *pingTimeout)

	// idlePhase waits for d, failing at once on a GOAWAY or anything that ends the stream;
	// returns the pings answered meanwhile.
	idlePhase := func(what string, d time.Duration) int {
		start := c.acks()
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-c.goAwayc:
			fail("%s after %d pings answered %s", c.goAwayReason(), c.acks()-start, what)
		case e := <-c.events:
			if e.res != nil {
				fail("a response came %s, before any request", what)
			}
			if reason := c.goAwayReason(); reason != "" {
				fail("%s after %d pings answered %s (then: %s)", reason, c.acks()-start, what, e.end)
			}
			fail("%s %s after %d pings answered", e.end, what, c.acks()-start)
		}
		pings := c.acks() - start
		if pings < *minPings {
			fail("only %d pings answered %s in %v (client pings every %v), expected at least %d",
				pings, what, d, *pingTime, *minPings)
		}
		return pings
	}

	// 1. No stream: pings are permitted without calls.
	withoutStream := "no phase without a stream"
	if *withoutStreamPhase {
		n := idlePhase("without a stream", *idle)
		withoutStream = fmt.Sprintf("%d answered without a stream in %v", n, *idle)
	}

	// 2. A stream open, no messages either way.
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, h := range [][2]string{
		{":method", "POST"}, {":scheme", "http"}, {":path", "/users.Users/CreateUser"},
		{":authority", *addr}, {"content-type", "application/grpc"},
		{"user-agent", "users-go-keepalive"}, {"te", "trailers"},
	} {
		if err := enc.WriteField(hpack.HeaderField{Name: h[0], Value: h[1]}); err != nil {
			fail("encoding the call's headers: %v", err)
		}
	}
	c.write(func(fr *http2.Framer) error {
		return fr.WriteHeaders(http2.HeadersFrameParam{StreamID: streamID, BlockFragment: block.Bytes(), EndHeaders: true})
	})
	onIdleStream := idlePhase("on an idle stream", *idle)

	// 3. The tutorial's users, every response checked.
	for _, u := range tutorialUsers {
		msg, err := proto.Marshal(u)
		if err != nil {
			fail("encoding a user: %v", err)
		}
		framed := binary.BigEndian.AppendUint32([]byte{0}, uint32(len(msg)))
		c.write(func(fr *http2.Framer) error { return fr.WriteData(streamID, false, append(framed, msg...)) })
	}
	c.write(func(fr *http2.Framer) error { return fr.WriteData(streamID, true, nil) })
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for i := 0; i <= len(tutorialAnswers); i++ {
		select {
		case e := <-c.events:
			switch {
			case e.res == nil && e.end == "ok" && i == len(tutorialAnswers):
			case e.res == nil:
				if reason := c.goAwayReason(); reason != "" {
					fail("%s; %s after %d responses", reason, e.end, i)
				}
				fail("%s after %d responses", e.end, i)
			case i == len(tutorialAnswers):
				fail("more than %d responses", len(tutorialAnswers))
			default:
				res, want := e.res, tutorialAnswers[i]
				if res.GetUserId() != want.UserId || res.GetSuccess() != want.Success ||
					!reflect.DeepEqual(append([]string{}, res.GetErrors()...), want.Errors) {
					fail("response #%d: got user_id %q success %t errors %q, expected user_id %q success %t errors %q",
						i+1, res.GetUserId(), res.GetSuccess(), res.GetErrors(), want.UserId, want.Success, want.Errors)
				}
			}
		case <-deadline.C:
			if i == len(tutorialAnswers) {
				fail("the stream did not end within 10 s of the half-close (%d responses came)", i)
			}
			fail("response #%d did not come within 10 s of the half-close", i+1)
		}
	}
	if reason := c.goAwayReason(); reason != "" {
		fail("%s", reason)
	}
	fmt.Printf("keepalive: ok: pings every %v: %s, %d on an idle stream in %v; no GOAWAY; %d responses right\n",
		*pingTime, withoutStream, onIdleStream, *idle, len(tutorialUsers))
}

// flushing sends each frame as the framer writes it, as grpc-go's transport flushes them.
type flushing struct{ w *bufio.Writer }

func (f flushing) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		err = f.w.Flush()
	}
	return n, err
}
