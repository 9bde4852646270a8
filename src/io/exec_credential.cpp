#include <mutex>
#include <optional>

#include "io/kube_internal.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "preview/api/json_parse.hpp"
#include "preview/core/base64.hpp"
#include "preview/core/time.hpp"
#include "preview/io/kubeconfig.hpp"
#include "preview/io/process.hpp"

namespace preview {
namespace {

namespace ki = kube_internal;
using SystemClock = std::chrono::system_clock;

Error config_error(std::string message, std::string hint = {}) {
    return Error{ErrorKind::config, std::move(message), std::move(hint)};
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// installHint without terminal escape sequences or other control characters (as kubectl).
std::string strip_control(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0x1b) {
            if (i + 1 < text.size() && text[i + 1] == '[') {
                i += 2;
                while (i < text.size() && !(static_cast<unsigned char>(text[i]) >= 0x40 &&
                                            static_cast<unsigned char>(text[i]) <= 0x7e)) {
                    ++i;
                }
            } else {
                ++i;
            }
            continue;
        }
        if (c < 0x20 && c != '\n' && c != '\t') {
            continue;
        }
        if (c == 0x7f) {
            continue;
        }
        out.push_back(text[i]);
    }
    return trim(out);
}

/// Credentials an exec plugin returned.
struct ExecCredential {
    std::string token;
    std::string cert_pem;
    std::string key_pem;
    std::optional<SystemClock::time_point> expiry;
};

/// Runs an exec plugin and caches what it returns, as client-go's exec authenticator.
class ExecPlugin {
  public:
    ExecPlugin(ExecConfig config, const KubeCluster& cluster, std::string user_label,
               const KubeAuthOptions& options)
        : config_(std::move(config)),
          user_label_(std::move(user_label)),
          options_(options),
          cluster_json_(cluster_info(cluster)) {}

    /// Cached credentials, or a fresh run when there are none or they expired. A failed run is
    /// not repeated for the rest of the command: every parallel request would otherwise start
    /// the plugin again (and wait for it again).
    Result<ExecCredential> get() {
        if (failed_) {
            return *failed_;
        }
        if (cached_ && (!cached_->expiry || !(options_.now() > *cached_->expiry))) {
            return *cached_;
        }
        auto fresh = run();
        if (!fresh) {
            failed_ = fresh.error();
            return fresh.error();
        }
        cached_ = *fresh;
        return fresh;
    }

    void forget() { cached_.reset(); }

    const std::string& command() const { return config_.command; }

  private:
    /// spec.cluster: the v1 Cluster type (client.authentication.k8s.io).
    static nlohmann::json cluster_info(const KubeCluster& cluster) {
        nlohmann::json info = nlohmann::json::object();
        info["server"] = cluster.server;
        if (!cluster.tls_server_name.empty()) {
            info["tls-server-name"] = cluster.tls_server_name;
        }
        if (cluster.insecure_skip_tls_verify) {
            info["insecure-skip-tls-verify"] = true;
        }
        if (!cluster.ca_pem.empty()) {
            info["certificate-authority-data"] = base64_encode(cluster.ca_pem);
        }
        if (!cluster.proxy_url.empty()) {
            info["proxy-url"] = cluster.proxy_url;
        }
        if (cluster.disable_compression) {
            info["disable-compression"] = true;
        }
        if (!cluster.exec_extension_json.empty()) {
            info["config"] = parse_json(cluster.exec_extension_json);
        }
        return info;
    }

    std::string what() const {
        return fmt::format("{}: exec plugin \"{}\"", user_label_, config_.command);
    }

    Result<bool> interactive() const {
        if (config_.interactive_mode == "Never") {
            return false;
        }
        const bool terminal = options_.stdin_is_terminal();
        if (config_.interactive_mode == "Always" && !terminal) {
            return config_error(fmt::format("{} needs a terminal (interactiveMode: Always), but "
                                            "standard input is not a terminal",
                                            what()),
                                "run the command from an interactive shell");
        }
        return terminal;
    }

