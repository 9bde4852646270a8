#include "preview/io/github_client.hpp"

#include <vector>

#include <fmt/format.h>

#include "preview/io/process.hpp"
#include "preview/io/url.hpp"

namespace preview {

GithubClient::GithubClient(std::string api_base, std::string token,
                           std::chrono::milliseconds timeout, TlsOptions tls)
    : api_base_(std::move(api_base)),
      token_(std::move(token)),
      timeout_(timeout),
      tls_(std::move(tls)) {}

HttpRequest GithubClient::request(std::string method, const std::string& path) const {
    HttpRequest request;
    request.method = std::move(method);
    request.url = api_base_ + path;
    request.headers.emplace_back("Accept", "application/vnd.github+json");
    request.headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    // Settings refuse an http:// API; this keeps the token off plain HTTP whatever the caller.
    if (url_origin(api_base_).starts_with("https://")) {
        request.bearer_token = token_;
    }
    request.tls = tls_;
    request.timeout = timeout_;
    request.serial_group = "github";
    return request;
}

Result<HttpRequest> GithubClient::follow_link(const std::string& request_url,
                                              const std::string& target) const {
    auto url = resolve_url(request_url, target);
    if (!url.ok()) {
        return Error(ErrorKind::api,
                     fmt::format("the next page link is not followed: {}", url.error().message),
                     "a proxy or server between preview and GitHub rewrote the Link header");
    }
    if (!same_origin(*url, api_base_)) {
        return Error(ErrorKind::api,
                     fmt::format("the next page link {:?} leads away from the GitHub API {} "
                                 "and is not followed",
                                 *url, url_origin(api_base_)),
                     "a proxy or server between preview and GitHub rewrote the Link header");
    }
    HttpRequest request = this->request("GET", "");
    request.url = std::move(url.value());
    return request;
}

std::string resolve_github_token(const EnvMap& env, const std::string& host,
                                 GithubHostTrust trust) {
    // gh's convention: GitHub Enterprise hosts have their own variables. We also accept the
    // public ones for a host the user named, so GITHUB_API_URL pointing at a server plus GH_TOKEN
    // just works; a host named only by a profile gets them only when it is github.com itself.
    const bool enterprise = host != "github.com" && !host.ends_with(".ghe.com");
    std::vector<const char*> names;
    if (enterprise) {
        names = {"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"};
    }
    if (trust == GithubHostTrust::user_named || host == "github.com") {
        names.insert(names.end(), {"GH_TOKEN", "GITHUB_TOKEN"});
    }
    for (const char* name : names) {
        if (auto value = env_or_empty(env, name); !value.empty()) {
            return value;
        }
    }
    // A token kept in gh's keyring is only reachable through gh itself.
    std::string gh = env_or_empty(env, "GH_PATH");
    if (gh.empty()) {
        gh = "gh";
    }
    if (find_program(gh).empty()) {
        return {};
    }
    ProcessSpec spec;
    spec.argv = {gh, "auth", "token", "--hostname", host};
    // gh prints GH_TOKEN for github.com-like hosts when it is set; we decided about those above.
    spec.unset_env = {"GH_TOKEN", "GITHUB_TOKEN"};
    spec.stderr_mode = StderrMode::capture;  // "not logged in" is not our user's concern here
    spec.timeout = std::chrono::seconds(10);
    auto result = run_process(spec);
    if (!result.ok() || !result->success()) {
        return {};
    }
    std::string token = result->stdout_text;
    while (!token.empty() &&
           (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    return token;
}

}  // namespace preview
