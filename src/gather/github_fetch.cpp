#include "gather/github_fetch.hpp"

#include <chrono>

#include "gather/paging.hpp"
#include "gather/registry_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/github_json.hpp"
#include "preview/api/link_header.hpp"

namespace preview {
namespace {

constexpr std::string_view kBotMarker = "<!-- preview-url-bot -->";
constexpr int kMaxCommentPages = 10;

std::string repo_path(const PrRef& ref) {
    return fmt::format("/repos/{}/{}", ref.owner, ref.repo);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Fetch fetch_check_runs(const Sources& src, Snapshot& snap, std::string url, int page,
                       std::vector<CheckRun> so_far) {
    if (url.empty()) {
        url = fmt::format("{}/commits/{}/check-runs?filter=latest&per_page=100",
                          repo_path(snap.ref), snap.pr->head_sha);
    }
    auto handle = [&src, &snap, page, so_far = std::move(so_far)](const HttpOutcome& outcome,
                                                                  FetchRounds& next) mutable {
        const std::string what = fmt::format("read the check runs of {}", snap.pr->head_sha);
        if (!outcome.ok() || outcome->status != 200) {
            snap.checks = github_failure(outcome, what);
            return;
        }
        auto runs = parse_check_runs(outcome->body);
        if (!runs.ok()) {
            snap.checks = runs.error();
            return;
        }
        so_far.insert(so_far.end(), runs->begin(), runs->end());
        auto next_url = next_link(outcome->header("link").value_or(""));
        if (next_url && page >= kMaxListPages) {
            snap.checks =
                list_cut_short(what, fmt::format("it did not end after {} pages", kMaxListPages));
            return;
        }
        if (next_url) {
            next.add(fetch_check_runs(src, snap, *next_url, page + 1, std::move(so_far)));
            return;
        }
        snap.checks = std::move(so_far);
    };
    return Fetch{src.github.request("GET", url), std::move(handle), nullptr};
}

}  // namespace

Error github_failure(const HttpOutcome& outcome, const std::string& what) {
    if (!outcome.ok()) {
        Error e = outcome.error();
        if (e.kind != ErrorKind::interrupted) {
            e.message = fmt::format("cannot {}: {}", what, e.message);
        }
        return e;
    }
    return classify_github_error(outcome->status, outcome->headers, outcome->body, what,
                                 unix_now());
}

Fetch fetch_pull_request(const Sources& src, const Profile& profile, Snapshot& snap) {
    const std::string path = fmt::format("{}/pulls/{}", repo_path(snap.ref), snap.ref.number);
    auto handle = [&src, &profile, &snap](const HttpOutcome& outcome, FetchRounds& next) {
        const std::string what =
            fmt::format("read pull request #{} of {}", snap.ref.number, snap.ref.repo_slug());
        if (outcome.ok() && outcome->status == 404) {
            snap.pr = Error(ErrorKind::not_found,
                            fmt::format("pull request #{} does not exist in {}", snap.ref.number,
                                        snap.ref.repo_slug()),
                            "check the number and the repository (-R OWNER/REPO); for a private "
                            "repository the token needs access to it",
                            404, "NotFound");
            return;
        }
        if (!outcome.ok() || outcome->status != 200) {
            snap.pr = github_failure(outcome, what);
            return;
        }
        auto pr = parse_pull_request(outcome->body);
        if (!pr.ok()) {
            snap.pr = pr.error();
            return;
        }
        snap.pr = std::move(pr.value());
        if (snap.pr->head_sha.empty()) {
            snap.checks = Error(ErrorKind::api, "the pull request has no head commit");
            return;
        }
        next.add(fetch_check_runs(src, snap, {}, 1, {}));
        // Artifact names may contain {sha}: render them now that it is known.
        snap.targets.artifacts.clear();
        snap.artifacts.clear();
        for (const auto& tmpl : profile.artifacts) {
            auto ref = render_template(tmpl, snap.ref, snap.pr->head_sha);
            snap.targets.artifacts.push_back(ref.ok() ? *ref : tmpl);
            snap.artifacts.emplace_back(ref.ok() ? Snapshot::not_read() : ref.error());
        }
        after_registry_challenges(src, next, [&src, &snap](FetchRounds& rounds) {
            for (std::size_t i = 0; i < snap.artifacts.size(); ++i) {
                if (snap.artifacts[i].ok() || snap.artifacts[i].error().reason == "NotGathered") {
                    rounds.add(fetch_artifact(src, snap.targets.artifacts[i], snap.artifacts[i]));
                }
            }
        });
    };
    return Fetch{src.github.request("GET", path), std::move(handle), nullptr};
}

Fetch fetch_bot_comment(const Sources& src, Snapshot& snap, std::string url, int page) {
    if (url.empty()) {
        url =
            fmt::format("{}/issues/{}/comments?per_page=100", repo_path(snap.ref), snap.ref.number);
    }
    auto handle = [&src, &snap, page](const HttpOutcome& outcome, FetchRounds& next) {
        if (!outcome.ok() || outcome->status != 200) {
            snap.bot_comment =
                github_failure(outcome, fmt::format("read the comments of #{}", snap.ref.number));
            return;
        }
        auto found = parse_bot_comment(outcome->body, kBotMarker);
        if (!found.ok()) {
            snap.bot_comment = found.error();
            return;
        }
        if (!found->has_value()) {
            auto next_url = next_link(outcome->header("link").value_or(""));
            if (next_url && page < kMaxCommentPages) {
                next.add(fetch_bot_comment(src, snap, *next_url, page + 1));
                return;
            }
        }
        snap.bot_comment = std::move(found.value());
    };
    return Fetch{src.github.request("GET", url), std::move(handle), nullptr};
}

Fetch fetch_url_probe(const std::string& url, std::chrono::milliseconds timeout, Snapshot& snap,
                      const TlsOptions& tls) {
    HttpRequest request;
    request.url = url;
    request.timeout = timeout;
    request.max_attempts = 1;
    request.tls = tls;
    request.max_body_bytes = 1u << 20u;
    auto handle = [&snap, url](const HttpOutcome& outcome, FetchRounds&) {
        UrlProbe probe;
        probe.url = url;
        if (outcome.ok()) {
            probe.http_status = outcome->status;
            probe.elapsed_ms = outcome->elapsed.count();
        } else {
            probe.error = outcome.error().message;
        }
        snap.url = std::move(probe);
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

}  // namespace preview
