// users-go-otel-client: the tutorial's client, traced as a Go service traces its gRPC calls
// (otelgrpc's client stats handler under a span of its own). Streams the tutorial's five users
// on one CreateUser call, prints each answer as a JSON line and, on stderr, the trace id.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"users-otel/oteltrace"
	pb "users-otel/pb"
)

func main() {
	addr := flag.String("addr", "localhost:3000", "server address, HOST:PORT")
	flag.Parse()

	stop, err := oteltrace.Start(context.Background())
	if err != nil {
		log.Fatalf("cannot trace: %v", err)
	}
	code := run(*addr)
	stop()
	os.Exit(code)
}

func run(addr string) int {
	ctx, span := otel.Tracer("users-go-otel-client").Start(context.Background(), "send users")
	defer span.End()
	fmt.Fprintf(os.Stderr, "trace_id: %s\n", span.SpanContext().TraceID())

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler()))
	if err != nil {
		log.Printf("did not connect: %v", err)
		return 1
	}
	defer conn.Close()
	stream, err := pb.NewUsersClient(conn).CreateUser(ctx)
	if err != nil {
		log.Printf("could not open stream: %v", err)
		return 1
	}
	users := []*pb.User{
		{Id: "1", Name: "Carl", LastName: "Phill", Age: 23},
		{Id: "2", Name: "Marisol", LastName: "Richardson", Age: 29},
		{Id: "3", Name: "Mia", LastName: "Phill", Age: 27},
		{Id: "4", Name: "Tomas", LastName: "Smith", Age: 25},
		{Id: "5", Name: "Zian", LastName: "Heat", Age: 28},
	}
	for _, u := range users {
		if err := stream.Send(u); err != nil {
			log.Printf("send error: %v", err)
			return 1
		}
	}
	stream.CloseSend()
	for {
		res, err := stream.Recv()
		if err == io.EOF {
			return 0
		}
		if err != nil {
			log.Printf("receive error: %v", err)
			return 1
		}
		line, _ := json.Marshal(struct {
			UserID  string   `json:"user_id"`
			Success bool     `json:"success"`
			Errors  []string `json:"errors"`
		}{res.GetUserId(), res.GetSuccess(), append([]string{}, res.GetErrors()...)})
		fmt.Println(string(line))
	}
}
