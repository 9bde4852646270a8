#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

/// The changes preview makes, as intents: what is to change ("refresh the ApplicationSet", "sync
/// Application X to revision R", "annotate object O with k=v"), with no path, request or command
/// in them. Planning is pure; gather/apply asks the session's sources how each is carried (design
/// §8), and they turn it into its one request and the command a person would type.
namespace preview {

enum class IntentKind {
    add_label,                 ///< add `label` to the PR
    remove_label,              ///< remove `label` from the PR (already gone = done)
    refresh_application_set,   ///< make the ApplicationSet controller re-poll `object` now
    hard_refresh_application,  ///< make Argo CD re-render `object`, bypassing its manifest cache
    sync_application,          ///< start one sync of `revision` on the Application `object`
    annotate,                  ///< set `annotation` = `value` on the workload object `object`
};

/// The object an intent changes: an ApplicationSet or Application in the Argo CD namespace, or a
/// workload object in the preview's namespace.
struct ObjectRef {
    std::string group;  ///< "" for the core API
    std::string version;
    std::string kind;
    std::string namespace_name;
    std::string name;

    bool operator==(const ObjectRef&) const = default;
};

struct Intent {
    IntentKind kind = IntentKind::annotate;
    /// add_label / remove_label
    std::string label;
    /// every other kind: the object it changes
    ObjectRef object;
    /// annotate
    std::string annotation;
    std::string value;
    /// sync_application: the revision to sync, and the Application's spec.source.targetRevision
    /// as read (may be empty)
    std::string revision;
    std::string target_revision;
};

/// "ApplicationSet homerun2-core-catcher-pr-preview", for messages; empty for a label.
std::string kind_name(const Intent& intent);

/// True when the Argo CD cluster is where the intent's object lives (refresh, hard refresh,
/// sync); false for labels and workload annotations.
bool on_argocd(const Intent& intent);

// The constructors check the names and apiVersion as the Kubernetes rules (KubePath) do: a name
// or apiVersion that breaks them (or an apiVersion preview does not know) is an ErrorKind::api
// error, and no Intent exists to show or send.

/// Ask the ApplicationSet controller to re-poll now.
Result<Intent> refresh_application_set(const Targets& t);

/// Make the gateway controller re-evaluate an HTTPRoute (overwrites reconcile-bump).
Result<Intent> bump_route(const Targets& t, const std::string& route, std::int64_t now);

/// Make External Secrets re-sync an ExternalSecret (overwrites force-sync). `api_version` must be
/// external-secrets.io/v1 or v1beta1.
Result<Intent> force_sync_external_secret(const Targets& t, const std::string& name,
                                          std::int64_t now,
                                          std::string_view api_version = "external-secrets.io/v1");

/// Make Argo CD re-render an Application, bypassing the repo-server's cached manifest error.
Result<Intent> hard_refresh_application(const Targets& t, const std::string& app);

/// Start a sync of `revision` on an Application whose automated sync gave up on it (C1). The
/// only change that is not an annotation or a label.
Result<Intent> sync_application(const Targets& t, const std::string& app,
                                const std::string& revision,
                                const std::string& target_revision = {});

Intent add_label(const std::string& label);
Intent remove_label(const std::string& label);

/// The JSON merge patch (RFC 7386) that sets exactly one annotation.
std::string annotation_patch(const std::string& annotation, const std::string& value);

/// Parses "90", "90s", "15m", "1h30m" into seconds; ErrorKind::usage otherwise.
Result<std::int64_t> parse_duration(std::string_view text);

}  // namespace preview