    Result<ExecCredential> run() {
        auto is_interactive = interactive();
        if (!is_interactive) {
            return is_interactive.error();
        }
        if (find_program(config_.command).empty()) {
            return config_error(
                fmt::format("{} was not found{}", what(),
                            config_.command.find('/') == std::string::npos ? " in PATH" : ""),
                strip_control(config_.install_hint));
        }

        nlohmann::json info = {{"apiVersion", config_.api_version},
                               {"kind", "ExecCredential"},
                               {"spec", {{"interactive", *is_interactive}}}};
        if (config_.provide_cluster_info) {
            info["spec"]["cluster"] = cluster_json_;
        }
        ProcessSpec spec;
        spec.argv.push_back(config_.command);
        spec.argv.insert(spec.argv.end(), config_.args.begin(), config_.args.end());
        // Like kubectl, the plugin inherits our environment, except the GitHub tokens: they are
        // ours, not the cluster's, and a kube credential plugin has no business seeing them
        // (the kubeconfig's env can still hand one over explicitly).
        spec.unset_env = {"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN",
                          "GITHUB_ENTERPRISE_TOKEN"};
        spec.env = config_.env;
        spec.env.emplace_back("KUBERNETES_EXEC_INFO", info.dump());
        spec.stdin_mode = *is_interactive ? StdinMode::inherit : StdinMode::null;
        spec.stderr_mode = StderrMode::inherit;  // prompts and errors go straight to the user
        spec.timeout = *is_interactive ? std::chrono::milliseconds(0) : options_.exec_timeout;
        if (options_.deadline && options_.deadline->get()) {
            spec.timeout = options_.deadline->clamp(
                spec.timeout.count() > 0 ? spec.timeout : std::chrono::milliseconds::max());
        }
        spec.interrupted = options_.interrupted;

        auto outcome = run_process(spec);
        if (!outcome) {
            Error error = outcome.error();
            if (error.kind == ErrorKind::interrupted) {
                return error;
            }
            return config_error(fmt::format("{}: {}", what(), error.message));
        }
        if (outcome->signal != 0) {
            return config_error(fmt::format("{} was killed by signal {}", what(), outcome->signal));
        }
        if (outcome->exit_code != 0) {
            return config_error(
                fmt::format("{} failed with exit code {}", what(), outcome->exit_code));
        }
        return decode(outcome->stdout_text);
    }

    /// Reads a string member; a wrong type is an error, absent is empty.
    Result<std::string> string_member(const nlohmann::json& object, const char* key) const {
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            return std::string{};
        }
        if (!it->is_string()) {
            return config_error(
                fmt::format("{} returned an ExecCredential whose {} is not a string", what(), key));
        }
        return it->get<std::string>();
    }

    Result<ExecCredential> decode(const std::string& output) const {
        const nlohmann::json doc = parse_json(output);
        if (doc.is_discarded() || !doc.is_object()) {
            return config_error(
                fmt::format("{} did not print an ExecCredential JSON object", what()));
        }
        auto api_version = string_member(doc, "apiVersion");
        if (!api_version) {
            return api_version.error();
        }
        if (*api_version != config_.api_version) {
            return config_error(
                fmt::format("{} returned apiVersion \"{}\", but the kubeconfig "
                            "asks for \"{}\"",
                            what(), *api_version, config_.api_version));
        }
        auto kind = string_member(doc, "kind");
        if (!kind) {
            return kind.error();
        }
        if (*kind != "ExecCredential") {
            return config_error(
                fmt::format("{} returned kind \"{}\" instead of ExecCredential", what(), *kind));
        }
        const auto status = doc.find("status");
        if (status == doc.end() || !status->is_object()) {
            return config_error(
                fmt::format("{} returned an ExecCredential without status", what()));
        }
        ExecCredential cred;
        for (auto [key, target] : {std::pair<const char*, std::string*>{"token", &cred.token},
                                   {"clientCertificateData", &cred.cert_pem},
                                   {"clientKeyData", &cred.key_pem}}) {
            auto value = string_member(*status, key);
            if (!value) {
                return value.error();
            }
            *target = std::move(*value);
        }
        if (cred.token.empty() && cred.cert_pem.empty() && cred.key_pem.empty()) {
            return config_error(
                fmt::format("{} returned neither a token nor a client certificate", what()));
        }
        if (cred.cert_pem.empty() != cred.key_pem.empty()) {
            return config_error(
                fmt::format("{} returned {} without {}", what(),
                            cred.cert_pem.empty() ? "clientKeyData" : "clientCertificateData",
                            cred.cert_pem.empty() ? "clientCertificateData" : "clientKeyData"));
        }
        auto expiry = string_member(*status, "expirationTimestamp");
        if (!expiry) {
            return expiry.error();
        }
        if (!expiry->empty()) {
            const auto seconds = parse_rfc3339(*expiry);
            if (!seconds) {
                return config_error(fmt::format(
                    "{} returned expirationTimestamp \"{}\", which is not an RFC 3339 time", what(),
                    *expiry));
            }
            cred.expiry = SystemClock::time_point(std::chrono::seconds(*seconds));
        }
        return cred;
    }

    ExecConfig config_;
    std::string user_label_;
    KubeAuthOptions options_;
    nlohmann::json cluster_json_;
    std::optional<ExecCredential> cached_;
    std::optional<Error> failed_;
};

