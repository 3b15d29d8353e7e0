// users-go-load: a load generator for the Users service on grpc-go. It drives a server with
// one of six scenarios, checks every answer against the golden answers of testdata/, and prints one
// result (a table, or one JSON line with --json). Its Rust twin, users-bench, takes the same
// command line and prints the same JSON.
//
// usage: users-go-load SCENARIO [--addr HOST:PORT] [options] [--json] [--timeout DURATION]
//
// Connections are plaintext unless TLS is asked for, and then every connection of every
// scenario speaks TLS: --tls-ca FILE (the PEM CA certificates the server's certificate must
// chain to; the system's when left out) turns it on, and so do --tls-cert FILE and --tls-key
// FILE (the client's own certificate chain and private key, PEM, for servers that require
// client certificates: mutual TLS; both or neither). --tls-server-name NAME is the name the
// server's certificate must carry when not the host dialled (it turns TLS on too). A TLS file that cannot be read or
// used is an error (exit 1).
//
// Every stream sends generated users: user i has id "i", age i, and the name and last name of
// line i%12 of testdata/generated_cycle.jsonl (embedded at build time), whose answer is the one
// expected. Every response is checked (in order, once each, every field) and every stream must end with status OK; the first mismatch stops
// the run with a one-line error naming the stream and the user (exit 1). Bad flags exit 2.
//
// Latency percentiles are exact (nearest rank over every sample: the smallest sample with at
// least q of all samples at or below it), in whole microseconds.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "users/pb"
	"users/tlsflags"
)

const tool = "users-go-load"

const usage = `usage: users-go-load SCENARIO [--addr HOST:PORT] [options] [--json] [--timeout DURATION]

common options:
  --addr HOST:PORT      server to load (default localhost:3000)
  --json                print one JSON object on one line instead of a table
  --timeout DURATION    bound on the whole run; exceeding it is an error (default 120s)
  --tls-ca FILE         speak TLS, checking the server's certificate against these CA
                        certificates (PEM) (default: plaintext; the system's CAs when
                        another --tls option turns TLS on)
  --tls-server-name NAME
                        speak TLS; the name the server's certificate must carry (default:
                        the host dialled)
  --tls-cert FILE       speak TLS, presenting this certificate chain (PEM) to a server that
                        requires client certificates (mutual TLS); needs --tls-key
  --tls-key FILE        the private key of --tls-cert (PEM); needs --tls-cert

scenarios:
  flood      --streams S (1) --connections C (1) --users N (200000, per stream)
             S streams over C connections, each sends N users as fast as flow control allows
             while its answers are read concurrently
  ping-pong  --requests N (10000)
             one stream, one request outstanding at a time
  open-loop  --rate R (50000, users/s in total) --duration D (5s) --streams S (1) --connections C (1)
             each stream sends at R/S users/s on a fixed schedule; latency counts from the
             intended send time
  churn      --streams S (10000, in total) --concurrency K (32) --users N (1, per stream) --connections C (1)
             K streams at a time, each sends N users, half-closes and checks its answers and status;
             latency is per stream (open to OK status)
  idle       --streams S (1000) --connections C (1) --hold D (10s)
             opens S streams at once, each sends one user and gets its answer, prints
             {"event":"ready","streams":S}, holds them idle for D, then half-closes each and
             checks that it ends OK; latency is each stream's first answer
  connect    --connections C (100) --hold D (1s)
             opens C new connections at once, one stream each: each connects (TCP, TLS and
             HTTP/2 handshakes), sends one user and gets its answer, then as idle (ready
             line, hold, half-close, OK status), and every connection is closed; latency is
             each connection's handshakes and first answer
`

// generatedCycle is testdata/generated_cycle.jsonl, copied beside this file by ci/interop/go/build.sh.
//
//go:embed golden/generated_cycle.jsonl
var generatedCycle []byte

