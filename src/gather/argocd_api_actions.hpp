#pragma once

// The Argo CD changes that go through its API server and the ApplicationSet controller's
// webhook (design §8): the requests behind MutationKind::api_sync, api_refresh and
// appset_webhook.

#include "gather/fetch_rounds.hpp"

#include "preview/core/mutation.hpp"
#include "preview/gather/gather.hpp"

namespace preview {

/// The one request of `m` (an api_sync, api_refresh or appset_webhook), writing its result to
/// `out`. Sent once (never retried): a sync twice is "another operation is already in
/// progress", and a refresh GET that reaches its Grpc-Timeout has still set the annotation.
Fetch argocd_api_action_fetch(const Sources& src, const Mutation& m, Status& out);

}  // namespace preview
