#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/profile.hpp"

namespace {

using Strings = std::vector<std::string>;

constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";

std::string read_fixture(const std::string& name) {
    const std::string path = std::string(PREVIEW_TEST_DIR) + "/fixtures/profiles/" + name;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

preview::Profile parsed(const std::string& yaml) {
    const auto profile = preview::parse_profile(yaml, ".preview.yaml");
    REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? std::string() : profile.error().message));
    return profile.value();
}

std::string parse_error(const std::string& yaml) {
    INFO("yaml:\n" << yaml);
    const auto profile = preview::parse_profile(yaml, ".preview.yaml");
    REQUIRE_FALSE(profile.ok());
    CHECK(profile.error().kind == preview::ErrorKind::config);
    return profile.error().message;
}

preview::PrRef pr(int number, std::string owner = "stuttgart-things",
                  std::string repo = "homerun2-core-catcher") {
    return preview::PrRef{std::move(owner), std::move(repo), number};
}

preview::Targets rendered(const preview::Profile& profile, const preview::PrRef& ref,
                          const std::string& sha) {
    const auto targets = preview::render_targets(profile, ref, sha);
    REQUIRE_MESSAGE(targets.ok(), (targets.ok() ? std::string() : targets.error().message));
    return targets.value();
}

std::string render_error(const preview::Profile& profile, const preview::PrRef& ref = pr(42),
                         const std::string& sha = kSha) {
    const auto targets = preview::render_targets(profile, ref, sha);
    REQUIRE_FALSE(targets.ok());
    CHECK(targets.error().kind == preview::ErrorKind::config);
    return targets.error().message;
}

}  // namespace