// cycleRow is one line of the cycle: a user's name and last name, and the answer it gets.
type cycleRow struct {
	Name     string   `json:"name"`
	LastName string   `json:"last_name"`
	Success  bool     `json:"success"`
	Errors   []string `json:"errors"`
}

// cycle holds the rows of generatedCycle: user i is built from, and answered as, cycle[i%len].
var cycle = func() []cycleRow {
	var rows []cycleRow
	lines := bufio.NewScanner(bytes.NewReader(generatedCycle))
	for lines.Scan() {
		if len(bytes.TrimSpace(lines.Bytes())) == 0 {
			continue
		}
		var row cycleRow
		if err := json.Unmarshal(lines.Bytes(), &row); err != nil {
			panic(fmt.Sprintf("golden/generated_cycle.jsonl: %v", err))
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		panic("golden/generated_cycle.jsonl has no rows")
	}
	return rows
}()

// failing lets one failure through: streams failing at once (a server that refuses every
// connection's handshake, in connect) print one line, not one each.
var failing sync.Mutex

// fail prints a one-line error and exits with status 1.
func fail(format string, args ...interface{}) {
	failing.Lock() // never unlocked: the process exits
	fmt.Fprintf(os.Stderr, tool+": "+format+"\n", args...)
	os.Exit(1)
}

// badUsage prints a one-line error about the command line and exits with status 2.
func badUsage(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, tool+": "+format+"\n", args...)
	fmt.Fprintf(os.Stderr, "run '%s --help' for usage\n", tool)
	os.Exit(2)
}

type config struct {
	scenario    string
	addr        string
	json        bool
	timeout     time.Duration
	streams     int
	connections int
	users       int
	requests    int
	concurrency int
	rate        int
	duration    time.Duration
	hold        time.Duration

	tlsCA         string
	tlsServerName string
	tlsCert       string
	tlsKey        string
	// creds secures every connection: TLS when --tls-ca or --tls-cert is given, else
	// plaintext. Set by main once the files are read, not by parseArgs, whose errors are all
	// bad usage (exit 2).
	creds credentials.TransportCredentials
}

func parseArgs(args []string) config {
	if len(args) == 0 {
		badUsage("missing SCENARIO (flood, ping-pong, open-loop, churn, idle, connect)")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		fmt.Print(usage)
		os.Exit(0)
	}
	cfg := config{scenario: args[0]}
	fs := flag.NewFlagSet(tool+" "+cfg.scenario, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.addr, "addr", "localhost:3000", "")
	fs.BoolVar(&cfg.json, "json", false, "")
	fs.DurationVar(&cfg.timeout, "timeout", 120*time.Second, "")
	fs.StringVar(&cfg.tlsCA, "tls-ca", "", "")
	fs.StringVar(&cfg.tlsServerName, "tls-server-name", "", "")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "")
	switch cfg.scenario {
	case "flood":
		fs.IntVar(&cfg.streams, "streams", 1, "")
		fs.IntVar(&cfg.connections, "connections", 1, "")
		fs.IntVar(&cfg.users, "users", 200000, "")
	case "ping-pong":
		fs.IntVar(&cfg.requests, "requests", 10000, "")
		cfg.streams, cfg.connections = 1, 1
	case "open-loop":
		fs.IntVar(&cfg.rate, "rate", 50000, "")
		fs.DurationVar(&cfg.duration, "duration", 5*time.Second, "")
		fs.IntVar(&cfg.streams, "streams", 1, "")
		fs.IntVar(&cfg.connections, "connections", 1, "")
	case "churn":
		fs.IntVar(&cfg.streams, "streams", 10000, "")
		fs.IntVar(&cfg.concurrency, "concurrency", 32, "")
		fs.IntVar(&cfg.users, "users", 1, "")
		fs.IntVar(&cfg.connections, "connections", 1, "")
	case "idle":
		fs.IntVar(&cfg.streams, "streams", 1000, "")
		fs.IntVar(&cfg.connections, "connections", 1, "")
		fs.DurationVar(&cfg.hold, "hold", 10*time.Second, "")
	case "connect":
		fs.IntVar(&cfg.connections, "connections", 100, "")
		fs.DurationVar(&cfg.hold, "hold", time.Second, "")
	default:
		badUsage("unknown scenario %q (flood, ping-pong, open-loop, churn, idle, connect)", cfg.scenario)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Print(usage)
			os.Exit(0)
		}
		badUsage("%s: %v", cfg.scenario, err)
	}
	if fs.NArg() > 0 {
		badUsage("%s: unexpected argument %q", cfg.scenario, fs.Arg(0))
	}
	positive := func(name string, v int) {
		if v < 1 {
			badUsage("%s: --%s must be at least 1, got %d", cfg.scenario, name, v)
		}
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "streams", "connections", "users", "requests", "concurrency", "rate":
			v, _ := strconv.Atoi(f.Value.String())
			positive(f.Name, v)
		}
	})
	if cfg.timeout <= 0 {
		badUsage("--timeout must be positive, got %v", cfg.timeout)
	}
	if cfg.scenario == "open-loop" {
		if cfg.duration <= 0 {
			badUsage("open-loop: --duration must be positive, got %v", cfg.duration)
		}
	}
	if (cfg.scenario == "idle" || cfg.scenario == "connect") && cfg.hold < 0 {
		badUsage("%s: --hold must not be negative, got %v", cfg.scenario, cfg.hold)
	}
	if cfg.scenario == "connect" {
		cfg.streams = cfg.connections // one stream on each connection
	}
	if cfg.tlsCert != "" && cfg.tlsKey == "" {
		badUsage("--tls-cert needs --tls-key (the private key of the certificate)")
	}
	if cfg.tlsKey != "" && cfg.tlsCert == "" {
		badUsage("--tls-key needs --tls-cert (the certificate chain of the key)")
	}
	return cfg
}

