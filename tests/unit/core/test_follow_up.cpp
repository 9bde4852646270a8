#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/follow_up.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kNs = "homerun2-core-catcher-pr-42";

void namespace_created(Snapshot& s, const char* created) {
    (*s.namespace_state)->meta.creation_timestamp = created;
}

ExternalSecret failing(std::string name, std::string kind = "ClusterSecretStore",
                       std::string store = "vault-homerun2-pr") {
    ExternalSecret es = external_secret(std::move(name), false);
    es.store_kind = std::move(kind);
    es.store_name = std::move(store);
    return es;
}

UpdateRequest request(std::string policy, std::string state, std::string trigger = kNs) {
    UpdateRequest ur;
    ur.meta = meta("ur-1", "kyverno");
    ur.request_type = "generate";
    ur.policy = std::move(policy);
    ur.resource_kind = "Namespace";
    ur.resource_name = std::move(trigger);
    ur.state = std::move(state);
    return ur;
}

}  // namespace

TEST_SUITE("core::follow_up") {
    TEST_CASE("a healthy snapshot asks for no follow-up read") {
        const auto s = healthy_snapshot();
        CHECK(missing_generated(s).empty());
        CHECK(failing_stores(s).empty());
    }
    TEST_CASE("a generated ExternalSecret missing from a settled namespace asks for Kyverno") {
        auto s = healthy_snapshot();
        s.external_secrets->pop_back();
        CHECK(missing_generated(s) ==
              std::vector<std::string>{"ExternalSecret homerun2-core-catcher-redis"});
        SUBCASE("not while the namespace is new: Kyverno may still be at it") {
            namespace_created(s, "2026-11-23T15:58:00Z");
            CHECK(missing_generated(s).empty());
        }
        SUBCASE("not in a terminating namespace") {
            (*s.namespace_state)->phase = "Terminating";
            CHECK(missing_generated(s).empty());
        }
        SUBCASE("not when the namespace is absent or unreadable") {
            s.namespace_state = std::optional<Namespace>();
            CHECK(missing_generated(s).empty());
            s.namespace_state = Snapshot::not_read();
            CHECK(missing_generated(s).empty());
        }
        SUBCASE("not when the ExternalSecrets could not be read") {
            s.external_secrets = Snapshot::not_read();
            CHECK(missing_generated(s).empty());
        }
    }
    TEST_CASE("the seed Job counts as missing only while its TTL cannot explain it") {
        auto s = healthy_snapshot();
        s.jobs = std::vector<Job>{};
        CHECK(missing_generated(s).empty());  // the namespace is 3 h old: the Job expired
        namespace_created(s, "2026-11-23T15:40:00Z");
        CHECK(missing_generated(s) == std::vector<std::string>{"Job seed-test-events"});
    }
    TEST_CASE("pods refused for missing limits mean the LimitRange was not generated") {
        auto s = healthy_snapshot();
        s.events->push_back(warning_event("FailedCreate", "ReplicaSet", "cc-7c9d5b6f48",
                                          "Error creating: pods \"cc-x\" is forbidden: failed "
                                          "quota: pr-preview: must specify limits.cpu"));
        CHECK(missing_generated(s) == std::vector<std::string>{"LimitRange"});
        (*s.events)[0].message = "Error creating: exceeded quota: pr-preview, requested: pods=1";
        CHECK(missing_generated(s).empty());
    }
    TEST_CASE("the store of each failing ExternalSecret, once") {
        auto s = healthy_snapshot();
        (*s.external_secrets)[0] = failing("homerun2-omni-pitcher-token");
        (*s.external_secrets)[1] = failing("homerun2-omni-pitcher-redis");
        (*s.external_secrets)[2] = failing("redis-stack-auth", "", "local-store");
        const auto stores = failing_stores(s);
        REQUIRE(stores.size() == 2);
        CHECK(stores[0].key() == "ClusterSecretStore/vault-homerun2-pr");
        CHECK(stores[1].key() == "SecretStore/local-store");  // ESO's default kind
        SUBCASE("a Ready ExternalSecret's store is not read") {
            s.external_secrets = std::vector<ExternalSecret>{external_secret("redis-stack-auth")};
            (*s.external_secrets)[0].store_kind = "ClusterSecretStore";
            (*s.external_secrets)[0].store_name = "vault-homerun2-pr";
            CHECK(failing_stores(s).empty());
        }
        SUBCASE("nor in a terminating namespace") {
            (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:00:00Z";
            CHECK(failing_stores(s).empty());
        }
    }
    TEST_CASE("a store name or kind from the server that is not valid is never read") {
        for (const char* name : {"../../api/v1/namespaces/kube-system/secrets/x", "x?dryRun=All",
                                 "a%2Fb", "..", "vault\x1b[31m", "Vault", ""}) {
            CAPTURE(name);
            auto s = healthy_snapshot();
            (*s.external_secrets)[0] = failing("redis-stack-auth", "ClusterSecretStore", name);
            CHECK(failing_stores(s).empty());
            CHECK(store_ref_problem(StoreRef{"ClusterSecretStore", name}).has_value());
        }
        auto s = healthy_snapshot();
        (*s.external_secrets)[0] = failing("redis-stack-auth", "Secret", "vault-homerun2-pr");
        CHECK(failing_stores(s).empty());
        CHECK(store_ref_problem(StoreRef{"Secret", "vault-homerun2-pr"}) ==
              "the kind is neither SecretStore nor ClusterSecretStore");
        CHECK_FALSE(store_ref_problem(StoreRef{"SecretStore", "vault-homerun2-pr"}));
    }
    TEST_CASE("the policies of the namespace's unfinished requests, once, valid names only") {
        const std::vector<UpdateRequest> requests{
            request("secrets", "Failed"),
            request("secrets", "Pending"),
            request("quota", "Pending"),
            request("seed", "Completed"),
            request("other-namespace", "Failed", "homerun2-core-catcher-pr-7"),
            request("../../api/v1/namespaces/kube-system/secrets/x?y=", "Failed"),
            request("", "Failed"),
        };
        CHECK(policies_to_read(requests, kNs) == std::vector<std::string>{"secrets", "quota"});
        CHECK(policies_to_read({}, kNs).empty());
    }
    TEST_CASE("which requests a namespace triggered") {
        const auto ur = request("secrets", "Failed");
        CHECK(triggered_by(ur, kNs));
        CHECK_FALSE(triggered_by(ur, "homerun2-core-catcher-pr-4"));
        auto pod_triggered = ur;
        pod_triggered.resource_kind = "Pod";
        CHECK_FALSE(triggered_by(pod_triggered, kNs));
        CHECK(unfinished(ur));
        CHECK(unfinished(request("secrets", "Pending")));
        CHECK_FALSE(unfinished(request("secrets", "Completed")));
        CHECK_FALSE(unfinished(request("secrets", "Skip")));
        CHECK(update_request_selector(kNs) ==
              "generate.kyverno.io/resource-kind=Namespace,generate.kyverno.io/resource-name=" +
                  kNs);
    }
}
