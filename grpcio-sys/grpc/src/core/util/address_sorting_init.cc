//
//
// Copyright 2026 gRPC authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.
//
//

#include "src/core/util/address_sorting_init.h"

#include <address_sorting/address_sorting.h>

#include "absl/base/call_once.h"

namespace grpc_core {

namespace {

absl::once_flag init_flag;

}  // namespace

void AddressSortingInitOnce() {
  absl::call_once(init_flag, []() { address_sorting_init(); });
}

}  // namespace grpc_core
