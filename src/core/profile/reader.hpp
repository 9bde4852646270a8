#pragma once

#include <string_view>

#include <yaml-cpp/node/node.h>

#include "preview/core/profile.hpp"

namespace preview::profile_detail {

/// Reads the keys of one profile document into `profile` (which holds the defaults), checking
/// each key, type and template; throws ProfileProblem naming `source` and the line.
void read_profile(const YAML::Node& root, std::string_view source, Profile& profile);

}  // namespace preview::profile_detail
