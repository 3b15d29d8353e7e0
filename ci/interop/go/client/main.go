// The Go tutorial's Users client: streams five users and prints each response as it arrives.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	// Registers gzip, for -compression gzip and for servers that answer compressed.
	_ "google.golang.org/grpc/encoding/gzip"

	"google.golang.org/grpc/stats"

	pb "users/pb"
	"users/tlsflags"
)

// wireStats records how messages went over the wire, for -wire-stats: the grpc-encoding of
// each direction and how many messages went compressed. grpc-go does not expose a message's
// compressed flag; a message counts as compressed when its length on the wire differs from
// its decoded length plus the 5-byte message header.
type wireStats struct {
	mu                           sync.Mutex
	sendEncoding, recvEncoding   string
	sent, sentCompressed         int
	received, receivedCompressed int
}

func (w *wireStats) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (w *wireStats) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}
func (w *wireStats) HandleConn(context.Context, stats.ConnStats) {}

func (w *wireStats) HandleRPC(_ context.Context, s stats.RPCStats) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch s := s.(type) {
	case *stats.OutHeader:
		w.sendEncoding = s.Compression
	case *stats.InHeader:
		w.recvEncoding = s.Compression
	case *stats.OutPayload:
		w.sent++
		if s.WireLength != s.Length+5 {
			w.sentCompressed++
		}
	case *stats.InPayload:
		w.received++
		if s.WireLength != s.Length+5 {
			w.receivedCompressed++
		}
	}
}

func orIdentity(encoding string) string {
	if encoding == "" {
		return "identity"
	}
	return encoding
}

func (w *wireStats) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("wire: requests %s, %d of %d compressed; responses %s, %d of %d compressed",
		orIdentity(w.sendEncoding), w.sentCompressed, w.sent,
		orIdentity(w.recvEncoding), w.receivedCompressed, w.received)
}

func printResponse(res *pb.CreateUserRes, output string) {
	errs := append([]string{}, res.GetErrors()...)
	if output == "json" {
		line, _ := json.Marshal(struct {
			UserID  string   `json:"user_id"`
			Success bool     `json:"success"`
			Errors  []string `json:"errors"`
		}{res.GetUserId(), res.GetSuccess(), errs})
		fmt.Println(string(line))
		return
	}
	quoted := make([]string, len(errs))
	for i, e := range errs {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	fmt.Printf("user_id: %q, success: %t, errors: [%s]\n", res.GetUserId(), res.GetSuccess(), strings.Join(quoted, ", "))
}

// readUsers reads users from JSON Lines, one object per line (blank lines skipped).
func readUsers(path string) ([]*pb.User, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var users []*pb.User
	scanner := bufio.NewScanner(f)
	scanner.Buffer(nil, 4<<20)
	for line := 1; scanner.Scan(); line++ {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var u struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			LastName string `json:"last_name"`
			Age      int32  `json:"age"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &u); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		users = append(users, &pb.User{Id: u.ID, Name: u.Name, LastName: u.LastName, Age: u.Age})
	}
	return users, scanner.Err()
}

func main() {
	addr := flag.String("addr", "localhost:3000", "server address, HOST:PORT")
	delay := flag.Duration("delay", time.Second, "pause after each send")
	output := flag.String("output", "text", "text or json")
	count := flag.Int("count", 0, "send this many generated users instead of the tutorial's five")
	input := flag.String("input", "", "send the users of this JSON Lines file ({\"id\":\"7\",\"name\":\"Ana\",\"last_name\":\"Lee\",\"age\":31} per line) instead of the tutorial's five or -count's")
	compression := flag.String("compression", "none", "compression of requests: none or gzip")
	showWire := flag.Bool("wire-stats", false, "at the end, print to stderr each direction's encoding and how many messages went compressed")
	tlsCA := flag.String("tls-ca", "", "speak TLS, checking the server's certificate against these CAs (PEM) (default: plaintext; the system's CAs with the other -tls flags)")
	tlsServerName := flag.String("tls-server-name", "", "speak TLS; the name the server's certificate must carry (default: the host dialled)")
	tlsCert := flag.String("tls-cert", "", "speak TLS, presenting this certificate chain (PEM) to servers that ask; needs -tls-key")
	tlsKey := flag.String("tls-key", "", "the private key of -tls-cert (PEM)")
	flag.Parse()

	if (*tlsCert == "") != (*tlsKey == "") {
		log.Fatalf("-tls-cert and -tls-key go together")
	}
	wire := &wireStats{}
	opts := []grpc.DialOption{grpc.WithStatsHandler(wire)}
	if *tlsCA != "" || *tlsServerName != "" || *tlsCert != "" {
		creds, err := tlsflags.ClientCreds(*tlsCA, *tlsServerName, *tlsCert, *tlsKey)
		if err != nil {
			log.Fatalf("cannot set up TLS: %v", err)
		}
		opts = append(opts, grpc.WithTransportCredentials(creds))
	} else {
		opts = append(opts, grpc.WithInsecure())
	}
	switch *compression {
	case "none":
	case "gzip":
		opts = append(opts, grpc.WithDefaultCallOptions(grpc.UseCompressor("gzip")))
	default:
		log.Fatalf("unknown -compression %q (none or gzip)", *compression)
	}
	conn, err := grpc.Dial(*addr, opts...)
	if err != nil {
		log.Fatalf("did not connect: %v", err)
	}
	defer conn.Close()
	client := pb.NewUsersClient(conn)

	users := []*pb.User{
		{Id: "1", Name: "Carl", LastName: "Phill", Age: 23},
		{Id: "2", Name: "Marisol", LastName: "Richardson", Age: 29},
		{Id: "3", Name: "Mia", LastName: "Phill", Age: 27},
		{Id: "4", Name: "Tomas", LastName: "Smith", Age: 25},
		{Id: "5", Name: "Zian", LastName: "Heat", Age: 28},
	}
	if *count > 0 {
		users = make([]*pb.User, *count)
		names := []string{"Al", "Bob", "Carl", "Marisol"}
		for i := range users {
			lastName := "Smith"
			if i%3 == 0 {
				lastName = "Phill"
			}
			users[i] = &pb.User{Id: fmt.Sprint(i), Name: names[i%4], LastName: lastName, Age: int32(i)}
		}
	}

	if *input != "" {
		users, err = readUsers(*input)
		if err != nil {
			log.Fatalf("reading %s: %v", *input, err)
		}
	}

	stream, err := client.CreateUser(context.Background())
	if err != nil {
		log.Fatalf("could not open stream: %v", err)
	}

	waitc := make(chan error)
	go func() {
		for {
			res, err := stream.Recv()
			if err == io.EOF {
				close(waitc)
				return
			}
			if err != nil {
				waitc <- err
				return
			}
			printResponse(res, *output)
		}
	}()

	for i := range users {
		if err := stream.Send(users[i]); err != nil {
			log.Fatalf("send error: %v", err)
		}
		time.Sleep(*delay)
	}
	stream.CloseSend()
	if err := <-waitc; err != nil {
		log.Fatalf("receive error: %v", err)
	}
	if *showWire {
		fmt.Fprintln(os.Stderr, wire)
	}
}
