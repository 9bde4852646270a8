#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "preview/core/smoke.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// How `run_smoke` sends and waits.
struct SmokeRunOptions {
    TlsOptions tls;  ///< the public trust store (the preview URL's)
    std::chrono::milliseconds request_timeout{30000};
    std::chrono::milliseconds interval{1000};  ///< between two polls of the expect URL
    /// Waits between polls; returns false when interrupted (the run then stops).
    std::function<bool(std::chrono::milliseconds)> sleep;
};

/// Sends the plan's message once (never retried: a POST is not idempotent), then polls the
/// expect URL every `interval` until the answer holds the message, a poll fails in a way waiting
/// cannot cure (a transport error, a 4xx), or the plan's timeout has passed since the send. An
/// `Authorization: Bearer` header goes as the request's bearer token, so the transport redacts
/// it; every value read from the environment is cut out of the answers before they are kept.
SmokeRun run_smoke(HttpClient& http, const SmokePlan& plan, const SmokeRunOptions& options);

}  // namespace preview
