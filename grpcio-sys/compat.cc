// The gRPC 1.56 functions grpcio 0.13 calls that gRPC 1.85 no longer has (see compat.h).

#include "compat.h"

#include <stdlib.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>

#include "absl/log/globals.h"
#include "absl/log/log.h"
#include "absl/log/initialize.h"
#include "absl/log/log_entry.h"
#include "absl/log/log_sink.h"
#include "absl/log/log_sink_registry.h"
#include "absl/strings/string_view.h"
#include "src/core/lib/experiments/config.h"
#include "src/core/lib/experiments/experiments.h"

namespace {

std::atomic<gpr_log_func> g_log_func{nullptr};
std::atomic<int> g_min_severity{GPR_LOG_SEVERITY_ERROR};

// Abseil keeps log entries on stderr until it is initialised, whatever the threshold, and
// initialising twice is fatal: once per process, here.
void InitializeAbslLogOnce() {
  static std::once_flag once;
  std::call_once(once, [] { absl::InitializeLog(); });
}

// Before anything else runs:
// - until someone asks for the core's log, it goes to stderr as 1.56's did by default: errors
//   only, without Abseil's "logged before InitializeLog" notice;
// - the defaults of two experiments change (compat.h, grpcwrap_event_engine_io_enabled). The
//   validator decides the defaults only: GRPC_EXPERIMENTS still wins.
__attribute__((constructor)) void Initialize() {
  InitializeAbslLogOnce();
  absl::SetMinLogLevel(absl::LogSeverityAtLeast::kError);
  absl::SetStderrThreshold(absl::LogSeverityAtLeast::kError);
  grpc_core::RegisterExperimentConstraintsValidator(
      [](grpc_core::ExperimentMetadata experiment) {
        const absl::string_view name(experiment.name);
        if (name == "event_engine_listener" || name == "event_engine_client") {
          return false;
        }
        return experiment.default_value;
      });
}

gpr_log_severity SeverityOf(const absl::LogEntry& entry) {
  switch (entry.log_severity()) {
    case absl::LogSeverity::kInfo:
      return entry.verbosity() > 0 ? GPR_LOG_SEVERITY_DEBUG : GPR_LOG_SEVERITY_INFO;
    default:
      // 1.56 logged its warnings as errors; so do these.
      return GPR_LOG_SEVERITY_ERROR;
  }
}

// grpcio keeps the file name as a &'static str: each distinct name is copied once and kept
// for the life of the process (there are as many as there are files that log).
const char* InternFileName(absl::string_view name) {
  static std::mutex mu;
  static std::set<std::string, std::less<>>* names = new std::set<std::string, std::less<>>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = names->find(name);
  if (it == names->end()) it = names->emplace(name).first;
  return it->c_str();
}

class ForwardingSink final : public absl::LogSink {
 public:
  void Send(const absl::LogEntry& entry) override {
    gpr_log_func func = g_log_func.load(std::memory_order_acquire);
    if (func == nullptr) return;
    gpr_log_severity severity = SeverityOf(entry);
    if (severity < g_min_severity.load(std::memory_order_relaxed)) return;
    std::string message(entry.text_message());
    gpr_log_func_args args;
    args.file = InternFileName(entry.source_filename());
    args.line = entry.source_line();
    args.severity = severity;
    args.message = message.c_str();
    func(&args);
  }
};

}  // namespace

extern "C" void grpcwrap_assertion_failed(const char* file, int line,
                                          const char* condition) {
  grpc_absl_log_str(file, line, GPR_LOG_SEVERITY_ERROR, "assertion failed: ",
                    condition);
  abort();
}

extern "C" void gpr_set_log_function(gpr_log_func func) {
  static std::once_flag sink_added;
  InitializeAbslLogOnce();
  std::call_once(sink_added, [] { absl::AddLogSink(new ForwardingSink()); });
  g_log_func.store(func, std::memory_order_release);
  // The entries now go to func (or nowhere), not also to stderr.
  absl::SetStderrThreshold(absl::LogSeverityAtLeast::kInfinity);
}

extern "C" void gpr_set_log_verbosity(gpr_log_severity min_severity_to_print) {
  InitializeAbslLogOnce();
  g_min_severity.store(min_severity_to_print, std::memory_order_relaxed);
  switch (min_severity_to_print) {
    case GPR_LOG_SEVERITY_DEBUG:
      absl::SetMinLogLevel(absl::LogSeverityAtLeast::kInfo);
      absl::SetGlobalVLogLevel(2);
      break;
    case GPR_LOG_SEVERITY_INFO:
      absl::SetMinLogLevel(absl::LogSeverityAtLeast::kInfo);
      absl::SetGlobalVLogLevel(0);
      break;
    default:
      absl::SetMinLogLevel(absl::LogSeverityAtLeast::kWarning);
      absl::SetGlobalVLogLevel(0);
      break;
  }
}

extern "C" int grpcwrap_event_engine_io_enabled(void) {
  return grpc_core::IsEventEngineListenerEnabled() ||
         grpc_core::IsEventEngineClientEnabled();
}

#ifdef GRPC_SYS_SECURE
// Google default credentials are not compiled into this core (PROVENANCE.md): grpcio's
// ChannelCredentials::google_default_credentials() gets no credentials, which it returns as
// Error::GoogleAuthenticationFailed, and the log says why.
extern "C" grpc_channel_credentials* grpcwrap_google_default_credentials_create(
    grpc_call_credentials* call_credentials) {
  if (call_credentials != nullptr) grpc_call_credentials_release(call_credentials);
  LOG(ERROR) << "google default credentials are not built into this grpcio-sys (the gRPC "
                "core is compiled without Google Cloud's credentials and ALTS)";
  return nullptr;
}
#endif