// transportCreds reads the TLS files of cfg, once for every connection of the run: TLS when
// --tls-ca, --tls-cert or --tls-server-name is given, else plaintext. A file that cannot be
// read or used ends the run (exit 1), naming its option.
func transportCreds(cfg config) credentials.TransportCredentials {
	if cfg.tlsCA == "" && cfg.tlsCert == "" && cfg.tlsServerName == "" {
		return insecure.NewCredentials()
	}
	creds, err := tlsflags.ClientCreds(cfg.tlsCA, cfg.tlsServerName, cfg.tlsCert, cfg.tlsKey)
	if err != nil {
		fail("%v", err)
	}
	return creds
}

// Users and their expected answers.

// user is one generated User, encoded once and sent as is on every stream: the send path
// does no encoding work and no allocation.
type user struct {
	id      string
	encoded []byte
}

// makeUsers encodes users 0..n-1 as proto.Marshal would (fields in order, proto3 zero values
// left out), into one buffer.
func makeUsers(n int) []user {
	users := make([]user, n)
	buf := make([]byte, 0, n*40)
	for i := range users {
		id := strconv.Itoa(i)
		row := &cycle[i%len(cycle)]
		start := len(buf)
		buf = protowire.AppendTag(buf, 1, protowire.BytesType)
		buf = protowire.AppendString(buf, id)
		buf = protowire.AppendTag(buf, 2, protowire.BytesType)
		buf = protowire.AppendString(buf, row.Name)
		buf = protowire.AppendTag(buf, 3, protowire.BytesType)
		buf = protowire.AppendString(buf, row.LastName)
		if i != 0 {
			buf = protowire.AppendTag(buf, 4, protowire.VarintType)
			buf = protowire.AppendVarint(buf, uint64(int64(int32(i))))
		}
		users[i] = user{id: id, encoded: buf[start:len(buf):len(buf)]}
	}
	return users
}

// answer is a CreateUserRes decoded in place: its strings point into the received buffer.
type answer struct {
	userID  []byte
	success bool
	errors  [][]byte
}

