#include <chrono>
#include <cstdlib>
#include <string>

#include "unit/io/test_kubeconfig_support.hpp"
#include <doctest/doctest.h>

#include "preview/core/time.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {
namespace {

const std::string kV1 = "client.authentication.k8s.io/v1";
const std::string kV1beta1 = "client.authentication.k8s.io/v1beta1";

/// A plugin script that records each run, optionally checks things, and prints `output`.
std::string write_plugin(const test::TempDir& dir, const std::string& name,
                         const std::string& output, const std::string& checks = "") {
    return dir.script("bin/" + name, "echo run >> '" + (dir / ("runs-" + name)) + "'\n" + checks +
                                         "cat <<'JSON'\n" + output + "\nJSON\n");
}

/// How often the plugin `name` ran.
int runs(const test::TempDir& dir, const std::string& name) {
    const std::string text = test::slurp(dir / ("runs-" + name));
    int n = 0;
    for (char c : text) {
        n += c == '\n' ? 1 : 0;
    }
    return n;
}

/// A check that fails the plugin (exit 9) unless KUBERNETES_EXEC_INFO is exactly `expected`.
std::string expect_exec_info(const test::TempDir& dir, const std::string& expected) {
    const std::string file = dir.write("expected-info", expected);
    return "if [ \"$KUBERNETES_EXEC_INFO\" != \"$(cat '" + file +
           "')\" ]; then echo \"unexpected KUBERNETES_EXEC_INFO: $KUBERNETES_EXEC_INFO\" >&2; "
           "exit 9; fi\n";
}

std::string token_output(const std::string& api_version, const std::string& token,
                         const std::string& expiry = "") {
    return R"({"apiVersion":")" + api_version + R"(","kind":"ExecCredential","status":{"token":")" +
           token + "\"" + (expiry.empty() ? "" : R"(,"expirationTimestamp":")" + expiry + "\"") +
           "}}";
}

KubeUser exec_user(const std::string& command, const std::string& api_version,
                   const std::string& mode = "Never") {
    KubeUser user;
    user.name = "u";
    user.origin = "/k/config";
    ExecConfig exec;
    exec.api_version = api_version;
    exec.command = command;
    exec.interactive_mode = mode;
    user.exec = exec;
    return user;
}

KubeAuthOptions no_terminal() {
    KubeAuthOptions options;
    options.stdin_is_terminal = [] { return false; };
    return options;
}

Result<HttpRequest> authorize(KubeAuth& auth) {
    HttpRequest request;
    if (auto st = auth.authorize(request); !st) {
        return st.error();
    }
    return request;
}

std::chrono::system_clock::time_point at(const char* rfc3339) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(*parse_rfc3339(rfc3339)));
}

}  // namespace