TEST_SUITE("core::profile") {
    TEST_CASE("the defaults are the core-catcher values of design section 3") {
        const preview::Profile profile;
        CHECK(profile.source == "built-in defaults");
        CHECK(profile.repo == "stuttgart-things/homerun2-core-catcher");
        CHECK(profile.label == "preview");
        CHECK(profile.github_api_url.empty());  // https://api.github.com is applied after env
        CHECK(profile.required_checks == Strings{"build-pr", "push-kustomize"});
        CHECK(profile.argocd_context.empty());
        CHECK(profile.argocd_namespace == "argocd");
        CHECK(profile.application_set == "homerun2-core-catcher-pr-preview");
        CHECK(profile.application == "homerun2-core-catcher-pr-{number}");
        CHECK(profile.pr_label == "homerun2.stuttgart-things.com/pr");
        CHECK(profile.cluster_context.empty());
        CHECK(profile.namespace_template == "homerun2-core-catcher-pr-{number}");
        CHECK(profile.url == "https://cc-pr-{number}.homerun2-dev.sthings-vsphere.labul.sva.de");
        CHECK(profile.health_path == "/health");
        CHECK(profile.http_routes == Strings{"homerun2-core-catcher"});
        CHECK(profile.external_secrets == Strings{"homerun2-omni-pitcher-token",
                                                  "homerun2-omni-pitcher-redis", "redis-stack-auth",
                                                  "homerun2-core-catcher-redis"});
        CHECK(profile.seed_job == "seed-test-events");
        CHECK(
            profile.artifacts ==
            Strings{"ghcr.io/stuttgart-things/homerun2-core-catcher:pr-{number}-{sha}",
                    "ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:pr-{number}-{sha}"});
        CHECK(profile.key_lines.empty());
    }

    TEST_CASE("an empty document or one with only comments gives the defaults") {
        for (const char* yaml : {"", "\n\n", "# nothing here\n", "---\n", "~\n"}) {
            const auto profile = parsed(yaml);
            CHECK(profile.source == ".preview.yaml");
            CHECK(profile.repo == preview::Profile().repo);
            CHECK(profile.artifacts == preview::Profile().artifacts);
            CHECK(profile.key_lines.empty());
        }
    }

    TEST_CASE("the design's own example parses to the defaults") {
        const std::string yaml = R"(repo: stuttgart-things/homerun2-core-catcher
label: preview
github:
  apiUrl: https://api.github.com
  requiredChecks: [build-pr, push-kustomize]   # check-run name prefixes
argocd:
  context: ""                                  # kube context of the Argo CD cluster
  namespace: argocd
  applicationSet: homerun2-core-catcher-pr-preview
  application: homerun2-core-catcher-pr-{number}
  prLabel: homerun2.stuttgart-things.com/pr    # label that ties child Applications to the PR
cluster:
  context: ""                                  # kube context of the workload cluster
  namespace: homerun2-core-catcher-pr-{number}
url: https://cc-pr-{number}.homerun2-dev.sthings-vsphere.labul.sva.de
healthPath: /health
httpRoutes: [homerun2-core-catcher]
externalSecrets: [homerun2-omni-pitcher-token, homerun2-omni-pitcher-redis, redis-stack-auth, homerun2-core-catcher-redis]
seedJob: seed-test-events
artifacts:                                     # OCI references that must exist for the head SHA
  - ghcr.io/stuttgart-things/homerun2-core-catcher:pr-{number}-{sha}
  - ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:pr-{number}-{sha}
)";
        const auto profile = parsed(yaml);
        const preview::Profile defaults;
        CHECK(profile.github_api_url == "https://api.github.com");
        CHECK(profile.repo == defaults.repo);
        CHECK(profile.required_checks == defaults.required_checks);
        CHECK(profile.application == defaults.application);
        CHECK(profile.namespace_template == defaults.namespace_template);
        CHECK(profile.url == defaults.url);
        CHECK(profile.external_secrets == defaults.external_secrets);
        CHECK(profile.artifacts == defaults.artifacts);
        CHECK(profile.key_lines.size() == 20);
        CHECK(profile.key_lines.at("argocd.prLabel") == 11);
        CHECK(profile.sets("cluster.context"));
        CHECK(profile.cluster_context.empty());
    }

    TEST_CASE("the Argo CD API server keys") {
        const auto profile = preview::parse_profile(
            "argocd:\n  server: argocd.example.com\n  rootPath: /argo\n  insecure: true\n"
            "  plainText: false\n",
            ".preview.yaml");
        REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().message));
        CHECK(profile->argocd_server == "argocd.example.com");
        CHECK(profile->argocd_root_path == "/argo");
        CHECK(profile->argocd_insecure);
        CHECK_FALSE(profile->argocd_plain_text);
        CHECK(parse_error("argocd:\n  insecure: yes please\n") ==
              ".preview.yaml:2: \"argocd.insecure\" must be true or false, not \"yes please\"");
    }

    TEST_CASE("the omni-pitcher profile from a file") {
        const auto profile = preview::parse_profile(read_fixture("omni-pitcher.preview.yaml"),
                                                    "omni-pitcher.preview.yaml");
        REQUIRE_MESSAGE(profile.ok(), (profile.ok() ? "" : profile.error().message));
        CHECK(profile->source == "omni-pitcher.preview.yaml");
        CHECK(profile->repo == "stuttgart-things/homerun2-omni-pitcher");
        CHECK(profile->github_api_url == "https://api.github.com");  // trailing '/' dropped
        CHECK(profile->argocd_context == "sthings-mgmt");
        CHECK(profile->cluster_context == "homerun2-test1");
        CHECK(profile->sets("repo"));
        CHECK_FALSE(profile->sets("github.missing"));
        CHECK(profile->key_lines.at("cluster.namespace") == 16);

        const auto targets =
            rendered(*profile, pr(117, "stuttgart-things", "homerun2-omni-pitcher"), kSha);
        CHECK(targets.number == 117);
        CHECK(targets.label == "preview");
        CHECK(targets.argocd_namespace == "argocd");
        CHECK(targets.application_set == "homerun2-omni-pitcher-pr-preview");
        CHECK(targets.application == "homerun2-pr-117");
        CHECK(targets.namespace_name == "homerun2-pr-117");
        CHECK(targets.pr_label == "homerun2.stuttgart-things.com/pr");
        CHECK(targets.pr_label_value == "117");
        CHECK(targets.url == "https://omni-pr-117.homerun2-dev.sthings-vsphere.labul.sva.de/");
        CHECK(targets.health_url ==
              "https://omni-pr-117.homerun2-dev.sthings-vsphere.labul.sva.de/health");
        CHECK(targets.http_routes == Strings{"homerun2-omni-pitcher"});
        CHECK(targets.external_secrets == Strings{"homerun2-omni-pitcher-token",
                                                  "homerun2-omni-pitcher-redis",
                                                  "redis-stack-auth"});
        CHECK(targets.seed_job == "seed-test-events");
        CHECK(targets.artifacts ==
              Strings{
                  std::string("ghcr.io/stuttgart-things/homerun2-omni-pitcher:pr-117-") + kSha,
                  std::string("ghcr.io/stuttgart-things/homerun2-omni-pitcher-kustomize:pr-117-") +
                      kSha});

        const auto before_ci = rendered(*profile, pr(117), "");
        CHECK(before_ci.artifacts.empty());
        CHECK(before_ci.namespace_name == "homerun2-pr-117");
    }

    TEST_CASE("a profile without URL, seed Job or CI gate (k8s-pitcher)") {
        const auto profile = parsed(read_fixture("k8s-pitcher.preview.yaml"));
        CHECK(profile.repo == "stuttgart-things/homerun2-k8s-pitcher");
        CHECK(profile.label == "preview");
        CHECK(profile.required_checks.empty());
        CHECK(profile.url.empty());
        CHECK(profile.seed_job.empty());
        CHECK(profile.http_routes.empty());
        CHECK(profile.health_path == "/health");
        CHECK(profile.external_secrets.size() == 5);

        const auto targets =
            rendered(profile, pr(5, "stuttgart-things", "homerun2-k8s-pitcher"), kSha);
        CHECK(targets.url.empty());
        CHECK(targets.health_url.empty());
        CHECK(targets.seed_job.empty());
        CHECK(targets.namespace_name == "homerun2-k8s-pitcher-pr-5");
        CHECK(targets.artifacts ==
              Strings{std::string("ghcr.io/stuttgart-things/homerun2-k8s-pitcher:pr-5-") + kSha,
                      std::string("ghcr.io/stuttgart-things/homerun2-k8s-pitcher-kustomize:pr-5-") +
                          kSha});
    }

    TEST_CASE("the defaults render the core-catcher names of design section 1") {
        const auto targets = rendered(preview::Profile(), pr(42), kSha);
        CHECK(targets.application_set == "homerun2-core-catcher-pr-preview");
        CHECK(targets.application == "homerun2-core-catcher-pr-42");
        CHECK(targets.namespace_name == "homerun2-core-catcher-pr-42");
        CHECK(targets.pr_label_value == "42");
        CHECK(targets.url == "https://cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de");
        CHECK(targets.health_url ==
              "https://cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de/health");
        CHECK(targets.artifacts[1] ==
              std::string("ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:pr-42-") +
                  kSha);
    }

    TEST_CASE("null, empty string and empty list mean 'none'") {
        const auto profile =
            parsed("url: \"\"\nseedJob:\ngithub:\n  requiredChecks: []\nargocd:\n");
        CHECK(profile.url.empty());
        CHECK(profile.seed_job.empty());
        CHECK(profile.required_checks.empty());
        CHECK(profile.argocd_namespace == "argocd");
        CHECK(parsed("artifacts: ~\n").artifacts.empty());
        CHECK(parsed("repo: \"\"\n").repo.empty());
        CHECK(parsed("label: 42\n").label == "42");
    }

    TEST_CASE("unknown keys name the full path, the file and the line") {
        CHECK(parse_error("label: preview\nlabels: [x]\n") ==
              ".preview.yaml:2: unknown key \"labels\" (known: repo, label, github, argocd, "
              "cluster, url, healthPath, httpRoutes, externalSecrets, seedJob, artifacts, smoke); "
              "did "
              "you "
              "mean \"label\"?");
        const std::string nested = R"(repo: stuttgart-things/homerun2-omni-pitcher
label: preview
github:
  requiredChecks: [build-pr]
argocd:
  namespace: argocd
  applicatonSet: homerun2-omni-pitcher-pr-preview
)";
        CHECK(parse_error(nested) ==
              ".preview.yaml:7: unknown key \"argocd.applicatonSet\" (known: context, namespace, "
              "applicationSet, application, prLabel, server, rootPath, insecure, plainText, "
              "appsetWebhook); did you mean \"argocd.applicationSet\"?");
        CHECK(parse_error("cluster:\n  namspace: x\n")
                  .find(".preview.yaml:2: unknown key \"cluster.namspace\"") == 0);
        CHECK(
            parse_error("cluster:\n  namspace: x\n").find("did you mean \"cluster.namespace\"?") !=
            std::string::npos);
        CHECK(parse_error("health_path: /healthz\n").find("did you mean \"healthPath\"?") !=
              std::string::npos);
        CHECK(parse_error("github:\n  api_url: https://x\n")
                  .find("did you mean \"github.apiUrl\"?") != std::string::npos);
        CHECK(parse_error("\n\nnamespace: x\n") ==
              ".preview.yaml:3: unknown key \"namespace\" (known: repo, label, github, argocd, "
              "cluster, url, healthPath, httpRoutes, externalSecrets, seedJob, artifacts, smoke); "
              "did "
              "you "
              "mean \"argocd.namespace\" or \"cluster.namespace\"?");
        const auto unrelated = parse_error("frobnicate: 1\n");
        CHECK(unrelated.find("unknown key \"frobnicate\"") != std::string::npos);
        CHECK(unrelated.find("did you mean") == std::string::npos);
    }

    TEST_CASE("a key given twice is an error") {
        CHECK(parse_error("label: a\nurl: \"\"\nlabel: b\n") ==
              ".preview.yaml:3: duplicate key \"label\"");
        CHECK(parse_error("argocd:\n  context: a\n  context: b\n") ==
              ".preview.yaml:3: duplicate key \"argocd.context\"");
    }

    TEST_CASE("wrong types name the key and the line") {
        CHECK(parse_error("label:\n  name: preview\n") ==
              ".preview.yaml:1: \"label\" must be a string, not a mapping");
        CHECK(parse_error("repo: [a/b]\n") ==
              ".preview.yaml:1: \"repo\" must be a string, not a list");
        CHECK(parse_error("\nhttpRoutes: homerun2-core-catcher\n") ==
              ".preview.yaml:2: \"httpRoutes\" must be a list of strings, not a single value");
        const auto hinted = preview::parse_profile("httpRoutes: r1\n", "x.yaml");
        REQUIRE_FALSE(hinted.ok());
        CHECK(hinted.error().hint == "write `httpRoutes: [r1]` for a list of one");
        CHECK(
            parse_error("github:\n  requiredChecks:\n    a: b\n") ==
            ".preview.yaml:2: \"github.requiredChecks\" must be a list of strings, not a mapping");
        CHECK(parse_error("artifacts:\n  - ok\n  - [nested]\n") ==
              ".preview.yaml:3: \"artifacts\" item 2 must be a string, not a list");
        CHECK(parse_error("externalSecrets:\n  - a\n  - {name: b}\n") ==
              ".preview.yaml:3: \"externalSecrets\" item 2 must be a string, not a mapping");
        CHECK(parse_error("externalSecrets: [a, \"\"]\n") ==
              ".preview.yaml:1: \"externalSecrets\" item 2 is empty");
        CHECK(parse_error("argocd: argocd\n") ==
              ".preview.yaml:1: \"argocd\" must be a mapping with the keys context, namespace, "
              "applicationSet, application, prLabel, server, rootPath, insecure, plainText, "
              "appsetWebhook, not a single value");
        CHECK(parse_error("cluster: [a]\n").find("\"cluster\" must be a mapping") !=
              std::string::npos);
        CHECK(parse_error("- repo: a/b\n") ==
              ".preview.yaml:1: the profile must be a mapping of keys, not a list");
        CHECK(parse_error("just text\n") ==
              ".preview.yaml:1: the profile must be a mapping of keys, not a single value");
        CHECK(parse_error("? [a, b]\n: c\n").find("keys must be plain names") != std::string::npos);
    }

    TEST_CASE("value rules") {
        CHECK(parse_error("label: \"\"\n").find(".preview.yaml:1: \"label\" must not be empty") ==
              0);
        CHECK(parse_error("label:\n").find("\"label\" must not be empty") != std::string::npos);
        CHECK(parse_error("healthPath: health\n") ==
              ".preview.yaml:1: \"healthPath\" must start with '/' (it is \"health\")");
        CHECK(parse_error("healthPath: \"\"\n").find("must start with '/'") != std::string::npos);
        CHECK(parse_error("url: cc-pr-{number}.example.com\n") ==
              ".preview.yaml:1: \"url\" must start with http:// or https:// (it is "
              "\"cc-pr-{number}.example.com\"); use \"\" for no URL");
        CHECK(parse_error("github:\n  apiUrl: api.github.com\n") ==
              ".preview.yaml:2: \"github.apiUrl\" must start with http:// or https:// (it is "
              "\"api.github.com\")");
        CHECK(parsed("github:\n  apiUrl: http://localhost:8080/api/v3/\n").github_api_url ==
              "http://localhost:8080/api/v3");
        CHECK(parsed("github:\n  commentAuthor: preview-bot[bot]\n").comment_author ==
              "preview-bot[bot]");
        CHECK(preview::Profile{}.comment_author.empty());
        CHECK(parse_error("repo: just-a-name\n")
                  .find(".preview.yaml:1: \"repo\": invalid repository "
                        "\"just-a-name\"") == 0);
        CHECK(parse_error("repo: own_er/x\n").find("owner \"own_er\"") != std::string::npos);
        CHECK(parsed("repo: ghe.example.com/team/app.git\n").repo == "team/app");
    }

    TEST_CASE("malformed YAML reports the line and yaml-cpp's message") {
        CHECK(parse_error("label: preview\nhttpRoutes: [a, b\n") ==
              ".preview.yaml:3: invalid YAML: end of sequence flow not found");
        CHECK(parse_error("argocd: x\n  namespace: y\n") ==
              ".preview.yaml:2: invalid YAML: illegal map value");
        CHECK(parse_error("label: preview\n\turl: x\n").find(".preview.yaml:2: invalid YAML: ") ==
              0);
        CHECK(parse_error("a: 1\n---\nb: 2\n") ==
              ".preview.yaml:3: the profile must be one YAML document, not 2");
    }

    TEST_CASE("a document that starts with ',' is invalid YAML, not a hang (fuzz regression)") {
        // Found by fuzz_profile (fuzz/corpus/profile/regress_document_starts_with_comma): yaml-cpp
        // 0.7's LoadAll looped forever on ",", allocating until memory ran out.
        CHECK(parse_error(",") == ".preview.yaml:1: invalid YAML: unexpected \",\"");
        CHECK(parse_error("[a]\n, b\n") == ".preview.yaml:2: invalid YAML: unexpected \",\"");
        CHECK(parse_error("label: preview\n---\n,\n") ==
              ".preview.yaml:3: invalid YAML: unexpected \",\"");
        CHECK(parse_error("a: 1\n---\nb: 2\n---\n") ==
              ".preview.yaml:3: the profile must be one YAML document, not 3");
    }

    TEST_CASE("a template that starts with '{' must be quoted, and the error says so") {
        const auto unquoted =
            preview::parse_profile("cluster:\n  namespace: {repo}-pr-{number}\n", "p.yaml");
        REQUIRE_FALSE(unquoted.ok());
        CHECK(unquoted.error().message == "p.yaml:2: invalid YAML: end of map not found");
        CHECK(unquoted.error().hint.find("quote templates") != std::string::npos);
        const auto mapping = preview::parse_profile("seedJob: {repo}\n", "p.yaml");
        REQUIRE_FALSE(mapping.ok());
        CHECK(mapping.error().message == "p.yaml:1: \"seedJob\" must be a string, not a mapping");
        CHECK(mapping.error().hint.find("quote templates") != std::string::npos);
        CHECK(parsed("cluster:\n  namespace: \"{repo}-pr-{number}\"\n").namespace_template ==
              "{repo}-pr-{number}");
    }

    TEST_CASE("malformed templates are caught when parsing, with the line") {
        CHECK(parse_error("cluster:\n  namespace: pr-{nmber}\n") ==
              ".preview.yaml:2: \"cluster.namespace\": unknown placeholder \"{nmber}\" in template "
              "\"pr-{nmber}\" (known: {number}, {sha}, {short_sha}, {owner}, {repo}); did you mean "
              "\"{number}\"?");
        CHECK(
            parse_error("artifacts:\n  - x:{sha\n") ==
            ".preview.yaml:2: \"artifacts\": unclosed \"{\" in template \"x:{sha\" (placeholders: "
            "{number}, {sha}, {short_sha}, {owner}, {repo})");
        CHECK(parse_error("seedJob: \"{{number}}\"\n").find("unknown placeholder \"{{number}\"") !=
              std::string::npos);
    }

    TEST_CASE("render_template replaces each placeholder") {
        const auto ref = pr(42, "stuttgart-things", "homerun2-core-catcher");
        const auto render = [&](const char* tmpl) {
            const auto out = preview::render_template(tmpl, ref, kSha);
            REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
            return out.value();
        };
        CHECK(render("{number}") == "42");
        CHECK(render("{sha}") == kSha);
        CHECK(render("{short_sha}") == "01234567");
        CHECK(render("{owner}") == "stuttgart-things");
        CHECK(render("{repo}") == "homerun2-core-catcher");
        CHECK(render("ghcr.io/{owner}/{repo}:pr-{number}-{short_sha}") ==
              "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-01234567");
        CHECK(render("{number}{number}") == "4242");
        CHECK(render("no placeholders } here") == "no placeholders } here");
        CHECK(render("") == "");
        const auto short_sha = preview::render_template("{short_sha}", ref, "abc");
        REQUIRE(short_sha.ok());
        CHECK(*short_sha == "abc");
    }

    TEST_CASE("render_template rejects unknown placeholders and missing values") {
        const auto ref = pr(42);
        const auto unknown = preview::render_template("pr-{branch}", ref, kSha);
        REQUIRE_FALSE(unknown.ok());
        CHECK(unknown.error().kind == preview::ErrorKind::config);
        CHECK(unknown.error().message ==
              "unknown placeholder \"{branch}\" in template \"pr-{branch}\" (known: {number}, "
              "{sha}, {short_sha}, {owner}, {repo})");
        const auto typo = preview::render_template("{shortsha}", ref, kSha);
        REQUIRE_FALSE(typo.ok());
        CHECK(typo.error().message.find("did you mean \"{short_sha}\"?") != std::string::npos);
        const auto empty = preview::render_template("x{}", ref, kSha);
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().message.find("unknown placeholder \"{}\"") != std::string::npos);
        const auto unclosed = preview::render_template("pr-{number", ref, kSha);
        REQUIRE_FALSE(unclosed.ok());
        CHECK(unclosed.error().message.find("unclosed \"{\" in template \"pr-{number\"") == 0);

        const auto no_sha = preview::render_template("pr-{sha}", ref, "");
        REQUIRE_FALSE(no_sha.ok());
        CHECK(no_sha.error().message ==
              "template \"pr-{sha}\" uses {sha}, but the head commit is not known yet");
        const auto no_repo = preview::render_template("{owner}", preview::PrRef{{}, {}, 42}, kSha);
        REQUIRE_FALSE(no_repo.ok());
        CHECK(no_repo.error().message ==
              "template \"{owner}\" uses {owner}, but the repository is not known");
    }

    TEST_CASE("render_targets: health URL joins without a double slash") {
        auto profile = parsed("url: https://x.example.com///\nhealthPath: /healthz\n");
        CHECK(rendered(profile, pr(1), "").health_url == "https://x.example.com/healthz");
        profile.url = "https://x.example.com/app";
        profile.health_path = "/pr/{number}/health";
        CHECK(rendered(profile, pr(9), "").health_url == "https://x.example.com/app/pr/9/health");
    }

    TEST_CASE("render_targets: names that break Kubernetes rules") {
        // The length depends on the PR number: fine for #42, too long for #123456.
        const auto profile = parsed(
            "cluster:\n  namespace: homerun2-notification-catcher-preview-environments-for-pr-"
            "{number}\n");
        CHECK(rendered(profile, pr(42), kSha).namespace_name ==
              "homerun2-notification-catcher-preview-environments-for-pr-42");
        CHECK(render_error(profile, pr(123456)) ==
              ".preview.yaml:2: cluster.namespace renders to "
              "\"homerun2-notification-catcher-preview-environments-for-pr-123456\" (64 "
              "characters): a namespace name must be at most 63 characters");

        preview::Profile defaults;
        defaults.namespace_template = "Homerun2-pr-{number}";
        CHECK(render_error(defaults) ==
              "built-in defaults: cluster.namespace renders to \"Homerun2-pr-42\": a namespace "
              "name must be lowercase (found 'H')");

        defaults = preview::Profile();
        defaults.namespace_template = "{repo}.pr-{number}";
        CHECK(render_error(defaults).find("cluster.namespace renders to "
                                          "\"homerun2-core-catcher.pr-42\": a namespace name must "
                                          "contain only lowercase letters, digits and '-' (found "
                                          "'.')") != std::string::npos);

        defaults = preview::Profile();
        defaults.application = "homerun2_core_catcher-pr-{number}";
        CHECK(
            render_error(defaults) ==
            "built-in defaults: argocd.application renders to \"homerun2_core_catcher-pr-42\": an "
            "Application name must contain only lowercase letters, digits, '-' and '.' (found "
            "'_')");

        defaults = preview::Profile();
        defaults.application_set = std::string(250, 'a') + "-{number}";
        CHECK(rendered(defaults, pr(42), kSha).application_set == std::string(250, 'a') + "-42");
        defaults.application_set = std::string(251, 'a') + "-{number}";
        CHECK(
            render_error(defaults).find("(254 characters): an ApplicationSet name must be at most "
                                        "253 characters") != std::string::npos);

        defaults = preview::Profile();
        defaults.argocd_namespace = "Argo CD";
        CHECK(
            render_error(defaults).find("argocd.namespace renders to \"Argo CD\": a namespace name "
                                        "must be lowercase") != std::string::npos);

        defaults = preview::Profile();
        defaults.pr_label = "homerun2.stuttgart-things.com/pr number";
        CHECK(render_error(defaults) ==
              "built-in defaults: argocd.prLabel renders to "
              "\"homerun2.stuttgart-things.com/pr number\": a label key name part must contain "
              "only letters, digits, '-', '_' and '.' (found ' ')");

        defaults = preview::Profile();
        defaults.http_routes = {"ok-route", "Bad-Route-{number}"};
        CHECK(render_error(defaults) ==
              "built-in defaults: httpRoutes item 2 renders to \"Bad-Route-42\": an HTTPRoute name "
              "must be lowercase (found 'B')");

        defaults = preview::Profile();
        defaults.external_secrets = {"redis stack auth"};
        CHECK(render_error(defaults).find(
                  "externalSecrets item 1 renders to \"redis stack auth\": an "
                  "ExternalSecret name must contain only") != std::string::npos);

        defaults = preview::Profile();
        defaults.seed_job = "seed-{number}-";
        CHECK(render_error(defaults) ==
              "built-in defaults: seedJob renders to \"seed-42-\": a Job name must start and end "
              "with a lowercase letter or digit");
    }

    TEST_CASE("render_targets: line numbers for keys from the file") {
        const auto profile = parsed("label: preview\nhttpRoutes:\n  - route-{number}\n  - Route\n");
        CHECK(render_error(profile) ==
              ".preview.yaml:2: httpRoutes item 2 renders to \"Route\": an HTTPRoute name must be "
              "lowercase (found 'R')");
    }

    TEST_CASE("render_targets: URL and template problems after rendering") {
        preview::Profile profile;
        profile.url = "{repo}.example.com";
        CHECK(render_error(profile) ==
              "built-in defaults: url renders to \"homerun2-core-catcher.example.com\": a URL must "
              "start with http:// or https://");

        profile = preview::Profile();
        profile.namespace_template = "pr-{short_sha}";
        CHECK(render_error(profile, pr(42), "") ==
              "built-in defaults: \"cluster.namespace\": template \"pr-{short_sha}\" uses "
              "{short_sha}, but the head commit is not known yet");
        CHECK(rendered(profile, pr(42), kSha).namespace_name == "pr-01234567");

        profile = preview::Profile();
        profile.artifacts = {"ghcr.io/{owner}/{repo}:pr-{number}-{sha}"};
        CHECK(rendered(profile, pr(42), "").artifacts.empty());
        CHECK(render_error(profile, preview::PrRef{{}, {}, 42}, kSha)
                  .find("\"artifacts\": template \"ghcr.io/{owner}/{repo}:pr-{number}-{sha}\" uses "
                        "{owner}, but the repository is not known") != std::string::npos);

        const auto zero = preview::render_targets(preview::Profile(), preview::PrRef{}, kSha);
        REQUIRE_FALSE(zero.ok());
        CHECK(zero.error().kind == preview::ErrorKind::usage);
    }
}
