#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "preview/core/intent.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// Waiting for one change of `refresh` or `bump-route` to take effect, one look at a time. Pure:
/// the command reads, passes what it read and whether its time is up, and waits for a change
/// when the answer is `waiting` (the follow of `up`/`down` does the same with follow_step).
namespace preview {

enum class ActionStep {
    waiting,  ///< look again after the next change
    reached,  ///< the controller took the change
    gave_up,  ///< the time is up (or waiting cannot help): report why
};

struct ActionVerdict {
    ActionStep step = ActionStep::waiting;
    /// Why it gave up, as the error to print (refresh); empty when the caller reports the state
    /// itself (bump-route prints each route).
    std::optional<Error> error;
};

/// The refresh annotation (argocd.argoproj.io/application-set-refresh) is still on the
/// ApplicationSet: its controller has not re-polled yet.
bool refresh_pending(const ApplicationSet& set);

/// One look at the ApplicationSet after `refresh` set the annotation. Reached once the controller
/// removed it. Gives up at once when the ApplicationSet no longer exists; when `time_is_up`, with
/// its error condition when it reports one (the controller removes the annotation only after
/// generation succeeds, failure-modes B6), else naming the controller's pods. `timeout` is the
/// limit as the user wrote it ("30s").
ActionVerdict refresh_step(const std::optional<ApplicationSet>& set, const Targets& targets,
                           bool time_is_up, const std::string& timeout);

/// The routes `bump-route` bumps: those of `routes` the profile names or the preview's
/// Applications own (in_preview_scope), each once. A route someone else put in the namespace is
/// not ours to touch; an owned route whose name the Kubernetes rules refuse becomes a warning.
struct RouteBumps {
    std::vector<std::string> names;
    std::vector<Intent> bumps;          ///< one per name, in order
    std::vector<std::string> warnings;  ///< unsanitised: the server chose the names
};
RouteBumps plan_route_bumps(const std::vector<HttpRoute>& routes,
                            const std::vector<Application>& apps, const Targets& targets,
                            std::int64_t now);

/// True when every route of `routes` named in `bumped` is Accepted with ResolvedRefs (a bumped
/// route that is gone holds nothing up).
bool bumped_routes_resolved(const std::vector<HttpRoute>& routes,
                            const std::vector<std::string>& bumped);

/// One look at the routes after the bump: reached when the bumped ones resolve, gave up when
/// `time_is_up` (the caller prints each route's state), else waiting.
ActionVerdict bump_step(const std::vector<HttpRoute>& routes,
                        const std::vector<std::string>& bumped, bool time_is_up);

}  // namespace preview
