//
// Copyright 2018 gRPC authors.
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

#ifndef GRPC_SRC_CORE_XDS_GRPC_XDS_COMMON_TYPES_H
#define GRPC_SRC_CORE_XDS_GRPC_XDS_COMMON_TYPES_H

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "re2/re2.h"
#include "src/core/call/metadata_batch.h"
#include "src/core/util/json/json.h"
#include "src/core/util/validation_errors.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace grpc_core {

struct XdsExtension {
  // The type, either from the top level or from inside the TypedStruct.
  absl::string_view type;
  // A Json object for a TypedStruct, or the serialized config otherwise.
  std::variant<absl::string_view /*serialized_value*/, Json /*typed_struct*/>
      value;
  // Validation fields that need to stay in scope until we're done
  // processing the extension.
  std::vector<ValidationErrors::ScopedField> validation_fields;
};

struct HeaderMutationRules {
  bool disallow_all = false;
  bool disallow_is_error = false;
  std::unique_ptr<RE2> allow_expression;
  std::unique_ptr<RE2> disallow_expression;

  bool IsMutationAllowed(const std::string& header_name) const;

  std::string ToString() const;

  bool operator==(const HeaderMutationRules& other) const {
    auto is_re_equal = [](RE2* a, RE2* b) {
      if (a == nullptr) return b == nullptr;
      if (b == nullptr) return false;
      return a->pattern() == b->pattern();
    };
    return disallow_all == other.disallow_all &&
           disallow_is_error == other.disallow_is_error &&
           is_re_equal(disallow_expression.get(),
                       other.disallow_expression.get()) &&
           is_re_equal(allow_expression.get(), other.allow_expression.get());
  }
};

struct XdsHeaderValueOption {
  enum class AppendAction {
    // If the header already exists in the metadata batch, comma-concatenate the
    // new value.
    // Otherwise, append a new metadata entry.
    kAppendIfExistsOrAdd = 0,
    // Add the header only if it is not currently present in the metadata batch.
    kAddIfAbsent = 1,
    // Discard any existing entries in the metadata batch and append the new
    // value.
    kOverwriteIfExistsOrAdd = 2,
    // If the header already exists, discard existing entries and replace with
    // the new value.
    // If absent, do nothing.
    kOverwriteIfExists = 3
  };

  // The targeted metadata key and value to apply during mutation.
  std::pair<std::string, std::string> header;
  // Rule specifying how to merge or overwrite existing metadata batch entries.
  AppendAction append_action;
};

absl::Status ApplyXdsHeaderMutationsRemoval(absl::string_view remove_header,
                                            const HeaderMutationRules* rules,
                                            grpc_metadata_batch& md);

absl::Status ApplyXdsHeaderMutationsAddition(
    const XdsHeaderValueOption& set_header, const HeaderMutationRules* rules,
    grpc_metadata_batch& md);

}  // namespace grpc_core

#endif  // GRPC_SRC_CORE_XDS_GRPC_XDS_COMMON_TYPES_H
