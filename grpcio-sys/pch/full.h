// Precompiled for every C++ source of the core when the compiler is clang, which loads only
// what a source uses; with GCC, which loads it whole, only for the sources that include all
// of these headers anyway (see build/pch.rs): base.h and the call, channel, promise and
// transport headers behind the largest sources.
#include "base.h"

#include "src/core/call/metadata_batch.h"
#include "src/core/lib/channel/channel_args.h"
#include "src/core/lib/iomgr/exec_ctx.h"
#include "src/core/lib/promise/promise.h"
#include "src/core/lib/slice/slice.h"
#include "src/core/lib/transport/transport.h"
#include "src/core/util/status_helper.h"
