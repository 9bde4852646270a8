#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/mark.h>

namespace preview::profile_detail {

/// Where each YAML document's root node starts, read with a parser that only listens; throws
/// YAML::Exception for malformed YAML.
std::vector<YAML::Mark> document_roots(const std::string& text);

}  // namespace preview::profile_detail
