#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "preview/core/result.hpp"
#include "preview/io/deadline.hpp"
#include "preview/io/retry_policy.hpp"

namespace preview {

/// TLS settings of one request. Empty strings mean "not set".
struct TlsOptions {
    std::string ca_pem;           ///< in-memory CA bundle (PEM); replaces the system roots
    std::string ca_file;          ///< CA bundle file (SSL_CERT_FILE); used when ca_pem is empty
    std::string ca_dir;           ///< CA directory (SSL_CERT_DIR)
    std::string client_cert_pem;  ///< client certificate (PEM), in memory
    std::string client_key_pem;   ///< its key (PEM), in memory; a secret
    bool insecure_skip_verify = false;
    std::string server_name;  ///< expected server name (kubeconfig tls-server-name)
};

using Header = std::pair<std::string, std::string>;

/// One HTTP request, fully described as a value.
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<Header> headers;  ///< sent as given; never put credentials here (use the fields)
    std::string body;

    std::string bearer_token;  ///< sent as "Authorization: Bearer ..."; a secret, never logged
    std::string basic_user;    ///< with basic_password: HTTP Basic; the password is a secret
    std::string basic_password;

    TlsOptions tls;
    std::string proxy;  ///< explicit proxy URL; empty = libcurl's environment rules

    /// Requests that share a non-empty group run one at a time, in the order given (GitHub asks
    /// API clients not to send concurrent requests); all others run in parallel.
    std::string serial_group;

    std::chrono::milliseconds timeout{30000};  ///< per attempt
    int max_attempts = 4;  ///< retries on connection errors, 429 and 502/503/504
    std::size_t max_body_bytes = 32u << 20u;
};

/// A response, whatever its status code: a 4xx or 5xx is a successful transport.
struct HttpResponse {
    long status = 0;
    std::vector<Header> headers;  ///< names lower-cased, in arrival order
    std::string body;
    std::chrono::milliseconds elapsed{0};  ///< all attempts together
    int attempts = 1;
    /// Answered from the conditional-request cache after a 304 (see make_conditional_client).
    bool not_modified = false;

    /// The first header with this (case-insensitive) name.
    std::optional<std::string> header(std::string_view name) const;
};

/// The outcome of one request: a response, or a transport error (ErrorKind network, tls, timeout,
/// interrupted; api for a body over the limit) whose message is one plain sentence naming the host.
using HttpOutcome = Result<HttpResponse>;

/// How one watch of HttpClient::watch ended.
enum class WatchEnd {
    open,     ///< still streaming when the call returned
    changed,  ///< delivered an event other than BOOKMARK
    expired,  ///< its resourceVersion is too old (410 Gone): list again
    closed,   ///< the server ended the stream: watch again from resource_version
    refused,  ///< the server does not allow or offer watches (401/403/404/405/400): poll
    failed,   ///< a transport error, another status, or a malformed or oversized stream
};

/// The wire format of a watch's event stream.
enum class WatchFormat {
    kubernetes,  ///< `?watch=1`: {"type","object"} per line, with BOOKMARK and ERROR events
    argocd,      ///< Argo CD's `/api/v1/stream/applications`: {"result":{"type","application"}}
};

/// One stream HttpClient::watch opens.
struct WatchRequest {
    HttpRequest request;
    WatchFormat format = WatchFormat::kubernetes;
    /// argocd: the resourceVersion the caller's list stood at; events about Applications not
    /// newer than it are the stream's replay of what the caller saw (see is_news).
    std::string since;
};

/// One watch's end, and the last resourceVersion its events and bookmarks brought (empty when
/// none came: the watch still stands where its request started it).
struct WatchReport {
    WatchEnd end = WatchEnd::open;
    std::string resource_version;
    long status = 0;     ///< the HTTP status, 0 without an answer
    std::string detail;  ///< why, for failed, refused and expired
};

/// Sends requests. Implementations must be safe to reuse across batches (keeping connections).
/// Requests added while others are in flight: when one answer names the next request, the next
/// one goes out at once instead of waiting for every unrelated request of a "round".
class HttpStream {
  public:
    virtual ~HttpStream() = default;
    /// Queues a request; it starts as soon as a parallel slot and its serial group allow.
    /// Returns the id its outcome is reported with.
    virtual std::size_t add(HttpRequest request) = 0;
};

/// Called on the caller's thread for each finished request, in the order they finish.
using StreamOutcome = std::function<void(std::size_t id, HttpOutcome outcome, HttpStream&)>;

class HttpClient {
  public:
    virtual ~HttpClient() = default;

    /// Sends all requests (in parallel, but see HttpRequest::serial_group) and returns one
    /// outcome per request, in the same order.
    virtual std::vector<HttpOutcome> perform_all(std::vector<HttpRequest> requests) = 0;

    /// Calls `start` to queue the first requests, then `on_outcome` for every finished one,
    /// which may queue more; returns when nothing is queued or running.
    virtual void perform_stream(const std::function<void(HttpStream&)>& start,
                                const StreamOutcome& on_outcome) = 0;

    /// Opens every watch (Kubernetes `?watch=1&resourceVersion=...` requests, Argo CD streams) at
    /// once and reads their event streams until one delivers a change (any event but BOOKMARK or
    /// an Argo CD replay of what the caller saw), an ERROR event, a
    /// stream ends (a refused one only once every watch is refused), `until` passes, `keep_going`
    /// (called about every 200 ms) returns false, or Ctrl-C. One report per watch. The default:
    /// every watch refused (a transport that cannot stream).
    virtual std::vector<WatchReport> watch(std::vector<WatchRequest> watches,
                                           std::chrono::steady_clock::time_point until,
                                           const std::function<bool()>& keep_going);

    /// Number of HTTP exchanges sent so far, retries included.
    virtual std::size_t request_count() const = 0;

    HttpOutcome perform(HttpRequest request) {
        std::vector<HttpRequest> one;
        one.push_back(std::move(request));
        return std::move(perform_all(std::move(one)).front());
    }
};

struct HttpClientOptions {
    std::string user_agent = "preview";
    /// Called with one line per exchange ("GET https://... 200 12ms") when set; credentials and
    /// query parameters that look like credentials are already redacted.
    std::function<void(const std::string&)> log;
    /// Set by a signal handler; running transfers are abandoned and report ErrorKind::interrupted.
    const std::atomic<bool>* interrupted = nullptr;
    std::size_t max_parallel = 16;
    /// When a request is tried again and after how long (backoff, budget).
    RetryPolicy retry;
    /// The transport's clock; null means the steady clock. Tests pass one that skips retry waits.
    std::shared_ptr<TransportClock> clock;
    /// The command's deadline, when it has one: no attempt runs or retry waits past it, and a
    /// request not started by then fails with ErrorKind::timeout.
    std::shared_ptr<const CommandDeadline> deadline;
};

/// The libcurl (multi interface) implementation.
std::unique_ptr<HttpClient> make_curl_http_client(HttpClientOptions options);

/// Redacts credentials in a URL's userinfo and in query parameters such as token=, access_token=.
std::string redact_url(std::string_view url);

/// Replaces every copy of the request's credentials that the response quotes back (bearer token,
/// Basic password, the base64 "user:password" of the Basic header) in its body and header values
/// with REDACTED, so no error message built from an answer can show them. Secrets shorter than
/// 8 characters are left alone: replacing them would corrupt ordinary text.
void redact_credentials(HttpResponse& response, const HttpRequest& request);

}  // namespace preview
