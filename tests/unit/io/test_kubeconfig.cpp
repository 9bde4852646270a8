#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "unit/io/test_kubeconfig_support.hpp"
#include <doctest/doctest.h>

#include "preview/core/base64.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {
namespace {

const std::string kFixtures = std::string(PREVIEW_TEST_DIR) + "/fixtures/kubeconfig";

Kubeconfig parse_ok(const std::string& yaml, const std::string& origin = "/x/config") {
    auto parsed = parse_kubeconfig(yaml, origin);
    if (!parsed) {
        FAIL("unexpected error: " << parsed.error().message);
    }
    return std::move(parsed).value();
}

std::string parse_error(const std::string& yaml, const std::string& origin = "/x/config") {
    auto parsed = parse_kubeconfig(yaml, origin);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == ErrorKind::config);
    return parsed.error().message;
}

/// A one-context kubeconfig: `cluster` and `user` are the indented bodies of the stanzas.
std::string single(const std::string& cluster, const std::string& user,
                   const std::string& context_extra = "") {
    return "current-context: ctx\n"
           "clusters:\n- name: c1\n  cluster:\n" +
           cluster + "contexts:\n- name: ctx\n  context:\n    cluster: c1\n    user: u1\n" +
           context_extra + "users:\n- name: u1\n  user:\n" + user;
}

Result<KubeEndpoint> resolve(const Kubeconfig& config, const std::string& context = "",
                             std::vector<std::string>* warnings = nullptr) {
    return resolve_endpoint(config, context, [warnings](const std::string& w) {
        if (warnings != nullptr) {
            warnings->push_back(w);
        }
    });
}

std::string resolve_error(const Kubeconfig& config, const std::string& context = "") {
    auto endpoint = resolve(config, context);
    REQUIRE_FALSE(endpoint.ok());
    CHECK(endpoint.error().kind == ErrorKind::config);
    return endpoint.error().message;
}

const std::string kServer = "    server: https://k8s.example.com:6443\n";
const std::string kToken = "    token: s3cr3t-token\n";

}  // namespace

