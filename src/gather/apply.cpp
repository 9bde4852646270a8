#include "preview/gather/apply.hpp"

#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/github_fetch.hpp"
#include "gather/kube_change.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/core/argo_actions.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

bool is_label(const Intent& intent) {
    return intent.kind == IntentKind::add_label || intent.kind == IntentKind::remove_label;
}

Fetch label_fetch(const GithubClient& github, const PrRef& pr, const Intent& m, Status& out) {
    const std::string base =
        fmt::format("/repos/{}/{}/issues/{}/labels", pr.owner, pr.repo, pr.number);
    const bool add = m.kind == IntentKind::add_label;
    HttpRequest request = add ? github.request("POST", base)
                              : github.request("DELETE", base + "/" + url_escape(m.label));
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

Change label_change(const GithubClient& github, const Intent& intent, const PrRef& pr) {
    Change change;
    change.intent = intent;
    change.command = label_command(pr, intent.label, intent.kind == IntentKind::add_label);
    change.request = [&github, intent, pr](Status& out) {
        return label_fetch(github, pr, intent, out);
    };
    return change;
}

// Sends step i; when it succeeds, the handler schedules step i + 1. A failed step ends the chain,
// so a later step never acts on the assumption that an earlier one took effect.
void add_step(FetchRounds& rounds, const std::vector<Change>& changes, std::vector<Status>& results,
              std::size_t i) {
    Fetch fetch = changes[i].request(results[i]);
    auto send = std::move(fetch.handle);
    fetch.handle = [send, &changes, &results, i](const HttpOutcome& outcome, FetchRounds& next) {
        send(outcome, next);
        if (results[i].ok() && i + 1 < changes.size()) {
            add_step(next, changes, results, i + 1);
        }
    };
    rounds.add(std::move(fetch));
}

}  // namespace

RoutedChanges route_changes(const Sources& src, const std::vector<Intent>& intents,
                            const ChangeRoute& route, const PrRef& pr,
                            const Observed<std::optional<ApplicationSet>>* appset) {
    RoutedChanges out;
    for (const auto& intent : intents) {
        if (is_label(intent)) {
            out.changes.push_back(label_change(src.github, intent, pr));
        } else if (on_argocd(intent) || !src.workload.ok()) {
            if (!src.argocd.route(intent, route, pr, appset, out)) {
                out.changes.push_back(kube_form(intent, src.workload));
            }
        } else {
            out.changes.push_back(kube_form(intent, src.workload));
        }
    }
    return out;
}

std::vector<Change> through_kubernetes(const Sources& src, const std::vector<Intent>& intents,
                                       const PrRef& pr) {
    std::vector<Change> out;
    out.reserve(intents.size());
    for (const auto& intent : intents) {
        out.push_back(is_label(intent)    ? label_change(src.github, intent, pr)
                      : on_argocd(intent) ? src.argocd.through_kubernetes(intent)
                                          : kube_form(intent, src.workload));
    }
    return out;
}

std::vector<Status> send_changes(const Sources& src, const std::vector<Change>& changes) {
    std::vector<Status> results(changes.size(), Status(Error(ErrorKind::api, "not attempted", {}, 0,
                                                             std::string(kNotAttempted))));
    if (changes.empty()) {
        return results;
    }
    FetchRounds rounds(src.http);
    add_step(rounds, changes, results, 0);
    rounds.run();
    return results;
}

}  // namespace preview
