#pragma once

#include <string>
#include <string_view>

/// What an app's health endpoint says it runs. Pure and exception-free.
namespace preview {

struct HealthRevision {
    std::string commit;   ///< `commit`, else `sha`, else `gitCommit`; empty when none
    std::string version;  ///< `version`; empty when none
};

/// Reads the revision fields of a JSON health body (`{"status":"healthy","commit":"<sha>",
/// "version":"pr-42-<sha>"}`, core-catcher's shape). Anything else (HTML, a plain "ok", fields
/// that are not strings, a body over 64 KiB) yields empty fields, never an error: the probe's
/// verdict is its HTTP status, the revision only an extra piece of evidence.
HealthRevision parse_health_revision(std::string_view body);

}  // namespace preview