/// kubectl's credential precedence for one user stanza, plus the exec plugin as a fallback.
class StanzaAuth : public KubeAuth {
  public:
    StanzaAuth(const KubeUser& user, const KubeCluster& cluster, KubeAuthOptions options)
        : token_(user.token),
          token_file_(user.token.empty() ? user.token_file : std::string{}),
          username_(user.username),
          password_(user.password),
          options_(std::move(options)) {
        if (!user.client_cert_pem.empty() && !user.client_key_pem.empty()) {
            cert_pem_ = user.client_cert_pem;
            key_pem_ = user.client_key_pem;
        }
        if (user.auth_provider) {
            const auto& config = user.auth_provider->config;
            const auto it = config.find("id-token");
            oidc_ = it != config.end() && !token_.empty() && it->second == token_;
        }
        const bool has_static = !token_.empty() || !token_file_.empty() || !username_.empty() ||
                                !password_.empty() || !cert_pem_.empty();
        if (user.exec && !has_static) {
            exec_.emplace(*user.exec, cluster,
                          fmt::format("{}: user \"{}\"", user.origin, user.name), options_);
        }
    }

    Status authorize(HttpRequest& request) override {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!cert_pem_.empty()) {
            request.tls.client_cert_pem = cert_pem_;
            request.tls.client_key_pem = key_pem_;
        }
        if (!token_.empty()) {
            request.bearer_token = token_;
        } else if (!token_file_.empty()) {
            auto token = file_token();
            if (!token) {
                return token.error();
            }
            request.bearer_token = std::move(*token);
        }
        if (!username_.empty() || !password_.empty()) {
            request.basic_user = username_;
            request.basic_password = password_;
        }
        if (exec_) {
            auto cred = exec_->get();
            if (!cred) {
                return cred.error();
            }
            if (!cred->token.empty()) {
                request.bearer_token = cred->token;
            }
            if (!cred->cert_pem.empty()) {
                request.tls.client_cert_pem = cred->cert_pem;
                request.tls.client_key_pem = cred->key_pem;
            }
        }
        return ok_status();
    }

    bool invalidate() override {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (exec_) {
            exec_->forget();
            return true;
        }
        if (!token_file_.empty()) {
            file_token_read_at_.reset();  // the token may have been rotated since we read it
            return true;
        }
        return false;
    }

    std::string describe() const override {
        std::vector<std::string> parts;
        if (!token_.empty()) {
            parts.emplace_back(oidc_ ? "oidc id-token" : "token");
        } else if (!token_file_.empty()) {
            parts.push_back("token file " + token_file_);
        }
        if (!username_.empty() || !password_.empty()) {
            parts.emplace_back("basic auth");
        }
        if (!cert_pem_.empty()) {
            parts.emplace_back("client certificate");
        }
        if (exec_) {
            parts.push_back("exec plugin " + exec_->command());
        }
        if (parts.empty()) {
            return "none";
        }
        std::string out;
        for (const auto& p : parts) {
            out += (out.empty() ? "" : " + ") + p;
        }
        return out;
    }

  private:
    Result<std::string> file_token() {
        const auto now = options_.now();
        if (file_token_read_at_ && now - *file_token_read_at_ < options_.token_file_refresh) {
            return file_token_;
        }
        auto text = ki::read_file(token_file_);
        std::string token = text ? trim(*text) : std::string{};
        if (token.empty()) {
            // client-go keeps using the previous token when a re-read fails.
            if (!file_token_.empty()) {
                return file_token_;
            }
            return config_error(text ? fmt::format("token file {} is empty", token_file_)
                                     : fmt::format("cannot read token file {}: {}", token_file_,
                                                   text.error().message));
        }
        file_token_ = std::move(token);
        file_token_read_at_ = now;
        return file_token_;
    }

    std::mutex mutex_;
    std::string token_;
    std::string token_file_;
    std::string username_;
    std::string password_;
    std::string cert_pem_;
    std::string key_pem_;
    bool oidc_ = false;
    KubeAuthOptions options_;
    std::optional<ExecPlugin> exec_;
    std::string file_token_;
    std::optional<SystemClock::time_point> file_token_read_at_;
};

}  // namespace

std::shared_ptr<KubeAuth> make_kube_auth(const KubeUser& user, const KubeCluster& cluster,
                                         KubeAuthOptions options) {
    if (!options.now) {
        options.now = [] { return SystemClock::now(); };
    }
    if (!options.stdin_is_terminal) {
        options.stdin_is_terminal = [] { return ::isatty(STDIN_FILENO) == 1; };
    }
    return std::make_shared<StanzaAuth>(user, cluster, std::move(options));
}

}  // namespace preview
