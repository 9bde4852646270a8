#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// The doctor checklist (design §4): pure checks over a Snapshot, each naming what it saw, the
/// likely cause and a command that fixes it.
namespace preview {

enum class CheckStatus { pass, fail, warn, skip };

/// "pass", "fail", "warn", "skip".
std::string_view check_status_name(CheckStatus status);

/// The safe fixes `doctor --fix` may apply on its own; `none` for everything else.
enum class FixKind {
    none,
    add_label,                   ///< fix_targets: the label
    refresh_application_set,     ///< fix_targets: the ApplicationSet
    bump_route,                  ///< fix_targets: the HTTPRoutes
    force_sync_external_secret,  ///< fix_targets: the ExternalSecrets
    hard_refresh_application,    ///< fix_targets: the Applications (child, not always the parent)
    sync_application,            ///< fix_targets: the Applications whose auto-sync gave up (C1)
};

/// The result of one check.
struct Finding {
    std::string id;     ///< stable check id ("label", "secrets", ...)
    std::string title;  ///< the check's fixed title, as in list_checks()
    CheckStatus status = CheckStatus::skip;
    std::string summary;                ///< one line on the result; for skip, the reason
    std::vector<std::string> evidence;  ///< object, field, value, message, log lines; one per line
    std::string cause;                  ///< the likely cause; for skip, the reason
    std::string fix;                    ///< a command to paste, real names filled in; may be empty
    bool auto_fix = false;              ///< true only when fix_kind != none
    FixKind fix_kind = FixKind::none;
    std::vector<std::string> fix_targets;  ///< the object names fix_kind applies to
};

/// One entry of the checklist, for `doctor --list-checks`.
struct CheckInfo {
    std::string id;
    std::string title;
    std::string checks;  ///< what it looks at, one sentence
};

/// The checklist in its fixed order: pr-open, label, ci, artifacts, appset, application,
/// revision, namespace, image-pull, secrets, workloads, route, seed, url.
std::vector<CheckInfo> list_checks();

/// Runs every check, in list_checks() order. Root cause first: a check that merely follows from
/// an earlier failure is skip with that reason, and a check whose inputs could not be read is skip
/// with the read error, never pass.
std::vector<Finding> diagnose(const Snapshot& snapshot, const Profile& profile);

/// ErrorKind::usage naming the first unknown id and listing the known ones; ok when all are known.
Status validate_check_ids(const std::vector<std::string>& ids);

/// The findings whose id is in `ids` (all of them when `ids` is empty), in checklist order; an
/// unknown id is the validate_check_ids error.
Result<std::vector<Finding>> select_findings(std::vector<Finding> findings,
                                             const std::vector<std::string>& ids);

struct Summary {
    int pass = 0;
    int fail = 0;
    int warn = 0;
    int skip = 0;
};

/// Counts the findings by status.
Summary summarize_findings(const std::vector<Finding>& findings);

/// The controller that owns a finalizer and must remove it ("Argo CD application controller",
/// ...); "the controller that added it" when the prefix is not a well-known one.
std::string finalizer_owner(std::string_view finalizer);

/// One line per object that keeps a terminating namespace alive (kind, name, finalizers and their
/// owners), then the namespace's own finalizers and its NamespaceContentRemaining /
/// NamespaceFinalizersRemaining messages. Shared by `doctor` and `down`.
std::vector<std::string> namespace_blockers(const Snapshot& snapshot);

}  // namespace preview
