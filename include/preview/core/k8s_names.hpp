#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preview {

// Each function returns why `name` breaks the Kubernetes rule, as a predicate that reads after a
// noun ("a namespace name " + reason), or nullopt when the name is valid.

/// DNS-1123 label (namespaces): 1-63 characters, [a-z0-9-], a letter or digit at both ends.
std::optional<std::string> dns1123_label_problem(std::string_view name);

/// DNS-1123 subdomain (most object names): 1-253 characters, [a-z0-9.-], every '.'-separated part
/// starting and ending with a letter or digit.
std::optional<std::string> dns1123_subdomain_problem(std::string_view name);

/// Qualified label key: an optional DNS-1123 subdomain prefix and '/', then a name of 1-63
/// characters [A-Za-z0-9._-] with a letter or digit at both ends.
std::optional<std::string> label_key_problem(std::string_view key);

/// Label value: empty, or up to 63 characters [A-Za-z0-9._-] with a letter or digit at both ends.
std::optional<std::string> label_value_problem(std::string_view value);

}  // namespace preview
