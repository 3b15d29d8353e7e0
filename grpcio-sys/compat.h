/*
 * What grpcio 0.13 and its grpc_wrap.cc use from gRPC 1.56 that gRPC 1.85 no longer has,
 * implemented in compat.cc on top of 1.85:
 * - GPR_ASSERT (removed in 1.66), used by grpc_wrap.cc, which is compiled with this header
 *   included first;
 * - gpr_set_log_function and gpr_set_log_verbosity (removed when the core moved to Abseil
 *   logging), which grpcio's log bridge calls: the core's Abseil log entries are handed to
 *   the function in the 1.56 struct layout;
 * - grpc_google_default_credentials_create with 1.56's one argument (1.85 takes two),
 *   which grpcio's ChannelCredentials::google_default_credentials() passes.
 * It also sets one default of 1.85 for grpcio's way of running the core (see
 * grpcwrap_event_engine_io_enabled).
 */
#ifndef GRPCIO_SYS_COMPAT_H
#define GRPCIO_SYS_COMPAT_H

#include <grpc/grpc.h>
#include <grpc/support/log.h>
#include <grpc/support/port_platform.h>

#ifdef GRPC_SYS_SECURE
#include <grpc/credentials.h>
#include <grpc/grpc_security.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Logs the failed condition through the core's log and aborts, as 1.56's GPR_ASSERT. */
#define GPR_ASSERT(x)                                                     \
  do {                                                                    \
    if (GPR_UNLIKELY(!(x))) {                                             \
      grpcwrap_assertion_failed(__FILE__, __LINE__, #x);                  \
    }                                                                     \
  } while (0)

GPRAPI void grpcwrap_assertion_failed(const char* file, int line,
                                      const char* condition);

/** One log entry, as gRPC 1.56 passed it to a log function. */
typedef struct gpr_log_func_args {
  const char* file;
  int line;
  gpr_log_severity severity;
  const char* message;
} gpr_log_func_args;

typedef void (*gpr_log_func)(gpr_log_func_args* args);

/** Hands every core log entry at or above the verbosity to func, and no longer prints
    the core's entries on stderr; NULL drops them all. The file name outlives the call. */
GPRAPI void gpr_set_log_function(gpr_log_func func);

/** Sets the least severity the core logs: DEBUG, INFO or ERROR (which keeps warnings). */
GPRAPI void gpr_set_log_verbosity(gpr_log_severity min_severity_to_print);

/** Whether connections do their I/O on EventEngine threads (1.85's default) rather than on
    the completion-queue threads that poll, as in 1.56. grpcio polls from its completion-queue
    threads, and EventEngine I/O then costs a thread hop per read; so grpcio-sys turns the
    experiments event_engine_listener and event_engine_client off by default, and
    GRPC_EXPERIMENTS=event_engine_listener,event_engine_client turns them back on. */
GPRAPI int grpcwrap_event_engine_io_enabled(void);

#ifdef GRPC_SYS_SECURE
/** 1.56's signature: the call credentials (NULL: Application Default Credentials) are
    1.85's call_creds_for_tls, without ALTS options, as 1.56 used them. */
GRPCAPI grpc_channel_credentials* grpcwrap_google_default_credentials_create(
    grpc_call_credentials* call_credentials);
#endif

#ifdef __cplusplus
}
#endif

#endif /* GRPCIO_SYS_COMPAT_H */