TEST_SUITE("io::kubeconfig") {
    TEST_CASE(
        "KUBECONFIG: first file wins each whole entry, duplicates and missing files skipped") {
        const std::string first = kFixtures + "/merge/first/config";
        const std::string second = kFixtures + "/merge/second/config";
        KubeconfigSource source;
        source.env_kubeconfig = ":" + first + ":/nonexistent/config:" + second + ":" + first + ":";
        source.home = "/nonexistent-home";
        auto loaded = load_kubeconfig(source);
        REQUIRE(loaded.ok());
        const Kubeconfig& config = *loaded;
        CHECK(config.files == std::vector<std::string>{first, second});
        CHECK(config.current_context == "prod");  // the first file's is empty

        CHECK(config.contexts.at("dev").cluster == "shared");  // first file's dev
        CHECK(config.contexts.at("dev").origin == first);
        CHECK(config.contexts.at("prod").origin == second);

        const KubeCluster& shared = config.clusters.at("shared");
        CHECK(shared.server == "https://first.example.com:6443/");
        CHECK_FALSE(shared.insecure_skip_tls_verify);  // no field-level merge
        CHECK(shared.proxy_url.empty());
        CHECK(shared.ca_file == kFixtures + "/merge/first/ca.pem");

        const KubeUser& alice = config.users.at("alice");
        CHECK(alice.token.empty());  // second file's token is discarded with its entry
        CHECK(alice.client_cert_file == kFixtures + "/merge/first/certs/alice.crt");
        CHECK(alice.client_key_file == kFixtures + "/merge/first/certs/alice.key");

        const KubeUser& bob = config.users.at("bob");
        CHECK(bob.token_file == kFixtures + "/merge/second/secrets/bob.token");
        REQUIRE(bob.exec.has_value());
        CHECK(bob.exec->command == kFixtures + "/merge/second/bin/plugin");
        CHECK(bob.exec->interactive_mode == "IfAvailable");  // v1beta1 default
    }

    TEST_CASE("the merged fixture resolves with files read relative to their own kubeconfig") {
        KubeconfigSource source;
        source.env_kubeconfig =
            kFixtures + "/merge/first/config:" + kFixtures + "/merge/second/config";
        auto config = load_kubeconfig(source);
        REQUIRE(config.ok());

        auto dev = resolve(*config, "dev");
        REQUIRE(dev.ok());
        CHECK(dev->server == "https://first.example.com:6443");
        CHECK(dev->default_namespace == "team-a");
        CHECK(dev->tls.ca_pem.find("Zmlyc3QtY2E=") != std::string::npos);
        CHECK(dev->tls.client_cert_pem.find("YWxpY2U=") != std::string::npos);
        CHECK(dev->tls.client_key_pem.find("YWxpY2Uta2V5") != std::string::npos);
        CHECK(dev->auth->describe() == "client certificate");

        auto prod = resolve(*config);  // current-context
        REQUIRE(prod.ok());
        CHECK(prod->context == "prod");
        CHECK(prod->server == "https://edge.example.com/prefix");
        CHECK(prod->default_namespace == "default");
        // tokenFile present: the exec plugin (which does not exist) is never consulted.
        auto request = prod->request("GET", "/api/v1/namespaces");
        REQUIRE(request.ok());
        CHECK(request->url == "https://edge.example.com/prefix/api/v1/namespaces");
        CHECK(request->bearer_token == "bob-token");
    }

    TEST_CASE("first non-empty current-context wins") {
        Kubeconfig a = parse_ok("current-context: \"\"\n", "/a");
        Kubeconfig b = parse_ok("current-context: from-b\n", "/b");
        Kubeconfig c = parse_ok("current-context: from-c\n", "/c");
        CHECK(merge_kubeconfigs({a, b, c}).current_context == "from-b");
        CHECK(merge_kubeconfigs({c, b}).current_context == "from-c");
        CHECK(merge_kubeconfigs({a, b, c}).files == std::vector<std::string>{"/a", "/b", "/c"});
    }

    TEST_CASE("explicit path: only that file, and it must exist") {
        test::TempDir dir;
        const std::string only = dir.write("only.yaml", single(kServer, kToken));
        const std::string other = dir.write("other.yaml", "current-context: other\n");
        KubeconfigSource source;
        source.explicit_path = only;
        source.env_kubeconfig = other;
        auto config = load_kubeconfig(source);
        REQUIRE(config.ok());
        CHECK(config->files == std::vector<std::string>{only});
        CHECK(config->current_context == "ctx");

        source.explicit_path = dir / "missing.yaml";
        source.service_host = "10.0.0.1";  // no fallback to in-cluster either
        source.service_port = "443";
        auto missing = load_kubeconfig(source);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().kind == ErrorKind::config);
        CHECK(missing.error().message ==
              "kubeconfig " + (dir / "missing.yaml") + " (given with --kubeconfig) does not exist");
    }

    TEST_CASE("$HOME/.kube/config when KUBECONFIG is unset") {
        test::TempDir home;
        home.write(".kube/config", single(kServer, kToken));
        KubeconfigSource source;
        source.home = home.path();
        auto config = load_kubeconfig(source);
        REQUIRE(config.ok());
        CHECK(config->files == std::vector<std::string>{home / ".kube/config"});
    }

    TEST_CASE("nothing to load and no cluster environment is an error naming what was tried") {
        KubeconfigSource source;
        source.home = "/nonexistent-home";
        auto none = load_kubeconfig(source);
        REQUIRE_FALSE(none.ok());
        CHECK(none.error().kind == ErrorKind::config);
        CHECK(none.error().message ==
              "no kubeconfig found: /nonexistent-home/.kube/config does not exist, and not running "
              "in a cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)");
        CHECK_FALSE(none.error().hint.empty());

        source.env_kubeconfig = "/nope/a:/nope/b";
        auto all_missing = load_kubeconfig(source);
        REQUIRE_FALSE(all_missing.ok());
        CHECK(all_missing.error().message.find(
                  "none of the KUBECONFIG files exist (/nope/a, /nope/b)") != std::string::npos);
    }

    TEST_CASE("unreadable and malformed files name the file and the line") {
        test::TempDir dir;
        KubeconfigSource source;
        source.env_kubeconfig = dir.write("bad", "clusters:\n- name: a\n  cluster: {server: [\n");
        auto loaded = load_kubeconfig(source);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().message.rfind(dir / "bad" + ": malformed YAML at line ", 0) == 0);

        CHECK(parse_error("users:\n  - name: a\n    user: {token: x}\n   bad: indent\n") ==
              "/x/config: malformed YAML at line 4, column 4: end of sequence not found");

        source.env_kubeconfig = dir.path();  // a directory
        auto unreadable = load_kubeconfig(source);
        REQUIRE_FALSE(unreadable.ok());
        CHECK(unreadable.error().message ==
              "cannot read kubeconfig " + dir.path() + ": is a directory");
    }

    TEST_CASE("wrong shapes name the entry, the field and the line") {
        CHECK(parse_error("- a\n- b\n") ==
              "/x/config: not a kubeconfig: the document is not a mapping (line 1)");
        CHECK(parse_error("clusters: {a: b}\n") == "/x/config: clusters must be a list (line 1)");
        CHECK(parse_error(
                  "clusters:\n- name: prod\n  cluster:\n    insecure-skip-tls-verify: maybe\n") ==
              "/x/config: clusters[0] \"prod\": insecure-skip-tls-verify must be true or false "
              "(line 4)");
        CHECK(parse_error("users:\n- name: u\n  user:\n    token: [a]\n") ==
              "/x/config: users[0] \"u\": token must be a string (line 4)");
        CHECK(parse_error("contexts:\n- name: a\n  context: {}\n- name: a\n  context: {}\n") ==
              "/x/config: contexts[1] \"a\": the name is defined more than once in this file");
        CHECK(parse_error("users:\n- name: u\n  user:\n    exec:\n      env: {A: b}\n") ==
              "/x/config: users[0] \"u\": exec: env must be a list of name/value pairs (line 5)");
    }

    TEST_CASE("*-data fields are base64; invalid data names the field, never the value") {
        const std::string yaml =
            "users:\n- name: ok\n  user: {}\n- name: admin\n  user:\n"
            "    client-key-data: \"not*base64-secret\"\n";
        const std::string message = parse_error(yaml);
        CHECK(message ==
              "/x/config: users[1] \"admin\": client-key-data is not valid base64 (line 6)");
        CHECK(message.find("secret") == std::string::npos);

        CHECK(parse_error(
                  "clusters:\n- name: c\n  cluster:\n    certificate-authority-data: \"@@\"\n") ==
              "/x/config: clusters[0] \"c\": certificate-authority-data is not valid base64 (line "
              "4)");

        Kubeconfig config =
            parse_ok("clusters:\n- name: c\n  cluster:\n    certificate-authority-data: " +
                     base64_encode("CA PEM") +
                     "\nusers:\n- name: u\n  user:\n    client-certificate-data: " +
                     base64_encode("CERT PEM") +
                     "\n    client-key-data: " + base64_encode("KEY PEM") + "\n");
        CHECK(config.clusters.at("c").ca_pem == "CA PEM");
        CHECK(config.users.at("u").client_cert_pem == "CERT PEM");
        CHECK(config.users.at("u").client_key_pem == "KEY PEM");
    }

    TEST_CASE("*-data wins over the file variant, whose file is then not read") {
        test::TempDir dir;
        const std::string yaml = single(
            kServer +
                "    certificate-authority: missing-ca.pem\n    certificate-authority-data: " +
                base64_encode("DATA CA") + "\n",
            "    client-certificate: missing.crt\n    client-certificate-data: " +
                base64_encode("DATA CERT") +
                "\n    client-key: missing.key\n    client-key-data: " + base64_encode("DATA KEY") +
                "\n");
        Kubeconfig config = parse_ok(yaml, dir / "config");
        CHECK(config.clusters.at("c1").ca_file == dir / "missing-ca.pem");
        auto endpoint = resolve(config);
        REQUIRE(endpoint.ok());
        CHECK(endpoint->tls.ca_pem == "DATA CA");
        CHECK(endpoint->tls.client_cert_pem == "DATA CERT");
        CHECK(endpoint->tls.client_key_pem == "DATA KEY");
    }

    TEST_CASE("relative paths resolve against the defining file; bare exec commands do not") {
        Kubeconfig config = parse_ok(
            "clusters:\n- name: c\n  cluster:\n    certificate-authority: ../pki/ca.crt\n"
            "users:\n"
            "- name: files\n  user:\n    client-certificate: u.crt\n    client-key: ./keys/u.key\n"
            "    tokenFile: /abs/token\n"
            "- name: relexec\n  user:\n    exec:\n      command: bin/get-token\n"
            "- name: bareexec\n  user:\n    exec:\n      command: aws\n",
            "/home/me/.kube/config");
        CHECK(config.clusters.at("c").ca_file == "/home/me/pki/ca.crt");
        CHECK(config.users.at("files").client_cert_file == "/home/me/.kube/u.crt");
        CHECK(config.users.at("files").client_key_file == "/home/me/.kube/keys/u.key");
        CHECK(config.users.at("files").token_file == "/abs/token");
        CHECK(config.users.at("relexec").exec->command == "/home/me/.kube/bin/get-token");
        CHECK(config.users.at("bareexec").exec->command == "aws");
    }

    TEST_CASE("context selection errors name the files, the context and the field") {
        Kubeconfig config = parse_ok(single(kServer, kToken), "/root/.kube/config");
        config.contexts["b"] = KubeContext{"b", "/root/.kube/config", "c1", "u1", ""};

        CHECK(resolve_error(config, "staging") ==
              "context \"staging\" not found in /root/.kube/config (known contexts: b, ctx)");
        config.current_context = "gone";
        CHECK(resolve_error(config) ==
              "context \"gone\" (the current-context) not found in "
              "/root/.kube/config (known contexts: b, ctx)");
        config.current_context.clear();
        auto none = resolve(config);
        REQUIRE_FALSE(none.ok());
        CHECK(none.error().message ==
              "no context selected: current-context is not set in "
              "/root/.kube/config (known contexts: b, ctx)");
        CHECK(none.error().hint.find("--context") != std::string::npos);

        Kubeconfig empty = parse_ok("", "/e/config");
        CHECK(resolve_error(empty, "x") ==
              "context \"x\" not found in /e/config (known contexts: none are defined)");
    }

    TEST_CASE("context, cluster and user validation") {
        const std::string file = "/k/config";
        SUBCASE("cluster and user must be set and defined") {
            Kubeconfig config = parse_ok(
                "contexts:\n- name: a\n  context: {user: u}\n- name: b\n  context: {cluster: c}\n"
                "- name: c\n  context: {cluster: nope, user: u}\n- name: d\n  context: {cluster: "
                "c, user: nope}\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- "
                "name: u\n  user: {}\n",
                file);
            CHECK(resolve_error(config, "a") == "/k/config: context \"a\": cluster is not set");
            CHECK(resolve_error(config, "b") == "/k/config: context \"b\": user is not set");
            CHECK(resolve_error(config, "c") ==
                  "/k/config: context \"c\": cluster \"nope\" not "
                  "found in /k/config (known clusters: c)");
            CHECK(resolve_error(config, "d") ==
                  "/k/config: context \"d\": user \"nope\" not found "
                  "in /k/config (known users: u)");
        }
        SUBCASE("namespace must be a DNS label") {
            Kubeconfig config = parse_ok(single(kServer, kToken, "    namespace: Team_A\n"), file);
            CHECK(resolve_error(config) ==
                  "/k/config: context \"ctx\": namespace \"Team_A\" is not a valid namespace name "
                  "(lower-case letters, digits and '-', at most 63)");
        }
        SUBCASE("server must be set and be http(s)") {
            CHECK(resolve_error(parse_ok(single("    tls-server-name: x\n", kToken), file)) ==
                  "/k/config: cluster \"c1\" (context \"ctx\"): server is not set");
            CHECK(
                resolve_error(parse_ok(single("    server: ftp://x\n", kToken), file)) ==
                "/k/config: cluster \"c1\" (context \"ctx\"): server is not a valid http or https "
                "URL");
        }
        SUBCASE("certificate authority and insecure-skip-tls-verify exclude each other") {
            CHECK(resolve_error(parse_ok(
                      single(kServer + "    certificate-authority-data: " + base64_encode("x") +
                                 "\n    insecure-skip-tls-verify: true\n",
                             kToken),
                      file)) ==
                  "/k/config: cluster \"c1\" (context \"ctx\"): certificate-authority-data and "
                  "insecure-skip-tls-verify cannot both be set");
            CHECK(resolve_error(parse_ok(single(kServer + "    certificate-authority: ca.pem\n"
                                                          "    insecure-skip-tls-verify: true\n",
                                                kToken),
                                         file)) ==
                  "/k/config: cluster \"c1\" (context \"ctx\"): certificate-authority and "
                  "insecure-skip-tls-verify cannot both be set");
        }
        SUBCASE("unreadable certificate-authority") {
            CHECK(resolve_error(parse_ok(
                      single(kServer + "    certificate-authority: ca.pem\n", kToken), file)) ==
                  "/k/config: cluster \"c1\" (context \"ctx\"): cannot read certificate-authority "
                  "/k/ca.pem: no such file or directory");
        }
        SUBCASE("proxy-url scheme") {
            CHECK(resolve_error(
                      parse_ok(single(kServer + "    proxy-url: ftp://p:21\n", kToken), file)) ==
                  "/k/config: cluster \"c1\" (context \"ctx\"): proxy-url scheme \"ftp\" is not "
                  "supported (use http, https or socks5)");
        }
        SUBCASE("token and basic auth exclude each other; secrets are not echoed") {
            const std::string message = resolve_error(parse_ok(
                single(kServer, kToken + "    username: admin\n    password: hunter2\n"), file));
            CHECK(message ==
                  "/k/config: user \"u1\" (context \"ctx\"): token and "
                  "username/password are both set; only one authentication method "
                  "is allowed");
            CHECK(message.find("s3cr3t") == std::string::npos);
            CHECK(message.find("hunter2") == std::string::npos);
        }
        SUBCASE("a client certificate needs its key") {
            CHECK(resolve_error(parse_ok(
                      single(kServer, "    client-certificate-data: " + base64_encode("C") + "\n"),
                      file)) ==
                  "/k/config: user \"u1\" (context \"ctx\"): client-certificate-data is set "
                  "without client-key or client-key-data");
            CHECK(
                resolve_error(parse_ok(single(kServer, "    client-certificate: u.crt\n"), file)) ==
                "/k/config: user \"u1\" (context \"ctx\"): client-certificate is set without "
                "client-key or client-key-data");
        }
        SUBCASE("unreadable client files and token files") {
            CHECK(resolve_error(parse_ok(single(kServer,
                                                "    client-certificate: u.crt\n"
                                                "    client-key: u.key\n"),
                                         file)) ==
                  "/k/config: user \"u1\" (context \"ctx\"): cannot read client-certificate "
                  "/k/u.crt: no such file or directory");
            CHECK(resolve_error(parse_ok(single(kServer, "    tokenFile: t\n"), file)) ==
                  "/k/config: user \"u1\" (context \"ctx\"): cannot read tokenFile /k/t: no such "
                  "file or directory");
        }
        SUBCASE("exec stanza") {
            auto exec_error = [&](const std::string& exec) {
                return resolve_error(parse_ok(single(kServer, "    exec:\n" + exec), file));
            };
            const std::string who = "/k/config: user \"u1\" (context \"ctx\"): ";
            CHECK(exec_error("      apiVersion: client.authentication.k8s.io/v1\n") ==
                  who + "exec.command is not set");
            CHECK(exec_error("      command: x\n") == who + "exec.apiVersion is not set");
            CHECK(exec_error("      command: x\n      apiVersion: "
                             "client.authentication.k8s.io/v1alpha1\n") ==
                  who +
                      "exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported "
                      "(use client.authentication.k8s.io/v1 or v1beta1)");
            CHECK(exec_error(
                      "      command: x\n      apiVersion: client.authentication.k8s.io/v1\n") ==
                  who +
                      "exec.interactiveMode is required with client.authentication.k8s.io/v1 "
                      "(Never, IfAvailable or Always)");
            CHECK(exec_error("      command: x\n      apiVersion: client.authentication.k8s.io/v1\n"
                             "      interactiveMode: Sometimes\n") ==
                  who +
                      "exec.interactiveMode \"Sometimes\" is not one of Never, IfAvailable or "
                      "Always");
            CHECK(exec_error("      command: x\n      apiVersion: client.authentication.k8s.io/v1\n"
                             "      interactiveMode: Never\n      env:\n      - value: v\n") ==
                  who + "exec.env[0] has no name");
        }
        SUBCASE("legacy auth-provider") {
            auto provider = [&](const std::string& body) {
                return resolve(parse_ok(single(kServer, "    auth-provider:\n" + body), file));
            };
            auto gcp = provider("      name: gcp\n");
            REQUIRE_FALSE(gcp.ok());
            CHECK(gcp.error().message ==
                  "/k/config: user \"u1\" (context \"ctx\"): auth-provider "
                  "\"gcp\" was removed from kubectl and is not supported");
            CHECK(gcp.error().hint.find("gke-gcloud-auth-plugin") != std::string::npos);

            auto oidc =
                provider("      name: oidc\n      config:\n        id-token: eyJ.id.token\n");
            REQUIRE(oidc.ok());
            CHECK(oidc->auth->describe() == "oidc id-token");
            auto request = oidc->request("GET", "/version");
            REQUIRE(request.ok());
            CHECK(request->bearer_token == "eyJ.id.token");
            CHECK_FALSE(oidc->auth->invalidate());
        }
    }

    TEST_CASE("resolve_endpoint builds server, TLS, proxy and namespace") {
        std::vector<std::string> warnings;
        Kubeconfig config = parse_ok(
            single("    server: https://[2001:db8::1]:6443/k8s/clusters/c-1//\n"
                   "    insecure-skip-tls-verify: true\n    tls-server-name: api.internal\n"
                   "    proxy-url: socks5://proxy.example:1080\n    disable-compression: true\n",
                   kToken + "    as: jane\n    as-groups: [devs, ops]\n"),
            "/k/config");
        auto endpoint = resolve(config, "", &warnings);
        REQUIRE(endpoint.ok());
        CHECK(endpoint->context == "ctx");
        CHECK(endpoint->server == "https://[2001:db8::1]:6443/k8s/clusters/c-1");
        CHECK(endpoint->tls.insecure_skip_verify);
        CHECK(endpoint->tls.server_name == "api.internal");
        CHECK(endpoint->tls.ca_pem.empty());
        CHECK(endpoint->proxy == "socks5h://proxy.example:1080");
        CHECK(endpoint->default_namespace == "default");
        CHECK(warnings ==
              std::vector<std::string>{
                  "TLS verification is disabled for cluster c1 (insecure-skip-tls-verify)"});
        CHECK(endpoint->auth->describe() == "token");

        auto request = endpoint->request("PATCH", "/apis/argoproj.io/v1alpha1/applications");
        REQUIRE(request.ok());
        CHECK(request->method == "PATCH");
        CHECK(request->url ==
              "https://[2001:db8::1]:6443/k8s/clusters/c-1/apis/argoproj.io/v1alpha1/applications");
        CHECK(request->bearer_token == "s3cr3t-token");
        CHECK(request->tls.server_name == "api.internal");
        CHECK(request->proxy == "socks5h://proxy.example:1080");
        CHECK(request->headers == std::vector<Header>{{"Accept-Encoding", "identity"},
                                                      {"Impersonate-User", "jane"},
                                                      {"Impersonate-Group", "devs"},
                                                      {"Impersonate-Group", "ops"}});
        CHECK(request->timeout == std::chrono::seconds(30));
        CHECK_FALSE(endpoint->request("GET", "api").ok());
        CHECK_FALSE(endpoint->auth->invalidate());  // a static token cannot get better

        endpoint->timeout = std::chrono::seconds(2);  // --request-timeout 2
        CHECK(endpoint->request("GET", "/api")->timeout == std::chrono::seconds(2));
    }

    TEST_CASE("a server without a scheme gets https only with TLS settings (client-go)") {
        auto plain = resolve(parse_ok(single("    server: 10.0.0.1:8080\n", kToken)));
        REQUIRE(plain.ok());
        CHECK(plain->server == "http://10.0.0.1:8080");
        auto tls = resolve(
            parse_ok(single("    server: 10.0.0.1:6443/\n    tls-server-name: k\n", kToken)));
        REQUIRE(tls.ok());
        CHECK(tls->server == "https://10.0.0.1:6443");
    }

    TEST_CASE("credentials are sent only to https servers") {
        auto endpoint =
            resolve(parse_ok(single("    server: http://127.0.0.1:8001/\n",
                                    kToken + "    client-certificate-data: " + base64_encode("C") +
                                        "\n    client-key-data: " + base64_encode("K") + "\n")));
        REQUIRE(endpoint.ok());
        CHECK(endpoint->server == "http://127.0.0.1:8001");
        auto request = endpoint->request("GET", "/api");
        REQUIRE(request.ok());
        CHECK(request->bearer_token.empty());
        CHECK(request->tls.client_cert_pem.empty());
        CHECK(request->tls.client_key_pem.empty());
        CHECK(endpoint->auth->describe() == "none");
    }

    TEST_CASE("basic auth and client certificates go on the request") {
        auto endpoint = resolve(parse_ok(single(
            kServer,
            "    username: admin\n    password: pw\n"
            "    client-certificate-data: " +
                base64_encode("CERT") + "\n    client-key-data: " + base64_encode("KEY") + "\n")));
        REQUIRE(endpoint.ok());
        auto request = endpoint->request("GET", "/api");
        REQUIRE(request.ok());
        CHECK(request->basic_user == "admin");
        CHECK(request->basic_password == "pw");
        CHECK(request->tls.client_cert_pem == "CERT");
        CHECK(request->tls.client_key_pem == "KEY");
        CHECK(endpoint->auth->describe() == "basic auth + client certificate");
    }

    TEST_CASE("tokenFile is re-read once the cached token is older than a minute") {
        test::TempDir dir;
        dir.write("token", "first\n");
        KubeUser user;
        user.name = "u";
        user.token_file = dir / "token";
        auto now = std::chrono::system_clock::time_point(std::chrono::hours(500000));
        KubeAuthOptions options;
        options.now = [&now] { return now; };
        auto auth = make_kube_auth(user, KubeCluster{}, options);
        auto token = [&] {
            HttpRequest request;
            REQUIRE(auth->authorize(request).ok());
            return request.bearer_token;
        };
        CHECK(token() == "first");
        dir.write("token", "second\n");
        now += std::chrono::seconds(59);
        CHECK(token() == "first");
        now += std::chrono::seconds(1);
        CHECK(token() == "second");

        dir.write("token", "third");
        CHECK(token() == "second");
        CHECK(auth->invalidate());  // after a 401 the file is read again right away
        CHECK(token() == "third");

        std::filesystem::remove(dir / "token");
        now += std::chrono::minutes(5);
        CHECK(token() == "third");  // a failed re-read keeps the last token (client-go)
    }

    TEST_CASE("in-cluster service account when there is no kubeconfig") {
        test::TempDir sa;
        sa.write("token", "pod-token\n");
        sa.write("ca.crt", "CLUSTER CA");
        sa.write("namespace", "preview-ns\n");
        KubeconfigSource source;
        source.home = sa / "no-home";
        source.service_host = "fd00::10";
        source.service_port = "443";
        source.service_account_dir = sa.path();

        auto config = load_kubeconfig(source);
        REQUIRE(config.ok());
        CHECK(config->in_cluster);
        CHECK(config->files.empty());
        auto endpoint = resolve(*config);
        REQUIRE(endpoint.ok());
        CHECK(endpoint->context == "in-cluster");
        CHECK(endpoint->server == "https://[fd00::10]:443");
        CHECK(endpoint->tls.ca_pem == "CLUSTER CA");
        CHECK(endpoint->default_namespace == "preview-ns");
        auto request = endpoint->request("GET", "/api");
        REQUIRE(request.ok());
        CHECK(request->bearer_token == "pod-token");
        CHECK(endpoint->auth->describe() == "token file " + (sa / "token"));

        SUBCASE("POD_NAMESPACE wins over the namespace file; IPv4 hosts stay bare") {
            source.pod_namespace = "from-env";
            source.service_host = "10.96.0.1";
            auto other = load_kubeconfig(source);
            REQUIRE(other.ok());
            auto e = resolve(*other);
            REQUIRE(e.ok());
            CHECK(e->default_namespace == "from-env");
            CHECK(e->server == "https://10.96.0.1:443");
        }
        SUBCASE("an existing but empty kubeconfig still falls back (client-go)") {
            source.env_kubeconfig = sa.write("empty-config", "");
            auto fallback = load_kubeconfig(source);
            REQUIRE(fallback.ok());
            CHECK(fallback->in_cluster);
        }
        SUBCASE("a kubeconfig with content wins") {
            source.env_kubeconfig = sa.write("config", single(kServer, kToken));
            auto file = load_kubeconfig(source);
            REQUIRE(file.ok());
            CHECK_FALSE(file->in_cluster);
        }
        SUBCASE("without the token file there is no in-cluster config") {
            std::filesystem::remove(sa / "token");
            auto missing = load_kubeconfig(source);
            REQUIRE_FALSE(missing.ok());
            CHECK(missing.error().message.find("the service account token " + (sa / "token") +
                                               " does not exist") != std::string::npos);
        }
    }

    TEST_CASE("kubeconfig_source_from_environment reads the variables") {
        const std::vector<std::string> names = {"KUBECONFIG", "PREVIEW_SERVICEACCOUNT_DIR",
                                                "KUBERNETES_SERVICE_HOST"};
        std::vector<std::optional<std::string>> saved;
        for (const auto& name : names) {
            const char* value = std::getenv(name.c_str());
            saved.push_back(value != nullptr ? std::optional<std::string>(value) : std::nullopt);
        }
        ::setenv("KUBECONFIG", "/a:/b", 1);
        ::setenv("PREVIEW_SERVICEACCOUNT_DIR", "/tmp/sa", 1);
        ::setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1", 1);
        auto source = kubeconfig_source_from_environment("/explicit");
        CHECK(source.explicit_path == "/explicit");
        CHECK(source.env_kubeconfig == "/a:/b");
        CHECK(source.service_account_dir == "/tmp/sa");
        CHECK(source.service_host == "10.0.0.1");
        ::unsetenv("PREVIEW_SERVICEACCOUNT_DIR");
        CHECK(kubeconfig_source_from_environment("").service_account_dir ==
              std::string(kServiceAccountDir));
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (saved[i]) {
                ::setenv(names[i].c_str(), saved[i]->c_str(), 1);
            } else {
                ::unsetenv(names[i].c_str());
            }
        }
    }
}

}  // namespace preview
