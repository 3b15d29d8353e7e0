// The Go tutorial's Users server: answers each user on a CreateUser stream, in order.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	// Registers gzip: compressed requests are accepted, and answered compressed too.
	_ "google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/stats"

	pb "users/pb"
)

type server struct {
	pb.UnimplementedUsersServer
}

func (s *server) CreateUser(stream pb.Users_CreateUserServer) error {
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// The tutorial calls log.Fatalf here, which lets one broken stream stop the
			// whole server; returning the error ends only this stream.
			log.Printf("receive error: %v", err)
			return err
		}
		log.Printf("name: %s, last name: %s, id: %s", req.GetName(), req.GetLastName(), req.GetId())

		errors := []string{}
		if len(req.GetName()) <= 3 {
			errors = append(errors, "Name is too short")
		}
		if req.GetLastName() == "Phill" {
			errors = append(errors, "Last Name already taken")
		}
		res := &pb.CreateUserRes{
			UserId:  req.GetId(),
			Success: len(errors) == 0,
			Errors:  errors,
		}
		if err := stream.Send(res); err != nil {
			log.Printf("send error: %v", err)
			return err
		}
	}
}

// wireLog logs, when each stream ends, how its requests came over the wire: the stream's
// grpc-encoding and how many messages were compressed. grpc-go does not expose a message's
// compressed flag; a message counts as compressed when its length on the wire differs from
// its decoded length plus the 5-byte message header.
type wireLog struct{}

type streamWire struct {
	mu                   sync.Mutex
	encoding             string
	requests, compressed int
}

type streamWireKey struct{}

func (wireLog) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context {
	return context.WithValue(ctx, streamWireKey{}, &streamWire{})
}
func (wireLog) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (wireLog) HandleConn(context.Context, stats.ConnStats)                       {}

func (wireLog) HandleRPC(ctx context.Context, s stats.RPCStats) {
	w, ok := ctx.Value(streamWireKey{}).(*streamWire)
	if !ok {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch s := s.(type) {
	case *stats.InHeader:
		w.encoding = s.Compression
	case *stats.InPayload:
		w.requests++
		if s.WireLength != s.Length+5 {
			w.compressed++
		}
	case *stats.End:
		encoding := w.encoding
		if encoding == "" {
			encoding = "identity"
		}
		log.Printf("stream ended: requests %s, %d of %d compressed", encoding, w.compressed, w.requests)
	}
}

// serverCreds is TLS with the certificate and key files; with a client CA file, clients must
// present a certificate signed by one of its CAs.
func serverCreds(certFile, keyFile, clientCAFile string) (credentials.TransportCredentials, error) {
	if clientCAFile == "" {
		return credentials.NewServerTLSFromFile(certFile, keyFile)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	pem, err := os.ReadFile(clientCAFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificate in it", clientCAFile)
	}
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
	}), nil
}

func main() {
	addr := flag.String("addr", ":3000", "address to listen on, HOST:PORT")
	quiet := flag.Bool("quiet", false, "do not log each request")
	tlsCert := flag.String("tls-cert", "", "serve TLS with this certificate chain (PEM); needs -tls-key (default: plaintext)")
	tlsKey := flag.String("tls-key", "", "the private key of -tls-cert (PEM)")
	tlsClientCA := flag.String("tls-client-ca", "", "require client certificates signed by these CAs (PEM); needs -tls-cert")
	flag.Parse()

	opts := []grpc.ServerOption{grpc.StatsHandler(wireLog{})}
	scheme := ""
	if (*tlsCert == "") != (*tlsKey == "") {
		log.Fatalf("-tls-cert and -tls-key go together")
	}
	if *tlsClientCA != "" && *tlsCert == "" {
		log.Fatalf("-tls-client-ca needs -tls-cert and -tls-key")
	}
	if *tlsCert != "" {
		creds, err := serverCreds(*tlsCert, *tlsKey, *tlsClientCA)
		if err != nil {
			log.Fatalf("cannot set up TLS: %v", err)
		}
		opts = append(opts, grpc.Creds(creds))
		scheme = " (TLS)"
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("failed to listen: %v", err)
	}
	if *quiet {
		log.SetOutput(io.Discard)
	}
	s := grpc.NewServer(opts...)
	pb.RegisterUsersServer(s, &server{})
	// Printed even when quiet: scripts read the port from this line.
	println("listening on " + lis.Addr().String() + scheme)
	if err := s.Serve(lis); err != nil {
		log.Fatalf("failed to serve: %v", err)
	}
}
