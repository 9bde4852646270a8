#include <string>

#include <doctest/doctest.h>

#include "preview/api/policy_json.hpp"

using namespace preview;

namespace {

// One UpdateRequest as Kyverno 1.13 lists it (kyverno.io/v2, trimmed of managedFields).
const char* const kFailedRequest = R"({"apiVersion":"kyverno.io/v2","kind":"UpdateRequest",
  "metadata":{"name":"ur-4kq9x","namespace":"kyverno",
    "creationTimestamp":"2026-11-23T13:00:05Z","labels":{
      "generate.kyverno.io/policy-name":"homerun2-core-catcher-preview-secrets",
      "generate.kyverno.io/resource-kind":"Namespace",
      "generate.kyverno.io/resource-name":"homerun2-core-catcher-pr-42"}},
  "spec":{"requestType":"generate","policy":"homerun2-core-catcher-preview-secrets",
    "rule":"generate-externalsecret-redis","resource":{"apiVersion":"v1","kind":"Namespace",
      "name":"homerun2-core-catcher-pr-42"},
    "context":{"userInfo":{"userInfo":{"username":"system:serviceaccount:argocd:x"}}}},
  "status":{"state":"Failed","retryCount":3,
    "message":"failed to generate resource: externalsecrets.external-secrets.io is forbidden"}})";

std::string list_of(const std::string& items) {
    return R"({"apiVersion":"kyverno.io/v2","kind":"UpdateRequestList","metadata":{},"items":[)" +
           items + "]}";
}

}  // namespace

