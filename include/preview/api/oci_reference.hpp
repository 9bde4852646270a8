#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

namespace preview {

/// An OCI reference split into its parts: registry host, repository path and tag.
struct OciReference {
    std::string registry;    ///< "ghcr.io", "127.0.0.1:5000"
    std::string repository;  ///< "stuttgart-things/homerun2-core-catcher"
    std::string tag;
};

/// Parses "host/path:tag"; a first segment without '.' or ':' (and not "localhost") is not a
/// host, and the reference means Docker Hub ("library/" added for single names).
/// A missing tag is an ErrorKind::config error.
Result<OciReference> parse_oci_reference(std::string_view reference);

}  // namespace preview