// decode parses a CreateUserRes (proto3: fields may come in any order, the last user_id and
// success win, unknown fields are skipped).
func (a *answer) decode(b []byte) error {
	a.userID, a.success, a.errors = a.userID[:0], false, a.errors[:0]
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		switch {
		case num == 1 && typ == protowire.BytesType:
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			a.userID, b = v, b[n:]
		case num == 2 && typ == protowire.VarintType:
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			a.success, b = v != 0, b[n:]
		case num == 3 && typ == protowire.BytesType:
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			a.errors, b = append(a.errors, v), b[n:]
		default:
			n := protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			b = b[n:]
		}
	}
	return nil
}

// codec sends users pre-encoded and decodes answers in place; anything else goes through
// the proto codec. Forced on each call (grpc.ForceCodec), it leaves the content-type
// "application/grpc" as the proto codec does.
type codec struct{}

func (codec) Name() string { return "proto" }

func (codec) Marshal(v interface{}) ([]byte, error) {
	if u, ok := v.(*user); ok {
		return u.encoded, nil
	}
	return proto.Marshal(v.(proto.Message))
}

func (codec) Unmarshal(data []byte, v interface{}) error {
	if a, ok := v.(*answer); ok {
		return a.decode(data)
	}
	return proto.Unmarshal(data, v.(proto.Message))
}

var _ encoding.Codec = codec{}

// checkAnswer returns "" when a is the right answer to user i (whose id is u.id).
func checkAnswer(a *answer, i int, u *user) string {
	want := &cycle[i%len(cycle)]
	ok := string(a.userID) == u.id && a.success == want.Success && len(a.errors) == len(want.Errors)
	for k := 0; ok && k < len(want.Errors); k++ {
		ok = string(a.errors[k]) == want.Errors[k]
	}
	if ok {
		return ""
	}
	gotErrs := make([]string, len(a.errors))
	for k, e := range a.errors {
		gotErrs[k] = string(e)
	}
	return fmt.Sprintf("got user_id %q success %t errors %q, want user_id %q success %t errors %q",
		a.userID, a.success, gotErrs, u.id, want.Success, want.Errors)
}

// Clock: nanoseconds since the start of the program, monotonic.

var epoch = time.Now()

func now() int64 { return int64(time.Since(epoch)) }

// Connections and streams.

func init() {
	// grpc.NewClient (connect) then takes --addr as it is, as grpc.DialContext (dial) does,
	// rather than resolve it through DNS first: the same connections in every scenario, and
	// no lookup in connect's handshake latency.
	resolver.SetDefaultScheme("passthrough")
}

// connOptions are the options of every connection: its credentials and buffers.
func connOptions(cfg config) []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithTransportCredentials(cfg.creds),
		grpc.WithWriteBufferSize(256 << 10),
		grpc.WithReadBufferSize(256 << 10),
	}
}

func dial(ctx context.Context, cfg config, n int) []*grpc.ClientConn {
	conns := make([]*grpc.ClientConn, n)
	for i := range conns {
		dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		// A handshake refused after TCP connects (no client certificate for a server that
		// requires one) is retried until the deadline: WithReturnConnectionError says why.
		conn, err := grpc.DialContext(dctx, cfg.addr, append(connOptions(cfg),
			grpc.WithBlock(), grpc.FailOnNonTempDialError(true), grpc.WithReturnConnectionError())...)
		cancel()
		if err != nil {
			fail("cannot connect to %s: %v", cfg.addr, err)
		}
		conns[i] = conn
	}
	return conns
}

// stream is one CreateUser call; it sends *user and receives *answer through codec.
type stream = grpc.ClientStream

func openStream(ctx context.Context, conn *grpc.ClientConn, s int) stream {
	st, err := pb.NewUsersClient(conn).CreateUser(ctx, grpc.ForceCodec(codec{}))
	if err != nil {
		fail("stream %d: cannot open: %v", s, err)
	}
	return st
}

