//
// Copyright 2023 gRPC authors.
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

#ifndef GRPC_SRC_CORE_XDS_GRPC_XDS_ENABLED_SERVER_H
#define GRPC_SRC_CORE_XDS_GRPC_XDS_ENABLED_SERVER_H

// EXPERIMENTAL. Bool-valued channel arg used as an indicator that a server is
// xds enabled.
#define GRPC_ARG_XDS_ENABLED_SERVER "grpc.experimental.xds_enabled_server"

#endif  // GRPC_SRC_CORE_XDS_GRPC_XDS_ENABLED_SERVER_H
