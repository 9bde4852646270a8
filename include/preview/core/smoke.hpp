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

/// What a smoke template's placeholders stand for.
struct SmokeTemplateValues {
    PrRef pr;
    std::string title;
    /// Null: `${VAR}` is not allowed here (only smoke.send.headers may read the environment).
    SmokeEnvLookup env;
};

/// Renders a smoke template: {number}, {owner}, {repo}, {title}; `${VAR}` when `values.env` is
/// set. A '{' not followed by a lower-case name and '}' is literal, so JSON bodies need no
/// escaping. {sha}/{short_sha}, unknown placeholders, unset or empty variables and variables that
/// hold preview's own credentials (GH_TOKEN, ...) are ErrorKind::config errors naming them. The
/// values read from the environment are appended to `secrets` (never printed).
Result<std::string> render_smoke_template(std::string_view tmpl, const SmokeTemplateValues& values,
                                          std::vector<std::string>* secrets = nullptr);

/// True for environment variables a smoke header may never read: preview's own credentials
/// (GitHub, Argo CD, the webhook secret) and the usual cloud ones, which a profile from a
/// checkout could otherwise send to a host it chose.
bool is_protected_env_var(std::string_view name);

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
/// no preview URL, a template problem, a variable unset, or a send or expect URL that is not
/// https:// on the preview URL's host (or a sibling host under the same parent domain, e.g.
/// omni-cc-pr-12.example.com next to cc-pr-12.example.com) and port (design §7: the token goes
/// only to the preview).
Result<SmokePlan> plan_smoke(const Profile& profile, const PrRef& pr, std::string title,
                             const SmokeEnvLookup& env);

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
