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

Change label_change(const Intent& intent, const PrRef& pr) {
    Change change;
    change.intent = intent;
    change.carrier = Carrier::github;
    change.command = label_command(pr, intent.label, intent.kind == IntentKind::add_label);
    return change;
}

Fetch label_fetch(const Sources& src, const PrRef& pr, const Intent& m, Status& out) {
    const std::string base =
        fmt::format("/repos/{}/{}/issues/{}/labels", pr.owner, pr.repo, pr.number);
    const bool add = m.kind == IntentKind::add_label;
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
              const std::vector<Change>& changes, std::vector<Status>& results, std::size_t i) {
    const Change& c = changes[i];
    // Everything else is Argo CD's: its source knows the request.
    Fetch fetch = c.carrier == Carrier::workload_kube
                      ? kube_change(src.workload, c.intent, results[i])
                  : c.carrier == Carrier::github ? label_fetch(src, pr, c.intent, results[i])
                                                 : src.argocd.change(c, results[i]);
    auto send = std::move(fetch.handle);
    fetch.handle = [send, &src, &pr, &changes, &results, i](const HttpOutcome& outcome,
                                                            FetchRounds& next) {
        send(outcome, next);
        if (results[i].ok() && i + 1 < changes.size()) {
            add_step(next, src, pr, changes, results, i + 1);
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
            out.changes.push_back(label_change(intent, pr));
        } else if (!on_argocd(intent) && src.workload.ok()) {
            out.changes.push_back(kube_form(intent, Carrier::workload_kube));
        } else {
            src.argocd.route(intent, route, pr, appset, out);
        }
    }
    return out;
}

std::vector<Change> through_kubernetes(const std::vector<Intent>& intents, const PrRef& pr) {
    std::vector<Change> out;
    out.reserve(intents.size());
    for (const auto& intent : intents) {
        out.push_back(is_label(intent)
                          ? label_change(intent, pr)
                          : kube_form(intent, on_argocd(intent) ? Carrier::argocd_kube
                                                                : Carrier::workload_kube));
    }
    return out;
}

std::vector<Status> send_changes(const Sources& src, const PrRef& pr,
                                 const std::vector<Change>& changes) {
    std::vector<Status> results(changes.size(), Status(Error(ErrorKind::api, "not attempted", {}, 0,
                                                             std::string(kNotAttempted))));
    if (changes.empty()) {
        return results;
    }
    FetchRounds rounds(src.http);
    add_step(rounds, src, pr, changes, results, 0);
    rounds.run();
    return results;
}

}  // namespace preview
