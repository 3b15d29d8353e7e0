// The C++ interop peer of the Users client: gRPC C++ sync API, one CreateUser stream.
// Behaves like ci/interop/go/client/main.go (the rules: README.md, "The service"): one thread sends the users
// with a pause after each send and then half-closes, while the main thread prints each
// response as it arrives.
//
// usage: users-cpp-client [--addr HOST:PORT] [--delay-ms N] [--count N] [--output text|json]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "users.grpc.pb.h"

namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    default: return "UNKNOWN_CODE";
  }
}

// Decodes one UTF-8 sequence at s[i]; returns its length and sets *cp, or returns 0 for an
// invalid byte (overlong forms, surrogates and values above U+10FFFF are invalid, as in Go).
size_t DecodeUtf8(const std::string& s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n;
  uint32_t v, min;
  if (c < 0x80) { *cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

std::string Hex(uint32_t v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*x", width, v);
  return buf;
}

// Go's %q (strconv.Quote). Printable non-ASCII characters are kept as they are; the
// non-printable ones recognised here are the C1 controls and a few format characters
// (Go uses the full Unicode tables, which only matters for unusual ids or errors).
std::string GoQuote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      out += "\\x" + Hex(static_cast<unsigned char>(s[i]), 2);
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          out += "\\x" + Hex(cp, 2);
        } else if ((cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) ||
                   (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
                   cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
          out += "\\u" + Hex(cp, 4);
        } else {
          out.append(s, i, n);
        }
    }
    i += n;
  }
  return out + "\"";
}

// A JSON string, escaped as Go's encoding/json does (so the bytes match the Go client's):
// control characters, '"', '\\', '<', '>', '&', U+2028 and U+2029 are escaped; invalid
// UTF-8 becomes U+FFFD.
std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
          out += "\\u" + Hex(cp, 4);
        } else {
          out.append(s, i, n);
        }
    }
    i += n;
  }
  return out + "\"";
}

void PrintResponse(const users::CreateUserRes& res, bool json) {
  std::string line;
  if (json) {
    line = "{\"user_id\":" + JsonQuote(res.user_id()) +
           ",\"success\":" + (res.success() ? "true" : "false") + ",\"errors\":[";
    for (int i = 0; i < res.errors_size(); ++i) {
      if (i > 0) line += ",";
      line += JsonQuote(res.errors(i));
    }
    line += "]}\n";
  } else {
    line = "user_id: " + GoQuote(res.user_id()) +
           ", success: " + (res.success() ? "true" : "false") + ", errors: [";
    for (int i = 0; i < res.errors_size(); ++i) {
      if (i > 0) line += ", ";
      line += GoQuote(res.errors(i));
    }
    line += "]\n";
  }
  std::fwrite(line.data(), 1, line.size(), stdout);
}

users::User MakeUser(std::string id, std::string name, std::string last_name, int32_t age) {
  users::User u;
  u.set_id(std::move(id));
  u.set_name(std::move(name));
  u.set_last_name(std::move(last_name));
  u.set_age(age);
  return u;
}

[[noreturn]] void Usage(const std::string& msg) {
  std::fprintf(stderr,
               "users-cpp-client: %s\nusage: users-cpp-client [--addr HOST:PORT] [--delay-ms N] "
               "[--count N] [--output text|json]\n",
               msg.c_str());
  std::exit(2);
}

long ParseNonNegative(const std::string& flag, const std::string& value) {
  char* end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || v < 0) Usage("invalid " + flag + " " + value);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string addr = "localhost:3000";
  long delay_ms = 1000;
  long count = 0;
  std::string output = "text";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    std::string flag = arg;
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (arg == "--addr" || arg == "--delay-ms" || arg == "--count" || arg == "--output") {
      if (++i >= argc) Usage(arg + " needs a value");
      value = argv[i];
    }
    if (flag == "--addr") addr = value;
    else if (flag == "--delay-ms") delay_ms = ParseNonNegative(flag, value);
    else if (flag == "--count") count = ParseNonNegative(flag, value);
    else if (flag == "--output") output = value;
    else if (flag == "-h" || flag == "--help") Usage("help");
    else Usage("unknown argument " + arg);
  }
  if (output != "text" && output != "json") Usage("--output must be text or json");
  const bool json = output == "json";

  std::vector<users::User> users;
  if (count == 0) {
    users.push_back(MakeUser("1", "Carl", "Phill", 23));
    users.push_back(MakeUser("2", "Marisol", "Richardson", 29));
    users.push_back(MakeUser("3", "Mia", "Phill", 27));
    users.push_back(MakeUser("4", "Tomas", "Smith", 25));
    users.push_back(MakeUser("5", "Zian", "Heat", 28));
  } else {
    static const char* const kNames[] = {"Al", "Bob", "Carl", "Marisol"};
    users.reserve(count);
    for (long i = 0; i < count; ++i) {
      users.push_back(MakeUser(std::to_string(i), kNames[i % 4], i % 3 == 0 ? "Phill" : "Smith",
                               static_cast<int32_t>(i)));
    }
  }

  auto channel = grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
  std::unique_ptr<users::Users::Stub> stub = users::Users::NewStub(channel);
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<users::User, users::CreateUserRes>> stream =
      stub->CreateUser(&ctx);

  // Sending runs in its own thread, like the Go client's main goroutine; a failed Write
  // means the stream is over, and Finish below reports why.
  std::thread sender([&] {
    for (const users::User& u : users) {
      if (!stream->Write(u)) return;
      if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    }
    stream->WritesDone();
  });

  users::CreateUserRes res;
  while (stream->Read(&res)) PrintResponse(res, json);
  std::fflush(stdout);
  sender.join();

  grpc::Status status = stream->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "users-cpp-client: %s %s\n", CodeName(status.error_code()),
                 status.error_message().c_str());
    return 1;
  }
  return 0;
}
