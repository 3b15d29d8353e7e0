// The Go tutorial's Users server: answers each user on a CreateUser stream, in order.
package main

import (
	"flag"
	"io"
	"log"
	"net"

	"google.golang.org/grpc"

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

func main() {
	addr := flag.String("addr", ":3000", "address to listen on, HOST:PORT")
	quiet := flag.Bool("quiet", false, "do not log each request")
	flag.Parse()

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("failed to listen: %v", err)
	}
	if *quiet {
		log.SetOutput(io.Discard)
	}
	s := grpc.NewServer()
	pb.RegisterUsersServer(s, &server{})
	// Printed even when quiet: scripts read the port from this line.
	println("listening on " + lis.Addr().String())
	if err := s.Serve(lis); err != nil {
		log.Fatalf("failed to serve: %v", err)
	}
}
