// Precompiled, when the compiler is GCC, for every C++ source of the gRPC core that full.h
// does not fit (see build/pch.rs): the C++ library, Abseil and the core's smallest utility
// headers, which most sources include. Small on purpose: GCC loads the whole precompiled
// file for each source.
// port_platform.h comes first, as in every core source: it sets the macros the system
// headers read.
#include <grpc/support/port_platform.h>

#include "absl.h"

#include "src/core/lib/debug/trace.h"
#include "src/core/util/grpc_check.h"
#include "src/core/util/ref_counted_ptr.h"
#include "src/core/util/sync.h"
#include "src/core/util/time.h"
