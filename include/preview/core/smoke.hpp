#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/pr_ref.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

namespace preview {

/// Looks up an environment variable for a `${VAR}` in a smoke header; nullopt when unset.
using SmokeEnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The prefix of the environment variables any profile file may read in a smoke header.
inline constexpr std::string_view kSmokeEnvPrefix = "PREVIEW_SMOKE_";

/// Which environment variables smoke headers may read. A profile file may come from a
/// repository checkout (design §7), so it reads only PREVIEW_SMOKE_* and the names the user
/// allowed (`preview smoke --smoke-env NAME`); a built-in profile reads any variable but the
/// protected ones (is_protected_env_var), which no profile ever reads.
struct SmokeEnvPolicy {
    bool builtin_profile = false;
    std::vector<std::string> allowed;  ///< exact names the user allowed (--smoke-env)
};

/// nullopt when `policy` lets a header read `name`; else an ErrorKind::config error naming the
/// variable and how to allow it (never its value). `tmpl` is the template, for the message.
std::optional<Error> smoke_env_refusal(std::string_view name, std::string_view tmpl,
                                       const SmokeEnvPolicy& policy);

/// What a smoke template's placeholders stand for.
struct SmokeTemplateValues {
    PrRef pr;
    std::string title;
    /// Null: `${VAR}` is not allowed here (only smoke.send.headers may read the environment).
    SmokeEnvLookup env;
    SmokeEnvPolicy env_policy;  ///< which variables `env` may be asked for
};

/// Renders a smoke template: {number}, {owner}, {repo}, {title}; `${VAR}` when `values.env` is
/// set. A '{' not followed by a lower-case name and '}' is literal, so JSON bodies need no
/// escaping. {sha}/{short_sha}, unknown placeholders, unset or empty variables and variables
/// `values.env_policy` refuses are ErrorKind::config errors naming them. The values read from
/// the environment are appended to `secrets` (never printed).
Result<std::string> render_smoke_template(std::string_view tmpl, const SmokeTemplateValues& values,
                                          std::vector<std::string>* secrets = nullptr);

/// True for environment variables a smoke header may never read: preview's own credentials
/// (GitHub, Argo CD, the webhook secret) and the usual cloud ones, which a profile from a
/// checkout could otherwise send to a host it chose.
bool is_protected_env_var(std::string_view name);

/// True when a file profile's smoke request may go to `host`: the PR's own preview host or a
/// sibling of it, i.e. the first DNS label is "pr-<number>" or ends in "-pr-<number>" (the PR's
/// own number) and the rest equals `preview_host`'s parent domain (at least two labels). Both
/// hosts are compared in lower case without a trailing dot; IP addresses, punycode (xn--) or
/// non-ASCII first labels and empty labels never match. A file names `url` itself, so even the
/// preview's own host must carry the PR number (design §7).
bool is_pr_preview_host(std::string_view host, std::string_view preview_host, int number);

/// The smoke test of one PR, rendered and checked, ready to send.
struct SmokePlan {
    std::string title;  ///< the unique title this run looks for
    std::string method;
    std::string send_url;
    std::vector<SmokeHeader> headers;   ///< values rendered; may hold secrets
    std::vector<std::string> secrets;   ///< values read from the environment, to redact
    std::vector<std::string> env_vars;  ///< the variables the headers read, for messages
    std::string body;
    std::string expect_url;
    std::string expect_contains;
    std::string expect_field;
    int timeout_seconds = 30;
};

/// Renders the profile's smoke section for `pr`. Errors (ErrorKind::config): no smoke section,
/// no preview URL, a template problem, a variable unset or refused (SmokeEnvPolicy; `allowed_env`
/// holds the names the user allowed), or a send or expect URL that is not https:// with the
/// preview URL's port (the URL render_targets derives for the PR, as status probes it) on an
/// allowed host: for a built-in profile the preview's host or a sibling under the same parent
/// domain (omni-cc-pr-12.example.com next to cc-pr-12.example.com); for a file profile only
/// is_pr_preview_host (design §7: the token goes only to this PR's preview). A URL with user
/// information is refused.
Result<SmokePlan> plan_smoke(const Profile& profile, const PrRef& pr, std::string title,
                             const SmokeEnvLookup& env,
                             const std::vector<std::string>& allowed_env = {});

/// Which step of the smoke test failed.
enum class SmokeStep { send, receive };

/// "send" or "receive".
std::string_view smoke_step_name(SmokeStep step);

/// What the send request got: a transport error, or an answer.
struct SmokeSendResult {
    std::optional<Error> transport_error;
    long status = 0;
    bool json_error = false;    ///< the body was the API's {"status":"error","message":...}
    std::string error_message;  ///< that message, or the start of a text body
    std::int64_t elapsed_ms = 0;
};

/// What polling the expect URL got.
struct SmokeReceiveResult {
    bool found = false;
    int polls = 0;
    std::int64_t latency_ms = 0;           ///< from sending to the poll that found it
    std::optional<Error> transport_error;  ///< the last poll's, when it failed
    long last_status = 0;                  ///< the last answer's status (0: none)
    std::string last_message;              ///< the start of a non-2xx answer's body
};

/// What a smoke run saw; `receive` is absent when the send step failed.
struct SmokeRun {
    SmokeSendResult send;
    std::optional<SmokeReceiveResult> receive;
};

/// The outcome: passed, or the failing step with its likely cause and a fix.
struct SmokeVerdict {
    bool passed = false;
    std::optional<SmokeStep> failed_step;
    std::string cause;
    std::string fix;
    bool credentials = false;  ///< the sender refused the credentials (401/403): exit 3
};

/// Decides which step failed and why. `receive` is absent when the send step failed.
SmokeVerdict judge_smoke(const SmokePlan& plan, const PrRef& pr, const SmokeSendResult& send,
                         const std::optional<SmokeReceiveResult>& receive);

}  // namespace preview