TEST_SUITE("api::policy_json") {
    TEST_CASE("an UpdateRequestList: trigger, policy, rule, state and message") {
        const auto list = parse_update_request_list(list_of(kFailedRequest));
        REQUIRE(list.ok());
        REQUIRE(list->size() == 1);
        const auto& ur = (*list)[0];
        CHECK(ur.meta.name == "ur-4kq9x");
        CHECK(ur.meta.namespace_name == "kyverno");
        CHECK(ur.request_type == "generate");
        CHECK(ur.policy == "homerun2-core-catcher-preview-secrets");
        CHECK(ur.rule == "generate-externalsecret-redis");
        CHECK(ur.resource_kind == "Namespace");
        CHECK(ur.resource_name == "homerun2-core-catcher-pr-42");
        CHECK(ur.resource_namespace.empty());
        CHECK(ur.state == "Failed");
        CHECK(ur.message ==
              "failed to generate resource: externalsecrets.external-secrets.io is forbidden");
    }
    TEST_CASE("an empty list, and a request without status (just created)") {
        const auto empty = parse_update_request_list(list_of(""));
        REQUIRE(empty.ok());
        CHECK(empty->empty());
        const auto fresh = parse_update_request_list(
            list_of(R"({"metadata":{"name":"ur-1"},"spec":{"policy":"p"}})"));
        REQUIRE(fresh.ok());
        CHECK((*fresh)[0].state.empty());
        CHECK((*fresh)[0].policy == "p");
    }
    TEST_CASE("a malformed UpdateRequestList is an error naming what is wrong") {
        const auto error_of = [](const std::string& body) {
            const auto r = parse_update_request_list(body);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::api);
            return r.error().message;
        };
        CHECK(error_of(R"({"kind":"UpdateRequestList"})").find("no items array") !=
              std::string::npos);
        CHECK(error_of(R"({"items":{"a":1}})").find("no items array") != std::string::npos);
        CHECK(error_of(list_of("3")).find("UpdateRequest #0 is not an object") !=
              std::string::npos);
        CHECK(error_of(list_of(R"({"spec":{}})")).find("has no metadata") != std::string::npos);
        CHECK(error_of(list_of(R"({"metadata":{}})")).find("no metadata.name") !=
              std::string::npos);
        CHECK(error_of(list_of(R"({"metadata":{"name":"ok"}},{"metadata":{"name":""}})"))
                  .find("UpdateRequest #1") != std::string::npos);
        // Wrong types are errors, not silently empty fields.
        CHECK(
            error_of(list_of(R"({"metadata":{"name":"ur-1"},"spec":{"policy":7}})")).find("ur-1") !=
            std::string::npos);
        CHECK_FALSE(parse_update_request_list(
                        list_of(R"({"metadata":{"name":"ur-1"},"status":{"state":["Failed"]}})"))
                        .ok());
        CHECK_FALSE(
            parse_update_request_list(list_of(R"({"metadata":{"name":"ur-1"},"spec":"generate"})"))
                .ok());
        CHECK_FALSE(parse_update_request_list(list_of(R"({"metadata":"ur-1"})")).ok());
        CHECK_FALSE(parse_update_request_list("").ok());
        CHECK_FALSE(parse_update_request_list("[]").ok());
        CHECK_FALSE(parse_update_request_list("<html>proxy error</html>").ok());
        CHECK_FALSE(parse_update_request_list(list_of(kFailedRequest).substr(0, 200)).ok());
    }
    TEST_CASE("too deep a document is refused before it is built") {
        std::string deep = R"({"items":[{"metadata":{"name":"x"},"status":{"message":)";
        deep += std::string(1000, '[') + std::string(1000, ']') + "}}]}";
        CHECK_FALSE(parse_update_request_list(deep).ok());
    }
    TEST_CASE("huge and hostile strings are kept as data (the renderers cut and escape)") {
        const std::string huge(1 << 20, 'x');
        const auto list = parse_update_request_list(
            list_of(R"({"metadata":{"name":"ur-1"},"spec":{"policy":"../../etc?x=%2F\u001b[31m"},
                      "status":{"state":"Failed","message":")" +
                    huge + R"("}})"));
        REQUIRE(list.ok());
        CHECK((*list)[0].message.size() == huge.size());
        CHECK((*list)[0].policy == "../../etc?x=%2F\x1b[31m");
    }
    TEST_CASE("a ClusterSecretStore's conditions") {
        const auto store = parse_policy_object(
            R"({"apiVersion":"external-secrets.io/v1","kind":"ClusterSecretStore",
                "metadata":{"name":"vault-homerun2-pr","generation":1},
                "spec":{"provider":{"vault":{"server":"https://vault","path":"homerun2-pr"}}},
                "status":{"capabilities":"ReadWrite","conditions":[{"type":"Ready",
                  "status":"False","reason":"InvalidProviderConfig",
                  "message":"unable to create client","lastTransitionTime":"2026-11-23T15:15:00Z"}]}})",
            "ClusterSecretStore");
        REQUIRE(store.ok());
        CHECK(store->kind == "ClusterSecretStore");
        CHECK(store->meta.name == "vault-homerun2-pr");
        REQUIRE(store->conditions.size() == 1);
        CHECK(store->conditions[0].status == "False");
        CHECK(store->conditions[0].reason == "InvalidProviderConfig");
        CHECK(store->conditions[0].last_transition_time == "2026-11-23T15:15:00Z");
    }
    TEST_CASE("a ClusterPolicy without status yet has no conditions") {
        const auto policy = parse_policy_object(
            R"({"kind":"ClusterPolicy","metadata":{"name":"disallow-latest-tag"},"spec":{}})",
            "ClusterPolicy");
        REQUIRE(policy.ok());
        CHECK(policy->conditions.empty());
    }
    TEST_CASE("a policy object of the wrong kind or shape is an error") {
        const auto store = R"({"kind":"SecretStore","metadata":{"name":"s"}})";
        CHECK(parse_policy_object(store, "SecretStore").ok());
        const auto wrong = parse_policy_object(store, "ClusterSecretStore");
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.error().message.find("expected kind ClusterSecretStore, got SecretStore") !=
              std::string::npos);
        CHECK_FALSE(
            parse_policy_object(R"({"kind":"Status","metadata":{"name":"x"}})", "ClusterPolicy")
                .ok());
        CHECK_FALSE(parse_policy_object(R"({"kind":"ClusterPolicy"})", "ClusterPolicy").ok());
        CHECK_FALSE(
            parse_policy_object(R"({"kind":"ClusterPolicy","metadata":{}})", "ClusterPolicy").ok());
        CHECK_FALSE(
            parse_policy_object(R"({"kind":7,"metadata":{"name":"p"}})", "ClusterPolicy").ok());
        CHECK_FALSE(parse_policy_object(
                        R"({"metadata":{"name":"p"},"status":{"conditions":{"type":"Ready"}}})",
                        "ClusterPolicy")
                        .ok());
        CHECK_FALSE(
            parse_policy_object(R"({"metadata":{"name":"p"},"status":{"conditions":[{"type":1}]}})",
                                "ClusterPolicy")
                .ok());
        CHECK_FALSE(parse_policy_object("[]", "ClusterPolicy").ok());
        CHECK_FALSE(parse_policy_object("null", "ClusterPolicy").ok());
        CHECK_FALSE(parse_policy_object("{", "ClusterPolicy").ok());
    }
}
