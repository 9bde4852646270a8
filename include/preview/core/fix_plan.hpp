#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/diagnosis.hpp"
#include "preview/core/intent.hpp"
#include "preview/core/snapshot.hpp"

namespace preview {

/// What `doctor --fix` would change, and what it refused to touch.
struct FixPlan {
    std::vector<Intent> changes;
    /// One sentence per object left alone; any server-supplied value in it is shown escaped.
    std::vector<std::string> refused;
};

/// True when a change may touch the object: the profile names it (`profile_names`), or, when the
/// profile names none of its kind, one of `apps` (the preview's Applications) lists it in
/// status.resources in the preview's namespace.
bool in_preview_scope(const std::vector<Application>& apps, const Targets& t,
                      std::string_view group, std::string_view kind, const std::string& name,
                      const std::vector<std::string>& profile_names);

/// The safe fixes for the findings that offer one (add label, refresh the ApplicationSet, bump
/// HTTPRoutes, force-sync ExternalSecrets), each change once, in checklist order. Pure.
///
/// Only objects the profile names (its httpRoutes and externalSecrets, its ApplicationSet) are
/// changed, or, for a kind the profile lists none of, those the preview's Applications own (see
/// in_preview_scope). A name, namespace or apiVersion that breaks the Kubernetes rules, and
/// any value with a control character, is refused before it can be shown or sent.
FixPlan plan_fixes(const std::vector<Finding>& findings, const Snapshot& snapshot,
                   std::int64_t now);

}  // namespace preview
