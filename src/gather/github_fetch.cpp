#include "gather/github_fetch.hpp"

#include <chrono>

#include "gather/paging.hpp"
#include "gather/registry_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/api_errors.hpp"
#include "preview/api/github_json.hpp"
#include "preview/api/health_json.hpp"
#include "preview/api/link_header.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

constexpr std::string_view kBotMarker = "<!-- preview-url-bot -->";
constexpr int kMaxCommentPages = 10;
// Issue events come oldest first and the newest label event is wanted: all pages are read, up
// to 1,000 events (a PR with more is cut short as an error, never shown as a shorter list).
constexpr int kMaxEventPages = 10;

std::string repo_path(const PrRef& ref) {
    return fmt::format("/repos/{}/{}", ref.owner, ref.repo);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One GitHub list read page by page along its Link header into `out`, at most `max_pages`
// pages: a list that goes on is an error, never shown as a shorter list.
template <class T, class Parse>
Fetch fetch_github_list(const Sources& src, Observed<std::vector<T>>& out, std::string what,
                        Parse parse, int max_pages, Result<HttpRequest> request, int page = 1,
                        std::vector<T> so_far = {}) {
    const std::string url = request.ok() ? request->url : std::string();
    auto handle = [&src, &out, what = std::move(what), parse, max_pages, url, page,
                   so_far = std::move(so_far)](const HttpOutcome& outcome,
                                               FetchRounds& next) mutable {
        if (!outcome.ok() || outcome->status != 200) {
            out = github_failure(outcome, what);
            return;
        }
        auto items = parse(outcome->body);
        if (!items.ok()) {
            out = items.error();
            return;
        }
        so_far.insert(so_far.end(), items->begin(), items->end());
        auto next_request = next_page_request(src.github, url, *outcome);
        if (next_request && page >= max_pages) {
            out = list_cut_short(what, fmt::format("it did not end after {} pages", max_pages));
            return;
        }
        if (next_request) {
            next.add(fetch_github_list(src, out, std::move(what), parse, max_pages,
                                       std::move(*next_request), page + 1, std::move(so_far)));
            return;
        }
        out = std::move(so_far);
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

Fetch fetch_comment_page(const Sources& src, const Profile& profile, Snapshot& snap,
                         Result<HttpRequest> request, int page) {
    const std::string url = request.ok() ? request->url : std::string();
    auto handle = [&src, &profile, &snap, url, page](const HttpOutcome& outcome,
                                                     FetchRounds& next) {
        if (!outcome.ok() || outcome->status != 200) {
            snap.bot_comment =
                github_failure(outcome, fmt::format("read the comments of #{}", snap.ref.number));
            return;
        }
        auto found = parse_bot_comment(outcome->body, kBotMarker, profile.comment_author);
        if (!found.ok()) {
            snap.bot_comment = found.error();
            return;
        }
        if (!found->has_value()) {
            auto next_request = next_page_request(src.github, url, *outcome);
            if (next_request && page < kMaxCommentPages) {
                next.add(
                    fetch_comment_page(src, profile, snap, std::move(*next_request), page + 1));
                return;
            }
        }
        snap.bot_comment = std::move(found.value());
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

}  // namespace

Fetch fetch_label_events(const Sources& src, Snapshot& snap) {
    return fetch_github_list(
        src, snap.label_events, fmt::format("read the events of #{}", snap.ref.number),
        [](std::string_view body) { return parse_label_events(body); }, kMaxEventPages,
        src.github.request("GET", fmt::format("{}/issues/{}/events?per_page=100",
                                              repo_path(snap.ref), snap.ref.number)));
}

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
        next.add(fetch_github_list(
            src, snap.checks, fmt::format("read the check runs of {}", snap.pr->head_sha),
            [](std::string_view body) { return parse_check_runs(body); }, kMaxListPages,
            src.github.request("GET",
                               fmt::format("{}/commits/{}/check-runs?filter=latest&per_page=100",
                                           repo_path(snap.ref), snap.pr->head_sha))));
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
                if (snap.artifacts[i].ok() || snap.artifacts[i].error().not_gathered) {
                    rounds.add(fetch_artifact(src, snap.targets.artifacts[i], snap.artifacts[i]));
                }
            }
        });
    };
    return Fetch{src.github.request("GET", path), std::move(handle), nullptr};
}

std::optional<Result<HttpRequest>> next_page_request(const GithubClient& github,
                                                     const std::string& request_url,
                                                     const HttpResponse& response) {
    auto target = next_link(response.header("link").value_or(""));
    if (!target) {
        return std::nullopt;
    }
    return github.follow_link(request_url, *target);
}

Fetch fetch_bot_comment(const Sources& src, const Profile& profile, Snapshot& snap) {
    return fetch_comment_page(
        src, profile, snap,
        src.github.request("GET", fmt::format("{}/issues/{}/comments?per_page=100",
                                              repo_path(snap.ref), snap.ref.number)),
        1);
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
            if (url_healthy(probe)) {
                const auto revision = parse_health_revision(outcome->body);
                probe.commit = revision.commit;
                probe.version = revision.version;
            } else {
                probe.body = outcome->body.substr(0, kUrlBodyKept);
            }
        } else {
            probe.error = outcome.error().message;
        }
        snap.url = std::move(probe);
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

}  // namespace preview
