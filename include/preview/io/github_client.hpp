#pragma once

#include <string>

#include "preview/core/result.hpp"
#include "preview/core/settings.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// Builds requests to the GitHub REST API: base URL, the API's required headers, the token, and
/// one serial group so GitHub requests never run concurrently (as GitHub asks of API clients).
class GithubClient {
  public:
    GithubClient(std::string api_base, std::string token, std::chrono::milliseconds timeout,
                 TlsOptions tls);

    /// A request for `path_or_url` ("/repos/..." relative to the API base, or an absolute URL
    /// taken from a Link header).
    HttpRequest request(std::string method, const std::string& path_or_url) const;

    const std::string& api_base() const { return api_base_; }
    bool has_token() const { return !token_.empty(); }

  private:
    std::string api_base_;
    std::string token_;
    std::chrono::milliseconds timeout_;
    TlsOptions tls_;
};

/// The GitHub token for `host`: GH_TOKEN, GITHUB_TOKEN (GH_ENTERPRISE_TOKEN,
/// GITHUB_ENTERPRISE_TOKEN for other hosts), else the output of `gh auth token --hostname host`
/// run without a shell (GH_PATH names the gh binary). Empty when none is available.
std::string resolve_github_token(const EnvMap& env, const std::string& host);

}  // namespace preview
