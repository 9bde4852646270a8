#include "preview/io/github_client.hpp"

#include <vector>

#include "preview/io/process.hpp"
#include "preview/io/url.hpp"

namespace preview {

GithubClient::GithubClient(std::string api_base, std::string token,
                           std::chrono::milliseconds timeout, TlsOptions tls)
    : api_base_(std::move(api_base)),
      token_(std::move(token)),
      timeout_(timeout),
      tls_(std::move(tls)) {}

HttpRequest GithubClient::request(std::string method, const std::string& path_or_url) const {
    const bool absolute = path_or_url.starts_with("https://") || path_or_url.starts_with("http://");
    HttpRequest request;
    request.method = std::move(method);
    request.url = absolute ? path_or_url : api_base_ + path_or_url;
    request.headers.emplace_back("Accept", "application/vnd.github+json");
    request.headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    // An absolute URL comes from a Link header: the token goes only where the API itself is, so
    // a proxy or server that points pagination elsewhere never receives it.
    if (!absolute || url_origin(path_or_url) == url_origin(api_base_)) {
        request.bearer_token = token_;
    }
    request.tls = tls_;
    request.timeout = timeout_;
    request.serial_group = "github";
    return request;
}

std::string resolve_github_token(const EnvMap& env, const std::string& host) {
    // gh's convention: GitHub Enterprise hosts have their own variables. We also accept the
    // public ones there, so GITHUB_API_URL pointing at a server plus GH_TOKEN just works.
    const bool enterprise = host != "github.com" && !host.ends_with(".ghe.com");
    std::vector<const char*> names;
    if (enterprise) {
        names = {"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"};
    }
    names.insert(names.end(), {"GH_TOKEN", "GITHUB_TOKEN"});
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
