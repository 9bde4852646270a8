#include "preview/gather/apply.hpp"

#include "gather/argocd_api_actions.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/argo_sync.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

Fetch annotate_fetch(const Sources& src, const Mutation& m, Status& out) {
    const Result<KubeEndpoint>& endpoint = m.cluster == Cluster::argocd ? src.argocd : src.workload;
    auto request = kube_request(endpoint, "PATCH", Result<KubePath>(m.api_path),
                                {{"fieldManager", "preview"}});
    if (request.ok()) {
        request->headers.emplace_back("Content-Type", "application/merge-patch+json");
        request->body = m.kind == MutationKind::sync ? sync_operation_patch(m.revision)
                                                     : annotation_patch(m.annotation, m.value);
    }
    const std::string what = m.kind == MutationKind::sync
                                 ? fmt::format("start a sync of {}", m.kind_name)
                                 : fmt::format("annotate {}", m.kind_name);
    return Fetch{
        std::move(request),
        [&out, what](const HttpOutcome& outcome, FetchRounds&) {
            if (outcome.ok() && outcome->status == 200) {
                out = ok_status();
            } else if (outcome.ok() && outcome->status == 404 && !resource_not_served(*outcome)) {
                out = Error(ErrorKind::not_found, fmt::format("cannot {}: it does not exist", what),
                            {}, 404, "NotFound");
            } else {
                out = kube_failure(outcome, what);
            }
        },
        endpoint.ok() ? &endpoint.value() : nullptr};
}

Fetch label_fetch(const Sources& src, const PrRef& pr, const Mutation& m, Status& out) {
    const std::string base =
        fmt::format("/repos/{}/{}/issues/{}/labels", pr.owner, pr.repo, pr.number);
    const bool add = m.kind == MutationKind::add_label;
    HttpRequest request = add ? src.github.request("POST", base)
                              : src.github.request("DELETE", base + "/" + url_escape(m.label));
    if (add) {
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = nlohmann::json{{"labels", {m.label}}}.dump();
    }
    const std::string what = fmt::format("{} the label \"{}\" {} #{}", add ? "add" : "remove",
                                         m.label, add ? "to" : "from", pr.number);
    return Fetch{std::move(request),
                 [&out, what, add](const HttpOutcome& outcome, FetchRounds&) {
                     // GitHub answers 404 "Label does not exist" when it is not on the issue:
                     // the goal is reached. Any other 404 (no such PR) is an error.
                     const bool gone =
                         !add && outcome.ok() && outcome->status == 404 &&
                         outcome->body.find("Label does not exist") != std::string::npos;
                     if (gone || (outcome.ok() && outcome->status / 100 == 2)) {
                         out = ok_status();
                     } else {
                         out = github_failure(outcome, what);
                     }
                 },
                 nullptr};
}

// Sends step i; when it succeeds, the handler schedules step i + 1. A failed step ends the chain,
// so a later step never acts on the assumption that an earlier one took effect.
void add_step(FetchRounds& rounds, const Sources& src, const PrRef& pr,
              const std::vector<Mutation>& mutations, std::vector<Status>& results, std::size_t i) {
    const Mutation& m = mutations[i];
    const bool kube = m.kind == MutationKind::annotate || m.kind == MutationKind::sync;
    const bool label = m.kind == MutationKind::add_label || m.kind == MutationKind::remove_label;
    Fetch fetch = kube    ? annotate_fetch(src, m, results[i])
                  : label ? label_fetch(src, pr, m, results[i])
                          : argocd_api_action_fetch(src, m, results[i]);
    auto send = std::move(fetch.handle);
    fetch.handle = [send, &src, &pr, &mutations, &results, i](const HttpOutcome& outcome,
                                                              FetchRounds& next) {
        send(outcome, next);
        if (results[i].ok() && i + 1 < mutations.size()) {
            add_step(next, src, pr, mutations, results, i + 1);
        }
    };
    rounds.add(std::move(fetch));
}

}  // namespace

std::vector<Status> apply_mutations(const Sources& src, const PrRef& pr,
                                    const std::vector<Mutation>& mutations) {
    std::vector<Status> results(mutations.size(), Status(Error(ErrorKind::api, "not attempted", {},
                                                               0, std::string(kNotAttempted))));
    if (mutations.empty()) {
        return results;
    }
    FetchRounds rounds(src.http);
    add_step(rounds, src, pr, mutations, results, 0);
    rounds.run();
    return results;
}

}  // namespace preview
