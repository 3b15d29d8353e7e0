// The C++ interop peer of the Users server: gRPC C++ callback API, one ServerBidiReactor
// per CreateUser stream. Behaves like ci/interop/go/server/main.go (the rules: README.md, "The service").
//
// usage: users-cpp-server [--addr HOST:PORT] [--verbose]
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "users.grpc.pb.h"

namespace {

bool g_verbose = false;

users::CreateUserRes Answer(const users::User& req) {
  users::CreateUserRes res;
  res.set_user_id(req.id());
  if (req.name().size() <= 3) res.add_errors("Name is too short");  // bytes, like Go's len
  if (req.last_name() == "Phill") res.add_errors("Last Name already taken");
  res.set_success(res.errors_size() == 0);
  return res;
}

// One CreateUser stream. Exactly one read and at most one write are outstanding at any time:
// the next read starts as soon as the previous one completes, and answers wait in queue_
// until the write in flight is done. Finish is called exactly once, never while a write is
// outstanding; the reactor deletes itself in OnDone, which the library calls last.
class CreateUserReactor final
    : public grpc::ServerBidiReactor<users::User, users::CreateUserRes> {
 public:
  CreateUserReactor() {
    StartRead(&req_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client half-closed (or the stream broke): finish once the queue has drained.
      Step(/*reads_done=*/true, /*broken=*/false, nullptr);
      return;
    }
    if (g_verbose) {
      std::fprintf(stderr, "name: %s, last name: %s, id: %s\n", req_.name().c_str(),
                   req_.last_name().c_str(), req_.id().c_str());
    }
    users::CreateUserRes res = Answer(req_);
    bool read_more = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!broken_ && !finish_called_) {
        queue_.push_back(std::move(res));
        read_more = true;
      }
    }
    // The read buffer is free again: ask for the next request right away.
    if (read_more) StartRead(&req_);
    Step(false, false, nullptr);
  }

  void OnWriteDone(bool ok) override {
    Step(false, /*broken=*/!ok, /*write_done=*/&ok);
  }

  void OnCancel() override { Step(false, /*broken=*/true, nullptr); }

  void OnDone() override { delete this; }

 private:
  // Records what just happened, then (outside the lock) starts the next write or finishes.
  void Step(bool reads_done, bool broken, const bool* write_done) {
    enum { kNothing, kWrite, kFinish } action = kNothing;
    grpc::WriteOptions options;
    grpc::Status status;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (reads_done) reads_done_ = true;
      if (broken) broken_ = true;
      if (write_done != nullptr) writing_ = false;
      if (finish_called_ || writing_) return;
      if (broken_) {
        queue_.clear();
        finish_called_ = true;
        status = grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled or broken");
        action = kFinish;
      } else if (!queue_.empty()) {
        current_ = std::move(queue_.front());
        queue_.pop_front();
        // Let gRPC hold this answer back when another one follows it at once, but never
        // the stream's first: that write also carries the initial metadata, and chttp2
        // then neither sends nor completes it until some later flush (grpc/grpc#12975),
        // which never comes when all requests have already arrived.
        if (!queue_.empty() && writes_started_ > 0) options.set_buffer_hint();
        ++writes_started_;
        writing_ = true;
        action = kWrite;
      } else if (reads_done_) {
        finish_called_ = true;
        status = grpc::Status::OK;
        action = kFinish;
      }
    }
    // Not under mu_: a reaction may run as soon as these return.
    if (action == kWrite) {
      StartWrite(&current_, options);
    } else if (action == kFinish) {
      Finish(std::move(status));
    }
  }

  users::User req_;              // the read in flight
  users::CreateUserRes current_;  // the write in flight

  std::mutex mu_;
  std::deque<users::CreateUserRes> queue_;  // answers not yet written, in order
  bool writing_ = false;
  uint64_t writes_started_ = 0;
  bool reads_done_ = false;
  bool broken_ = false;
  bool finish_called_ = false;
};

class UsersService final : public users::Users::CallbackService {
  grpc::ServerBidiReactor<users::User, users::CreateUserRes>* CreateUser(
      grpc::CallbackServerContext* /*ctx*/) override {
    return new CreateUserReactor();
  }
};

[[noreturn]] void Usage(const char* msg) {
  std::fprintf(stderr, "users-cpp-server: %s\nusage: users-cpp-server [--addr HOST:PORT] [--verbose]\n",
               msg);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string addr = "0.0.0.0:3000";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--addr" || arg == "-addr") {
      if (++i >= argc) Usage("--addr needs a value");
      addr = argv[i];
    } else if (arg.rfind("--addr=", 0) == 0) {
      addr = arg.substr(7);
    } else if (arg == "--verbose" || arg == "-verbose") {
      g_verbose = true;
    } else if (arg == "-h" || arg == "--help") {
      Usage("help");
    } else {
      Usage(("unknown argument " + arg).c_str());
    }
  }
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos) Usage(("invalid address " + addr).c_str());
  std::string host = addr.substr(0, colon);

  // Block SIGINT/SIGTERM in every thread (gRPC's threads inherit this mask) so that main
  // can sigwait for them and shut down cleanly.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  UsersService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(addr, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::fprintf(stderr, "users-cpp-server: failed to listen on %s\n", addr.c_str());
    return 1;
  }
  // Scripts read the port from this line.
  std::fprintf(stderr, "listening on %s:%d\n", host.c_str(), port);
  std::fflush(stderr);

  int sig = 0;
  sigwait(&sigs, &sig);
  if (g_verbose) std::fprintf(stderr, "signal %d: shutting down\n", sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  server->Wait();
  return 0;
}
