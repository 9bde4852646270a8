#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preview {

/// Decodes standard base64 (RFC 4648 section 4, the alphabet kubeconfig `*-data` fields use).
/// ASCII whitespace is ignored (YAML folds long values); padding may be omitted. Returns nullopt
/// for any other character, misplaced padding, or a length that cannot be base64.
std::optional<std::string> base64_decode(std::string_view text);

/// Encodes bytes as standard base64 with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace preview
