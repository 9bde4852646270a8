#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

/// Argo CD's application stream (`GET /api/v1/stream/applications`): grpc-gateway writes one
/// JSON object per line, `{"result":{"type","application"}}`, or `{"error":{...}}` when the
/// stream fails. Pure.
namespace preview {

/// One message of the stream: an event about one Application, or the stream's error.
struct ArgocdStreamEvent {
    std::string type;              ///< ADDED, MODIFIED, DELETED; empty for an error
    std::string name;              ///< the Application's metadata.name
    std::string resource_version;  ///< its metadata.resourceVersion (may be empty)
    long http_code = 0;            ///< error: the gateway's http_code
    long grpc_code = 0;            ///< error: the gRPC status code
    std::string message;           ///< error: its message

    bool is_error() const { return type.empty(); }
};

/// Parses one line of the stream. An ErrorKind::api error for anything else: not a JSON object,
/// neither `result` nor `error`, an unknown event type, or an Application whose name is not a
/// DNS-1123 subdomain (a server's name is checked before anything may use it, design §7).
Result<ArgocdStreamEvent> parse_argocd_stream_event(std::string_view line);

/// Whether an event tells what a snapshot whose Application list stood at resourceVersion
/// `since` did not know. Argo CD replays the current state as ADDED events when a stream opens;
/// an Application not newer than `since` is that replay, not news. A deletion is always news;
/// so is every event when `since` or the event's resourceVersion is not a number.
bool is_news(const ArgocdStreamEvent& event, std::string_view since);

}  // namespace preview