// statusText names a stream's final error: its gRPC code and message.
func statusText(err error) string {
	if s, ok := status.FromError(err); ok {
		return fmt.Sprintf("status %s: %s", strings.ToUpper(codeName(s.Code().String())), s.Message())
	}
	return err.Error()
}

// codeName turns grpc-go's code names (DeadlineExceeded) into the usual ones (DEADLINE_EXCEEDED).
func codeName(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// send sends user i on stream s; a send refused because the stream has ended (io.EOF) is
// left to the receiving side, which sees the stream's status.
func send(st stream, s, i int, u *user) bool {
	if err := st.SendMsg(u); err != nil {
		if err == io.EOF {
			return false
		}
		fail("stream %d, user %d: send failed: %v", s, i, err)
	}
	return true
}

// recvAnswer receives the answer to user i of stream s (n users in all) and checks it.
func recvAnswer(st stream, res *answer, s, i, n int, u *user) {
	if err := st.RecvMsg(res); err != nil {
		if err == io.EOF {
			fail("stream %d, user %d: stream ended with status OK after %d of %d answers", s, i, i, n)
		}
		fail("stream %d, user %d: stream ended with %s after %d of %d answers", s, i, statusText(err), i, n)
	}
	if msg := checkAnswer(res, i, u); msg != "" {
		fail("stream %d, user %d: wrong answer: %s", s, i, msg)
	}
}

// recvEnd checks that stream s, after its n answers, ends with status OK.
func recvEnd(st stream, res *answer, s, n int) {
	err := st.RecvMsg(res)
	if err == io.EOF {
		return
	}
	if err == nil {
		fail("stream %d, answer %d: unexpected extra answer (user_id %q) after the %d expected", s, n, res.userID, n)
	}
	fail("stream %d: stream ended with %s after all %d answers", s, statusText(err), n)
}

func closeSend(st stream, s int) {
	if err := st.CloseSend(); err != nil {
		fail("stream %d: half-close failed: %v", s, err)
	}
}

// Results.

type latencyJSON struct {
	P50  int64 `json:"p50"`
	P90  int64 `json:"p90"`
	P99  int64 `json:"p99"`
	P999 int64 `json:"p999"`
	Max  int64 `json:"max"`
}

type resultJSON struct {
	Tool        string      `json:"tool"`
	Scenario    string      `json:"scenario"`
	Streams     int         `json:"streams"`
	Connections int         `json:"connections"`
	Rate        *int        `json:"rate,omitempty"`
	Messages    int64       `json:"messages"`
	ElapsedS    float64     `json:"elapsed_s"`
	Throughput  float64     `json:"throughput"`
	StreamsPerS *float64    `json:"streams_per_s,omitempty"`
	LatencyUs   latencyJSON `json:"latency_us"`
}

type int64s []int64

func (a int64s) Len() int           { return len(a) }
func (a int64s) Less(i, j int) bool { return a[i] < a[j] }
func (a int64s) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// percentiles of samples (nanoseconds), in whole microseconds.
func percentiles(samples []int64) latencyJSON {
	if len(samples) == 0 {
		return latencyJSON{}
	}
	sort.Sort(int64s(samples))
	at := func(q float64) int64 {
		k := int(math.Ceil(q*float64(len(samples)))) - 1
		if k < 0 {
			k = 0
		}
		if k >= len(samples) {
			k = len(samples) - 1
		}
		return (samples[k] + 500) / 1000
	}
	return latencyJSON{P50: at(0.50), P90: at(0.90), P99: at(0.99), P999: at(0.999), Max: at(1)}
}

func report(cfg config, messages int64, elapsed int64, samples []int64) {
	secs := float64(elapsed) / 1e9
	r := resultJSON{
		Tool:        tool,
		Scenario:    cfg.scenario,
		Streams:     cfg.streams,
		Connections: cfg.connections,
		Messages:    messages,
		ElapsedS:    round(secs, 6),
		Throughput:  round(float64(messages)/secs, 1),
		LatencyUs:   percentiles(samples),
	}
	if cfg.scenario == "open-loop" {
		rate := cfg.rate
		r.Rate = &rate
	}
	if cfg.scenario == "churn" {
		sps := round(float64(cfg.streams)/secs, 1)
		r.StreamsPerS = &sps
	}
	if cfg.json {
		line, _ := json.Marshal(r)
		fmt.Println(string(line))
		return
	}
	fmt.Printf("%s %s against %s\n", tool, cfg.scenario, cfg.addr)
	fmt.Printf("  streams        %d over %d connection(s)\n", r.Streams, r.Connections)
	if r.Rate != nil {
		fmt.Printf("  target rate    %d users/s\n", *r.Rate)
	}
	fmt.Printf("  messages       %d (every answer checked)\n", r.Messages)
	fmt.Printf("  elapsed        %.3f s\n", secs)
	fmt.Printf("  throughput     %.1f messages/s\n", r.Throughput)
	if r.StreamsPerS != nil {
		fmt.Printf("  streams/s      %.1f\n", *r.StreamsPerS)
	}
	what := "per message"
	switch cfg.scenario {
	case "churn":
		what = "per stream, open to OK status"
	case "idle":
		what = "first answer of each stream"
	case "connect":
		what = "handshakes and first answer of each connection"
	case "open-loop":
		what = "per message, from its intended send time"
	}
	l := r.LatencyUs
	fmt.Printf("  latency (µs)   p50 %d  p90 %d  p99 %d  p99.9 %d  max %d  (%s)\n",
		l.P50, l.P90, l.P99, l.P999, l.Max, what)
}

// Scenarios. Each returns the number of checked answers, the elapsed time and the latency
// samples, all in nanoseconds. The clock runs over the whole run, from before connecting to
// the last stream's OK status.

// flood: S streams round-robin over C connections; each sends N users as fast as flow
// control allows while a goroutine reads and checks its answers. A message's latency runs
// from just before its send to the receipt of its answer.
func flood(ctx context.Context, cfg config) (int64, int64, []int64) {
	n := cfg.users
	users := makeUsers(n)
	samples := make([]int64, cfg.streams*n)
	start := now()
	conns := dial(ctx, cfg, cfg.connections)
	var wg sync.WaitGroup
	for s := 0; s < cfg.streams; s++ {
		st, lat := openStream(ctx, conns[s%len(conns)], s), samples[s*n:(s+1)*n]
		sent := make([]int64, n)
		wg.Add(1)
		go func(s int) {
			for i := range users {
				atomic.StoreInt64(&sent[i], now())
				if !send(st, s, i, &users[i]) {
					return
				}
			}
			closeSend(st, s)
		}(s)
		go func(s int) {
			defer wg.Done()
			var res answer
			for i := range users {
				recvAnswer(st, &res, s, i, n, &users[i])
				lat[i] = now() - atomic.LoadInt64(&sent[i])
			}
			recvEnd(st, &res, s, n)
		}(s)
	}
	wg.Wait()
	return int64(len(samples)), now() - start, samples
}

// ping-pong: one stream, one request outstanding at a time.
func pingPong(ctx context.Context, cfg config) (int64, int64, []int64) {
	n := cfg.requests
	users := makeUsers(n)
	samples := make([]int64, n)
	start := now()
	conns := dial(ctx, cfg, 1)
	st := openStream(ctx, conns[0], 0)
	var res answer
	for i := range users {
		t := now()
		send(st, 0, i, &users[i]) // a refused send leaves the stream's status to recvAnswer
		recvAnswer(st, &res, 0, i, n, &users[i])
		samples[i] = now() - t
	}
	closeSend(st, 0)
	recvEnd(st, &res, 0, n)
	return int64(n), now() - start, samples
}

// open-loop: the run sends ceil(R x D) users; slot k of the schedule is due k/R seconds after
// the streams are open, and stream s (of S) takes slots s, s+S, s+2S... so the streams
// together send at an even pace. When a sender wakes it sends every user already due, then
// sleeps until the next one is due. Latency runs from the intended send time, so a sender
// held back by flow control or scheduling does not hide the delay.
func openLoop(ctx context.Context, cfg config) (int64, int64, []int64) {
	S := cfg.streams
	slots := int((cfg.duration.Nanoseconds()*int64(cfg.rate) + 999999999) / 1000000000)
	perStream := func(s int) int {
		if s >= slots {
			return 0
		}
		return (slots-s-1)/S + 1
	}
	users := makeUsers(perStream(0))
	samples := make([]int64, slots)
	start := now()
	conns := dial(ctx, cfg, cfg.connections)
	streams := make([]stream, S)
	for s := range streams {
		streams[s] = openStream(ctx, conns[s%len(conns)], s)
	}
	nsPerSlot := 1e9 / float64(cfg.rate)
	begin := now()
	var wg sync.WaitGroup
	for s := range streams {
		st, n := streams[s], perStream(s)
		lat := make([]int64, n)
		sent := make([]int64, n)
		due := func(i int) int64 { return begin + int64(float64(i*S+s)*nsPerSlot) }
		wg.Add(1)
		go func(s int) {
			i := 0
			for i < n {
				t := now()
				for i < n && due(i) <= t {
					atomic.StoreInt64(&sent[i], due(i))
					if !send(st, s, i, &users[i]) {
						return
					}
					i++
				}
				if i < n {
					if d := due(i) - now(); d > 0 {
						time.Sleep(time.Duration(d))
					}
				}
			}
			closeSend(st, s)
		}(s)
		go func(s int) {
			defer wg.Done()
			var res answer
			for i := 0; i < n; i++ {
				recvAnswer(st, &res, s, i, n, &users[i])
				lat[i] = now() - atomic.LoadInt64(&sent[i])
			}
			recvEnd(st, &res, s, n)
			for i, v := range lat {
				samples[i*S+s] = v
			}
		}(s)
	}
	wg.Wait()
	return int64(slots), now() - start, samples
}

// churn: S streams in all, K at a time; each opens, sends N users, half-closes, checks its
// answers and its OK status. Latency is per stream, from opening to the OK status.
func churn(ctx context.Context, cfg config) (int64, int64, []int64) {
	n := cfg.users
	users := makeUsers(n)
	samples := make([]int64, cfg.streams)
	start := now()
	conns := dial(ctx, cfg, cfg.connections)
	var next int64 = -1
	var wg sync.WaitGroup
	for w := 0; w < cfg.concurrency && w < cfg.streams; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res answer
			for {
				s := int(atomic.AddInt64(&next, 1))
				if s >= cfg.streams {
					return
				}
				t := now()
				sctx, cancel := context.WithCancel(ctx)
				st := openStream(sctx, conns[s%len(conns)], s)
				sendAll := func() {
					for i := range users {
						if !send(st, s, i, &users[i]) {
							return
						}
					}
					closeSend(st, s)
				}
				if n <= 16 {
					sendAll() // a few users fit in any flow-control window
				} else {
					go sendAll()
				}
				for i := range users {
					recvAnswer(st, &res, s, i, n, &users[i])
				}
				recvEnd(st, &res, s, n)
				samples[s] = now() - t
				cancel()
			}
		}()
	}
	wg.Wait()
	return int64(cfg.streams) * int64(n), now() - start, samples
}