TEST_SUITE("io::kubeconfig exec") {
    TEST_CASE("v1 token plugin end to end: env, cluster info, cached without expiry") {
        test::TempDir dir;
        ::setenv("PREVIEW_EXEC_TEST_PARENT", "inherited", 1);
        const std::string expected_info =
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":{"certificate-authority-data":"Q0EgUEVN","config":{"enabled":true,"n":3,"region":"eu"},"server":"https://k8s.example.com:6443/","tls-server-name":"api.internal"},"interactive":false}})";
        write_plugin(dir, "get-token", token_output(kV1, "exec-token"),
                     expect_exec_info(dir, expected_info) +
                         "[ \"$PLUGIN_SETTING\" = 'from kubeconfig' ] || exit 8\n"
                         "[ \"$PREVIEW_EXEC_TEST_PARENT\" = inherited ] || exit 7\n"
                         "[ \"$1\" = --cluster ] && [ \"$2\" = 'c 1' ] || exit 6\n");
        const std::string kubeconfig = dir.write("kube/config", R"(
current-context: ctx
clusters:
- name: c1
  cluster:
    server: https://k8s.example.com:6443/
    certificate-authority-data: Q0EgUEVN
    tls-server-name: api.internal
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {region: eu, n: 3, enabled: true}
contexts:
- name: ctx
  context: {cluster: c1, user: u1}
users:
- name: u1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ../bin/get-token
      args: ["--cluster", "c 1"]
      env:
      - name: PLUGIN_SETTING
        value: from kubeconfig
      interactiveMode: Never
      provideClusterInfo: true
)");
        KubeconfigSource source;
        source.explicit_path = kubeconfig;
        auto config = load_kubeconfig(source);
        REQUIRE(config.ok());
        auto endpoint = resolve_endpoint(*config, "", nullptr);
        REQUIRE(endpoint.ok());
        CHECK(endpoint->auth->describe() == "exec plugin " + (dir / "bin/get-token"));

        for (int i = 0; i < 3; ++i) {
            auto request = endpoint->request("GET", "/api");
            REQUIRE_MESSAGE(request.ok(), request.error().message);
            CHECK(request->bearer_token == "exec-token");
        }
        CHECK(runs(dir, "get-token") == 1);  // no expirationTimestamp: cached for good

        CHECK(endpoint->auth->invalidate());  // after a 401
        REQUIRE(endpoint->request("GET", "/api").ok());
        CHECK(runs(dir, "get-token") == 2);
        ::unsetenv("PREVIEW_EXEC_TEST_PARENT");
    }

    TEST_CASE("v1beta1 client certificate plugin; interactiveMode defaults to IfAvailable") {
        test::TempDir dir;
        const std::string plugin = write_plugin(
            dir, "cert",
            R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n","clientKeyData":"-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----\n"}})",
            expect_exec_info(
                dir,
                R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}})"));
        auto config = parse_kubeconfig("users:\n- name: u\n  user:\n    exec:\n      apiVersion: " +
                                           kV1beta1 + "\n      command: " + plugin + "\n",
                                       dir / "config");
        REQUIRE(config.ok());
        const KubeUser& user = config->users.at("u");
        CHECK(user.exec->interactive_mode == "IfAvailable");

        auto auth = make_kube_auth(user, KubeCluster{}, no_terminal());
        auto request = authorize(*auth);
        REQUIRE_MESSAGE(request.ok(), request.error().message);
        CHECK(request->bearer_token.empty());
        CHECK(request->tls.client_cert_pem ==
              "-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n");
        CHECK(request->tls.client_key_pem ==
              "-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----\n");
    }

    TEST_CASE("IfAvailable with a terminal tells the plugin it is interactive") {
        test::TempDir dir;
        const std::string plugin = write_plugin(
            dir, "tty", token_output(kV1, "t"),
            expect_exec_info(
                dir,
                R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}})"));
        KubeAuthOptions options;
        options.stdin_is_terminal = [] { return true; };
        auto auth = make_kube_auth(exec_user(plugin, kV1, "IfAvailable"), KubeCluster{}, options);
        auto request = authorize(*auth);
        REQUIRE_MESSAGE(request.ok(), request.error().message);
        CHECK(request->bearer_token == "t");
    }

    TEST_CASE("credentials are cached until expirationTimestamp, then the plugin runs again") {
        test::TempDir dir;
        const std::string plugin =
            write_plugin(dir, "expiring", token_output(kV1, "short-lived", "2030-01-01T00:00:00Z"));
        auto now = at("2029-12-31T23:59:00Z");
        KubeAuthOptions options = no_terminal();
        options.now = [&now] { return now; };
        auto auth = make_kube_auth(exec_user(plugin, kV1), KubeCluster{}, options);

        REQUIRE(authorize(*auth).ok());
        REQUIRE(authorize(*auth).ok());
        CHECK(runs(dir, "expiring") == 1);
        now = at("2030-01-01T00:00:00Z");  // client-go: expired only once now is after it
        REQUIRE(authorize(*auth).ok());
        CHECK(runs(dir, "expiring") == 1);
        now += std::chrono::seconds(1);
        auto request = authorize(*auth);
        REQUIRE(request.ok());
        CHECK(request->bearer_token == "short-lived");
        CHECK(runs(dir, "expiring") == 2);
    }

    TEST_CASE("the plugin does not see our GitHub tokens unless the kubeconfig hands one over") {
        test::TempDir dir;
        const std::vector<std::pair<const char*, const char*>> tokens = {
            {"GH_TOKEN", "ghp_gh"},
            {"GITHUB_TOKEN", "ghp_github"},
            {"GH_ENTERPRISE_TOKEN", "ghp_ghe"},
            {"GITHUB_ENTERPRISE_TOKEN", "ghp_githube"}};
        for (const auto& [name, value] : tokens) {
            ::setenv(name, value, 1);
        }
        ::setenv("PREVIEW_EXEC_TEST_OTHER", "inherited", 1);
        const std::string plugin = write_plugin(
            dir, "no-gh", token_output(kV1, "t"),
            "[ -z \"${GH_TOKEN+x}${GH_ENTERPRISE_TOKEN+x}${GITHUB_ENTERPRISE_TOKEN+x}\" ] || "
            "exit 5\n"
            "[ \"$GITHUB_TOKEN\" = from-kubeconfig ] || exit 6\n"
            "[ \"$PREVIEW_EXEC_TEST_OTHER\" = inherited ] || exit 7\n");
        KubeUser user = exec_user(plugin, kV1);
        user.exec->env = {{"GITHUB_TOKEN", "from-kubeconfig"}};
        auto auth = make_kube_auth(user, KubeCluster{}, no_terminal());
        auto request = authorize(*auth);
        for (const auto& [name, value] : tokens) {
            ::unsetenv(name);
        }
        ::unsetenv("PREVIEW_EXEC_TEST_OTHER");
        REQUIRE_MESSAGE(request.ok(), request.error().message);
        CHECK(request->bearer_token == "t");
    }

    TEST_CASE("exec runs only when the user stanza has no other credentials") {
        test::TempDir dir;
        const std::string plugin = write_plugin(dir, "unused", token_output(kV1, "from-exec"));
        KubeUser user = exec_user(plugin, kV1);
        user.token = "static";
        auto auth = make_kube_auth(user, KubeCluster{}, no_terminal());
        auto request = authorize(*auth);
        REQUIRE(request.ok());
        CHECK(request->bearer_token == "static");
        CHECK(auth->describe() == "token");
        CHECK(runs(dir, "unused") == 0);
    }

    TEST_CASE("plugin failures are configuration errors naming the plugin") {
        test::TempDir dir;
        const std::string who = "/k/config: user \"u\": exec plugin \"";
        auto error_of = [&](const std::string& command, const std::string& api_version = kV1,
                            KubeAuthOptions options = no_terminal(),
                            const std::string& mode = "Never") {
            auto auth =
                make_kube_auth(exec_user(command, api_version, mode), KubeCluster{}, options);
            auto request = authorize(*auth);
            REQUIRE_FALSE(request.ok());
            CHECK(request.error().kind == ErrorKind::config);
            return request.error();
        };

        SUBCASE("apiVersion mismatch") {
            const std::string plugin = write_plugin(dir, "beta", token_output(kV1beta1, "t"));
            CHECK(error_of(plugin).message == who + plugin + "\" returned apiVersion \"" +
                                                  kV1beta1 + "\", but the kubeconfig asks for \"" +
                                                  kV1 + "\"");
        }
        SUBCASE("non-zero exit") {
            const std::string plugin = dir.script("bin/fails", "exit 3\n");
            CHECK(error_of(plugin).message == who + plugin + "\" failed with exit code 3");
        }
        SUBCASE("not found: the installHint becomes the hint, without escape sequences") {
            KubeUser user = exec_user("preview-no-such-plugin-4711", kV1);
            user.exec->install_hint = "\x1b[1mInstall it\x1b[0m with:\n  brew install thing\n";
            auto auth = make_kube_auth(user, KubeCluster{}, no_terminal());
            auto request = authorize(*auth);
            REQUIRE_FALSE(request.ok());
            CHECK(request.error().kind == ErrorKind::config);
            CHECK(request.error().message ==
                  who + "preview-no-such-plugin-4711\" was not found in PATH");
            CHECK(request.error().hint == "Install it with:\n  brew install thing");
        }
        SUBCASE("interactiveMode Always without a terminal; the plugin never runs") {
            const std::string plugin = write_plugin(dir, "always", token_output(kV1, "t"));
            const Error error = error_of(plugin, kV1, no_terminal(), "Always");
            CHECK(error.message == who + plugin +
                                       "\" needs a terminal (interactiveMode: Always), but "
                                       "standard input is not a terminal");
            CHECK(runs(dir, "always") == 0);
        }
        SUBCASE("output that is not an ExecCredential") {
            CHECK(error_of(dir.script("bin/text", "echo hello\n")).message ==
                  who + (dir / "bin/text") + "\" did not print an ExecCredential JSON object");
            const std::string no_status = write_plugin(
                dir, "nostatus",
                R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})");
            CHECK(error_of(no_status).message ==
                  who + no_status + "\" returned an ExecCredential without status");
            const std::string empty = write_plugin(
                dir, "empty",
                R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})");
            CHECK(error_of(empty).message ==
                  who + empty + "\" returned neither a token nor a client certificate");
            const std::string half = write_plugin(
                dir, "half",
                R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"C"}})");
            CHECK(error_of(half).message ==
                  who + half + "\" returned clientCertificateData without clientKeyData");
            const std::string bad_time =
                write_plugin(dir, "badtime", token_output(kV1, "secret-value", "tomorrow"));
            const std::string message = error_of(bad_time).message;
            CHECK(message == who + bad_time +
                                 "\" returned expirationTimestamp \"tomorrow\", which is not an "
                                 "RFC 3339 time");
            CHECK(message.find("secret-value") == std::string::npos);
        }
    }
}

}  // namespace preview
