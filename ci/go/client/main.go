// The Go tutorial's Users client: streams five users and prints each response as it arrives.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"google.golang.org/grpc"

	pb "users/pb"
)

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

func main() {
	addr := flag.String("addr", "localhost:3000", "server address, HOST:PORT")
	delay := flag.Duration("delay", time.Second, "pause after each send")
	output := flag.String("output", "text", "text or json")
	count := flag.Int("count", 0, "send this many generated users instead of the tutorial's five")
	flag.Parse()

	conn, err := grpc.Dial(*addr, grpc.WithInsecure())
	if err != nil {
		log.Fatalf("did not connect: %v", err)
	}
	defer conn.Close()
	client := pb.NewUsersClient(conn)

	users := []pb.User{
		{Id: "1", Name: "Carl", LastName: "Phill", Age: 23},
		{Id: "2", Name: "Marisol", LastName: "Richardson", Age: 29},
		{Id: "3", Name: "Mia", LastName: "Phill", Age: 27},
		{Id: "4", Name: "Tomas", LastName: "Smith", Age: 25},
		{Id: "5", Name: "Zian", LastName: "Heat", Age: 28},
	}
	if *count > 0 {
		users = make([]pb.User, *count)
		names := []string{"Al", "Bob", "Carl", "Marisol"}
		for i := range users {
			lastName := "Smith"
			if i%3 == 0 {
				lastName = "Phill"
			}
			users[i] = pb.User{Id: fmt.Sprint(i), Name: names[i%4], LastName: lastName, Age: int32(i)}
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
		if err := stream.Send(&users[i]); err != nil {
			log.Fatalf("send error: %v", err)
		}
		time.Sleep(*delay)
	}
	stream.CloseSend()
	if err := <-waitc; err != nil {
		log.Fatalf("receive error: %v", err)
	}
}
