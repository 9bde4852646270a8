#pragma once

#include <span>
#include <string_view>

#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

namespace preview {

/// One profile shipped in the binary: a homerun2 component with PR previews (homerun2.md §5).
struct BuiltinProfile {
    std::string_view component;  ///< "omni-pitcher"
    std::string_view repo;       ///< "stuttgart-things/homerun2-omni-pitcher"
    std::string_view file;       ///< its YAML file under src/core/profile/builtin/
};

/// Every built-in profile, in the order `preview profiles` lists them.
std::span<const BuiltinProfile> builtin_profiles();

/// The built-in profile of a repository ("OWNER/NAME", case-insensitive), or null.
const BuiltinProfile* builtin_profile_for(std::string_view repo_slug);

/// The profile's YAML text, as embedded at build time.
std::string_view builtin_profile_text(const BuiltinProfile& builtin);

/// Parses it with parse_profile, exactly as a file would be; its source reads
/// "built-in profile homerun2-omni-pitcher".
Result<Profile> load_builtin_profile(const BuiltinProfile& builtin);

}  // namespace preview
