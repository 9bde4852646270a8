#include "preview/gather/apply.hpp"

#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/io/url.hpp"

namespace preview {
namespace {

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
    const bool workload_patch =
        (m.kind == MutationKind::annotate || m.kind == MutationKind::sync) &&
        m.cluster == Cluster::workload;
    const bool label = m.kind == MutationKind::add_label || m.kind == MutationKind::remove_label;
    // Everything else is Argo CD's: its source knows the request.
    Fetch fetch = workload_patch ? kube_patch(src.workload, m, results[i])
                  : label        ? label_fetch(src, pr, m, results[i])
                                 : src.argocd.change(m, results[i]);
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
