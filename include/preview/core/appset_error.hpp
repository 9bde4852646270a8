#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "preview/core/argocd_commands.hpp"
#include "preview/core/snapshot.hpp"

/// What an ApplicationSet's error condition means (failure-modes B1, B2, B5) and what its spec
/// implies (B4 poll interval, B7 applicationsSync). Pure: the texts are decided here, shown by
/// the doctor's appset check and by `refresh`/`up` when a refresh never completes (B6).
namespace preview {

/// Argo CD's DefaultPullRequestRequeueAfter: the poll interval when requeueAfterSeconds is absent.
inline constexpr std::int64_t kDefaultPullRequestRequeue = 1800;

/// The ErrorOccurred=True condition, if the ApplicationSet reports one.
const Condition* appset_error_condition(const ApplicationSet& set);

/// "ErrorOccurred=True <reason>: <message>" of the error condition; empty when there is none.
std::string appset_error_line(const ApplicationSet& set);

/// Seconds between the PullRequest generator's polls: requeueAfterSeconds, else 1800.
std::int64_t appset_poll_seconds(const ApplicationSet& set);

/// The `41m10s` of a GitHub rate-limit message's "[rate reset in 41m10s]", if present.
std::optional<std::string> rate_limit_reset(std::string_view message);

/// The cause and fix one error condition calls for.
struct AppSetErrorCause {
    std::string cause;
    std::string fix;  ///< a command or an instruction; empty when none would help
    /// Whether generation aborts as a whole: no Application is created, updated or deleted.
    bool blocks_everything = true;
};

/// Where the ApplicationSet lives and the commands that reach it (the Argo CD source's).
struct ArgocdAccess {
    std::string_view argocd_namespace;
    const ArgocdCommands& commands;
};

/// One cause per reason and message: rate limit, the tokenRef cases (Secret missing, key
/// missing, strict-mode label missing, 401, 404), duplicate names, a missing cluster or project,
/// a template key with no value; a generic one otherwise. `pr` is the PR's number (0: none).
AppSetErrorCause explain_appset_error(const Condition& error, const ApplicationSet& set,
                                      ArgocdAccess ns, int pr);

/// What a non-default spec.syncPolicy.applicationsSync forbids ("deletes" for create-update,
/// "updates and deletes" for create-only, "updates" for create-delete); empty for sync.
std::string applications_sync_forbids(std::string_view policy);

}  // namespace preview