// idle: opens S streams at once (round-robin over C connections), each sends user 0 and waits
// for its answer (the latency sample: from opening the stream to its answer); then prints the
// ready line, holds every stream open and idle for the hold time, half-closes each and checks
// that each ends OK. The clock includes the hold.
func idle(ctx context.Context, cfg config) (int64, int64, []int64) {
	users := makeUsers(1)
	start := now()
	conns := dial(ctx, cfg, cfg.connections)
	streams, samples := firstAnswers(cfg.streams, func(s int) stream {
		return answerOne(ctx, conns[s%len(conns)], s, &users[0])
	})
	holdThenEnd(cfg, streams)
	return int64(cfg.streams), now() - start, samples
}

// firstAnswers runs open for streams 0..n-1 at once, each in a goroutine of its own, and
// returns the streams it opened and each one's latency sample: from just before open to its
// return.
func firstAnswers(n int, open func(s int) stream) ([]stream, []int64) {
	streams := make([]stream, n)
	samples := make([]int64, n)
	var wg sync.WaitGroup
	for s := range streams {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			t := now()
			streams[s] = open(s)
			samples[s] = now() - t
		}(s)
	}
	wg.Wait()
	return streams, samples
}

// answerOne opens stream s on conn, sends user u (user 0) and checks its answer.
func answerOne(ctx context.Context, conn *grpc.ClientConn, s int, u *user) stream {
	var res answer
	st := openStream(ctx, conn, s)
	send(st, s, 0, u)
	recvAnswer(st, &res, s, 0, 1, u)
	return st
}

