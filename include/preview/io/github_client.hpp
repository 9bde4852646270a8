#pragma once

#include <string>

#include "preview/core/result.hpp"
#include "preview/core/settings.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// Builds requests to the GitHub REST API: base URL, the API's required headers, the token, and
/// one serial group so GitHub requests never run concurrently (as GitHub asks of API clients).
/// The token goes only to the API's own origin, and only when that origin is https.
class GithubClient {
  public:
    GithubClient(std::string api_base, std::string token, std::chrono::milliseconds timeout,
                 TlsOptions tls);

    /// A request for `path` ("/repos/...", appended to the API base).
    HttpRequest request(std::string method, const std::string& path) const;

    /// The GET request for a page that a Link header in the answer to `request_url` names:
    /// `target` is resolved against `request_url` first (RFC 3986), then must be on the API
    /// base's origin. Otherwise an error (ErrorKind::api) that names both, and nothing to send:
    /// a page elsewhere is not GitHub's answer, with or without the token.
    Result<HttpRequest> follow_link(const std::string& request_url,
                                    const std::string& target) const;

    const std::string& api_base() const { return api_base_; }
    bool has_token() const { return !token_.empty(); }

  private:
    std::string api_base_;
    std::string token_;
    std::chrono::milliseconds timeout_;
    TlsOptions tls_;
};

/// Who named the GitHub host: the user (a flag, the environment, or nobody: the default
/// api.github.com), or only a profile file, which may come from any repository checkout.
enum class GithubHostTrust { user_named, profile_only };

/// The GitHub token for `host`, following gh's rules: GH_ENTERPRISE_TOKEN,
/// GITHUB_ENTERPRISE_TOKEN for hosts other than github.com and *.ghe.com; GH_TOKEN, GITHUB_TOKEN
/// for github.com and for a host the user named (`trust`); else the output of
/// `gh auth token --hostname host` run without a shell and without those two variables (GH_PATH
/// names the gh binary). Empty when none is available. A host that only a profile names never
/// gets GH_TOKEN / GITHUB_TOKEN: a checked-out repository must not redirect them.
std::string resolve_github_token(const EnvMap& env, const std::string& host, GithubHostTrust trust);

}  // namespace preview
