// users-go-otel-server: the tutorial's server, traced as a Go service traces its gRPC calls
// (otelgrpc's server stats handler): each call's span continues the caller's trace.
package main

import (
	"context"
	"flag"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"

	"users-otel/oteltrace"
	pb "users-otel/pb"
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
			return err
		}
		errors := []string{}
		if len(req.GetName()) <= 3 {
			errors = append(errors, "Name is too short")
		}
		if req.GetLastName() == "Phill" {
			errors = append(errors, "Last Name already taken")
		}
		res := &pb.CreateUserRes{UserId: req.GetId(), Success: len(errors) == 0, Errors: errors}
		if err := stream.Send(res); err != nil {
			return err
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on, HOST:PORT")
	flag.Parse()

	stop, err := oteltrace.Start(context.Background())
	if err != nil {
		log.Fatalf("cannot trace: %v", err)
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("failed to listen: %v", err)
	}
	s := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
	pb.RegisterUsersServer(s, &server{})
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		s.GracefulStop()
	}()
	println("listening on " + lis.Addr().String())
	if err := s.Serve(lis); err != nil {
		log.Printf("failed to serve: %v", err)
	}
	stop()
}