// holdThenEnd prints the ready line, holds the streams open and idle for the hold time, then
// half-closes each and checks that each ends OK.
func holdThenEnd(cfg config, streams []stream) {
	fmt.Fprintf(os.Stdout, "{\"event\":\"ready\",\"streams\":%d}\n", len(streams))
	os.Stdout.Sync()
	time.Sleep(cfg.hold)
	for s, st := range streams {
		closeSend(st, s)
	}
	var res answer
	for s, st := range streams {
		recvEnd(st, &res, s, 1)
	}
}

// connect: opens C new connections at once, one stream on each. Each connection, in its own
// goroutine, is created (not blocking: it connects for its stream), opens its stream, sends
// user 0 and waits for its answer; the latency sample runs from just before creating the
// connection to that answer: the TCP, TLS and HTTP/2 handshakes and the first answer, as a
// fleet of clients reconnecting at once meets them. Then, as idle: the ready line, the hold,
// a half-close and an OK status on each stream; then every connection is closed. A connection
// that fails surfaces as its stream's failure (naming the stream), and --timeout bounds a
// handshake that never ends. The clock includes the hold.
func connect(ctx context.Context, cfg config) (int64, int64, []int64) {
	users := makeUsers(1)
	conns := make([]*grpc.ClientConn, cfg.connections)
	start := now()
	streams, samples := firstAnswers(cfg.connections, func(s int) stream {
		conn, err := grpc.NewClient(cfg.addr, connOptions(cfg)...)
		if err != nil {
			fail("stream %d: cannot create its connection to %s: %v", s, cfg.addr, err)
		}
		conns[s] = conn
		return answerOne(ctx, conn, s, &users[0])
	})
	holdThenEnd(cfg, streams)
	for _, conn := range conns {
		conn.Close()
	}
	return int64(cfg.connections), now() - start, samples
}

func main() {
	cfg := parseArgs(os.Args[1:])
	cfg.creds = transportCreds(cfg)
	if os.Getenv("GOGC") == "" {
		// Every answer is a fresh buffer in grpc-go: collect less often (about 10% less CPU).
		debug.SetGCPercent(400)
	}
	timer := time.AfterFunc(cfg.timeout, func() {
		fail("%s: timed out after %v (--timeout)", cfg.scenario, cfg.timeout)
	})
	defer timer.Stop()
	ctx := context.Background()
	var messages, elapsed int64
	var samples []int64
	switch cfg.scenario {
	case "flood":
		messages, elapsed, samples = flood(ctx, cfg)
	case "ping-pong":
		messages, elapsed, samples = pingPong(ctx, cfg)
	case "open-loop":
		messages, elapsed, samples = openLoop(ctx, cfg)
	case "churn":
		messages, elapsed, samples = churn(ctx, cfg)
	case "idle":
		messages, elapsed, samples = idle(ctx, cfg)
	case "connect":
		messages, elapsed, samples = connect(ctx, cfg)
	}
	timer.Stop()
	report(cfg, messages, elapsed, samples)
}
