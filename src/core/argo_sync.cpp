#include "preview/core/argo_sync.hpp"

#include <algorithm>

#include "contains.hpp"
#include <nlohmann/json.hpp>

#include "preview/core/status.hpp"

namespace preview {
namespace {

constexpr std::string_view kFailedAttempt = "Failed sync attempt to ";

// Argo CD ends the message of a sync that used up its retries with "(retried N times).".
bool retries_exhausted(std::string_view message) {
    const auto at = message.rfind("(retried ");
    return at != std::string_view::npos && contains(message.substr(at), " times)");
}

bool operation_failed(const Application& app) {
    return app.operation_phase == "Failed" || app.operation_phase == "Error";
}

// Every message the Application carries: its conditions and its last operation.
template <class F>
bool any_message(const Application& app, F&& pred) {
    return std::any_of(app.conditions.begin(), app.conditions.end(),
                       [&](const Condition& c) { return pred(c.message); }) ||
           pred(app.operation_message);
}

// The text between `prefix` and the next `end` in `message`, or empty.
std::string between(std::string_view message, std::string_view prefix, std::string_view end) {
    const auto at = message.find(prefix);
    if (at == std::string_view::npos) {
        return {};
    }
    const auto from = at + prefix.size();
    const auto to = message.find(end, from);
    return std::string(message.substr(from, to == std::string_view::npos ? to : to - from));
}

// A revision as Argo CD records one: a commit SHA, a tag or branch, an OCI digest. The server's
// text goes back into a sync request and a printed command, so anything else (spaces, quotes,
// control characters, an unbounded length) is not offered as a sync target.
bool plausible_revision(std::string_view rev) {
    constexpr std::string_view kPunct = "._-/:@+";
    return !rev.empty() && rev.size() <= 256 && std::all_of(rev.begin(), rev.end(), [&](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               kPunct.find(ch) != std::string_view::npos;
    });
}

// The revision automated sync last gave up on, as the server wrote it; empty when none.
std::string given_up_revision(const Application& app) {
    if (const auto* err = find_condition(app.conditions, "SyncError");
        err != nullptr && err->message.starts_with(kFailedAttempt)) {
        if (auto rev = between(err->message, kFailedAttempt, ": "); !rev.empty()) {
            return rev;
        }
    }
    if (operation_failed(app) && retries_exhausted(app.operation_message)) {
        for (const auto* rev :
             {&app.operation_revision, &app.sync_result_revision, &app.sync_revision}) {
            if (!rev->empty()) {
                return *rev;
            }
        }
    }
    return {};
}

}  // namespace

std::optional<std::string> lockout_revision(const Application& app) {
    if (app.operation_requested) {
        return std::nullopt;
    }
    auto rev = given_up_revision(app);
    return plausible_revision(rev) ? std::optional<std::string>(std::move(rev)) : std::nullopt;
}

std::string failed_sync_message(const Application& app) {
    if (const auto* err = find_condition(app.conditions, "SyncError"); err != nullptr) {
        return err->message;
    }
    return operation_failed(app) ? app.operation_message : std::string();
}

const Condition* cached_manifest_error(const Application& app) {
    const auto* err = find_condition(app.conditions, "ComparisonError");
    return err != nullptr && contains(err->message, "Manifest generation error (cached)") ? err
                                                                                          : nullptr;
}

bool cosmetic_drift(const Application& app) {
    if (app.sync_status != "OutOfSync" || app.health_status != "Healthy" ||
        app.operation_phase != "Succeeded" || app.sync_revision.empty() ||
        app.sync_result_revision != app.sync_revision || application_error(app) != nullptr) {
        return false;
    }
    bool drifted = false;
    for (const auto& r : app.resources) {
        if (r.sync_status != "OutOfSync") {
            continue;
        }
        if (r.kind != "HTTPRoute" && r.kind != "ExternalSecret") {
            return false;
        }
        drifted = true;
    }
    return drifted;
}

std::string progressing_only_for_route(const Application& app) {
    if (app.health_status != "Progressing") {
        return {};
    }
    std::string route;
    for (const auto& r : app.resources) {
        const bool unhealthy = !r.health_status.empty() && r.health_status != "Healthy";
        if (!unhealthy) {
            continue;
        }
        if (r.kind != "HTTPRoute") {
            return {};
        }
        route = r.name;
    }
    if (route.empty() && contains(app.health_message, "Waiting for HTTPRoute status")) {
        for (const auto& r : app.resources) {
            if (r.kind == "HTTPRoute") {
                return r.name;
            }
        }
        return "HTTPRoute";
    }
    return route;
}

std::optional<std::string> missing_cluster(const Application& app) {
    std::string name;
    bool gone = false;
    any_message(app, [&](std::string_view m) {
        if (auto n = between(m, "there are no clusters with this name: ", " "); !n.empty()) {
            name = n;
            gone = true;
        } else if (auto q = between(m, "cluster \"", "\" not found");
                   !q.empty() && contains(m, "\" not found")) {
            name = q;
            gone = true;
        } else if (contains(m, "Unable to delete application resources")) {
            gone = true;
        }
        return gone;
    });
    if (!gone) {
        return std::nullopt;
    }
    while (!name.empty() && (name.back() == '.' || name.back() == ',' || name.back() == ';')) {
        name.pop_back();
    }
    if (name.empty()) {
        name = app.destination_name.empty() ? app.destination_server : app.destination_name;
    }
    return name;
}

std::string namespace_sync_failure(const Application& app, std::string_view ns) {
    std::string why;
    any_message(app, [&](std::string_view m) {
        if (contains(m, "namespaces \"" + std::string(ns) + "\" not found")) {
            why = "not found";
        } else if (contains(m, "because it is being terminated") && contains(m, ns)) {
            why = "terminating";
        }
        return !why.empty();
    });
    return why;
}

bool creates_namespace(const Application& app) {
    return std::find(app.sync_options.begin(), app.sync_options.end(), "CreateNamespace=true") !=
           app.sync_options.end();
}

std::string sync_operation_patch(const std::string& revision) {
    const nlohmann::json patch = {
        {"operation",
         {{"initiatedBy", {{"username", "preview"}}}, {"sync", {{"revision", revision}}}}}};
    return patch.dump();
}

}  // namespace preview
