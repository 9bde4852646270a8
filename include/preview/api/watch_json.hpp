#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

/// The Kubernetes watch wire format: one JSON event per line ({"type", "object"}). Pure.
namespace preview {

/// One event of a watch stream: what happened and the resourceVersion it brings the watch to.
struct WatchEvent {
    std::string type;              ///< ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
    std::string resource_version;  ///< object.metadata.resourceVersion; empty for ERROR
    long code = 0;                 ///< ERROR: the Status object's code (410 = expired)
    std::string message;           ///< ERROR: the Status object's message
};

/// Parses one line of a watch stream; an ErrorKind::api error when it is not an event object.
Result<WatchEvent> parse_watch_event(std::string_view line);

/// The list's metadata.resourceVersion (where a watch of the same collection starts); empty
/// when the body has none.
std::string list_resource_version(std::string_view body);

}  // namespace preview
