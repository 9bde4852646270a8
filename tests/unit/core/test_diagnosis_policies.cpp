// The policies check (Kyverno generate requests, admission webhooks) and the secrets check's
// provider cause (UpdateFailed event, the store's Ready condition): catalogue rows D1, D3, E1, E2.

#include <algorithm>

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kNs = "homerun2-core-catcher-pr-42";
const std::string kStore = "ClusterSecretStore/vault-homerun2-pr";
const char* const kVaultDenied =
    "error processing spec.data[0] (key: preview-env), err: unable to log in to auth method: "
    "unable to log in with Kubernetes auth: Error making API request.\nCode: 403. Errors:\n\n* "
    "permission denied";

void update_failed(Snapshot& s, const char* message, const char* when) {
    Event e = warning_event("UpdateFailed", "ExternalSecret", "redis-stack-auth", message);
    e.last_timestamp = when;
    e.count = 40;
    s.events->push_back(e);
}

void store(Snapshot& s, bool ready) {
    PolicyObject o{"ClusterSecretStore", meta("vault-homerun2-pr", ""), {}};
    o.conditions.push_back(
        ready ? cond("Ready", "True", "Valid", "store validated")
              : cond("Ready", "False", "InvalidProviderConfig", "unable to create client"));
    s.follow_up.stores.insert_or_assign(kStore, std::optional<PolicyObject>(o));
}

// The redis ExternalSecret was never generated; `requests` are what Kyverno has for it.
Snapshot not_generated(std::vector<UpdateRequest> requests) {
    auto s = healthy_snapshot();
    s.external_secrets->pop_back();
    s.follow_up.update_requests = std::move(requests);
    return s;
}

UpdateRequest failed_request(std::string message) {
    UpdateRequest ur;
    ur.meta = meta("ur-4kq9x", "kyverno");
    ur.policy = "homerun2-core-catcher-preview-secrets";
    ur.rule = "generate-externalsecret-redis";
    ur.resource_kind = "Namespace";
    ur.resource_name = kNs;
    ur.state = "Failed";
    ur.message = std::move(message);
    return ur;
}

void rejected(Snapshot& s, std::string message) {
    s.events->push_back(warning_event("FailedCreate", "ReplicaSet", "homerun2-core-catcher-7d9f8",
                                      std::move(message)));
}

}  // namespace

TEST_SUITE("core::diagnosis.policies") {
    TEST_CASE("a healthy preview passes the policies check") {
        const auto f = check(healthy_snapshot(), "policies");
        CHECK(f.status == CheckStatus::pass);
        CHECK(has_evidence(f, "generated ExternalSecrets and seed Job are there"));
    }
    TEST_CASE("D1: an RBAC gap of Kyverno's background controller") {
        auto s = not_generated({failed_request(
            "failed to generate resource: externalsecrets.external-secrets.io "
            "\"homerun2-core-catcher-redis\" is forbidden: User \"system:serviceaccount:kyverno:"
            "kyverno-background-controller\" cannot create resource \"externalsecrets\" in API "
            "group \"external-secrets.io\"")});
        const auto f = check(s, "policies", CheckStatus::fail);
        CHECK(contains(f.summary,
                       "Kyverno has not generated ExternalSecret "
                       "homerun2-core-catcher-redis"));
        CHECK(has_evidence(f,
                           "UpdateRequest kyverno/ur-4kq9x (policy "
                           "homerun2-core-catcher-preview-secrets, rule "
                           "generate-externalsecret-redis): Failed: "));
        CHECK(contains(f.cause, "may not create externalsecrets: an RBAC gap"));
        CHECK(contains(f.fix, "grant kyverno-background-controller create on externalsecrets"));
        CHECK(contains(f.fix, "kubectl label ns " + kNs + " preview.stuttgart-things/regen="));
        CHECK_FALSE(f.auto_fix);
        // The secrets check names the root cause instead of repeating it.
        CHECK(check(s, "secrets").status == CheckStatus::skip);
    }
    TEST_CASE("D1: the policy generates an API version ESO no longer serves") {
        const auto f = check(not_generated({failed_request(
                                 "failed to generate resource: no matches for kind "
                                 "\"ExternalSecret\" in version \"external-secrets.io/v1beta1\"")}),
                             "policies");
        CHECK(contains(f.cause, "still generates external-secrets.io/v1beta1"));
        CHECK(contains(f.fix, "update the policy's apiVersion to external-secrets.io/v1"));
    }
    TEST_CASE("D1: a Failed request outranks a Pending one; other namespaces' do not count") {
        auto pending = failed_request("waiting");
        pending.state = "Pending";
        auto elsewhere = failed_request("cannot create resource \"externalsecrets\"");
        elsewhere.resource_name = "homerun2-core-catcher-pr-7";
        auto failed = failed_request("no matches for kind \"ExternalSecret\" in version v1beta1");
        const auto f = check(not_generated({pending, elsewhere, failed}), "policies");
        CHECK(contains(f.cause, "v1beta1"));
        CHECK_FALSE(has_evidence(f, "cannot create resource"));
    }
    TEST_CASE("D1: no request left means Kyverno missed the namespace") {
        const auto f = check(not_generated({}), "policies");
        CHECK(f.status == CheckStatus::fail);
        CHECK(has_evidence(f, "no Failed or Pending UpdateRequest for namespace " + kNs));
        CHECK(contains(f.cause, "Kyverno missed the namespace's creation"));
        CHECK(contains(f.fix, "kubectl label ns " + kNs));
    }
    TEST_CASE("D1: unreadable requests say which access is needed") {
        auto s = not_generated({});
        s.follow_up.update_requests = Error(ErrorKind::api, "forbidden", {}, 403, "Forbidden");
        auto f = check(s, "policies");
        CHECK(f.status == CheckStatus::fail);
        CHECK(contains(f.cause, "needs list on updaterequests.kyverno.io in namespace kyverno"));
        s.follow_up.update_requests = Error(ErrorKind::network, "connection reset");
        f = check(s, "policies");
        CHECK_FALSE(contains(f.cause, "needs list"));
        CHECK(has_evidence(f, "connection reset"));
    }
    TEST_CASE("D1: the ClusterPolicy's own condition is evidence") {
        auto s = not_generated({failed_request("something else")});
        PolicyObject p{"ClusterPolicy", meta("homerun2-core-catcher-preview-secrets", ""), {}};
        p.conditions.push_back(cond("Ready", "False", "Failed", "policy not ready"));
        s.follow_up.policies.insert_or_assign("homerun2-core-catcher-preview-secrets",
                                              std::optional<PolicyObject>(p));
        s.follow_up.policies.insert_or_assign("gone", std::optional<PolicyObject>());
        const auto f = check(s, "policies");
        CHECK(has_evidence(f,
                           "ClusterPolicy homerun2-core-catcher-preview-secrets: Ready=False "
                           "Failed: policy not ready"));
        CHECK(has_evidence(f, "ClusterPolicy gone: does not exist"));
        CHECK(contains(f.cause, "is Failed (its message above says why"));
    }
    TEST_CASE("D1: a policy name that is not a Kubernetes name is said to be not read") {
        auto hostile = failed_request("x");
        hostile.policy = "../../api/v1/secrets?x=%2F";
        const auto f = check(not_generated({hostile, hostile}), "policies");
        CHECK(std::count(f.evidence.begin(), f.evidence.end(),
                         "ClusterPolicy \"../../api/v1/secrets?x=%2F\": not read, the name must "
                         "contain only lowercase letters, digits, '-' and '.' (found '/')") == 1);
    }
    TEST_CASE("D3: an unreachable webhook that fails closed is cluster-wide") {
        auto s = healthy_snapshot();
        rejected(s,
                 "Error creating: Internal error occurred: failed calling webhook "
                 "\"mutate.kyverno.svc-fail\": failed to call webhook: no endpoints available");
        const auto f = check(s, "policies", CheckStatus::fail);
        CHECK(f.summary ==
              "admission webhook mutate.kyverno.svc-fail is unreachable: ReplicaSet "
              "homerun2-core-catcher-7d9f8 cannot create its pods");
        CHECK(contains(f.cause, "cluster-wide"));
        CHECK(f.fix == "kubectl -n kyverno get pods");
    }
    TEST_CASE("D3: a policy that denies names the policy") {
        auto s = healthy_snapshot();
        rejected(s,
                 "Error creating: admission webhook \"validate.kyverno.svc-fail\" denied the "
                 "request: \n\nresource Pod/x/y was blocked due to the following policies "
                 "\n\ndisallow-latest-tag:\n  validate-image-tag: 'validation error'\n");
        const auto f = check(s, "policies");
        CHECK(f.summary ==
              "admission webhook validate.kyverno.svc-fail denies ReplicaSet "
              "homerun2-core-catcher-7d9f8: policy disallow-latest-tag");
        CHECK(f.fix == "kubectl describe clusterpolicy disallow-latest-tag");
        SUBCASE("a denial that names no policy") {
            s.events->back().message = "admission webhook \"gatekeeper\" denied the request: no";
            const auto g = check(s, "policies");
            CHECK(contains(g.summary, "policy a policy"));
            CHECK(g.fix == "kubectl get clusterpolicies");
        }
        SUBCASE("a hostile policy name is quoted in the fix") {
            s.events->back().message =
                "admission webhook \"v\" denied the request: blocked due to the following "
                "policies $(reboot);x:";
            CHECK(check(s, "policies").fix == "kubectl describe clusterpolicy '$(reboot);x'");
        }
    }
    TEST_CASE("other FailedCreate events are not webhook rejections") {
        auto s = healthy_snapshot();
        rejected(s, "Error creating: pods \"x\" is forbidden: exceeded quota: pr-preview");
        CHECK(check(s, "policies").status == CheckStatus::pass);
    }
}

TEST_SUITE("core::diagnosis.secret_cause") {
    TEST_CASE("E1: a store that is not Ready: no force-sync, describe the store") {
        auto s = failing_secret();
        update_failed(s, kVaultDenied, "2026-11-23T15:59:00Z");
        store(s, false);
        const auto f = check(s, "secrets", CheckStatus::fail);
        CHECK(has_evidence(f, "latest UpdateFailed event (x40): error processing"));
        CHECK(has_evidence(f,
                           "ClusterSecretStore vault-homerun2-pr: Ready=False "
                           "InvalidProviderConfig: unable to create client"));
        CHECK(contains(f.cause,
                       "ClusterSecretStore vault-homerun2-pr is not Ready: Vault denies "
                       "the Kubernetes-auth login"));
        CHECK(f.fix == "kubectl describe clustersecretstore vault-homerun2-pr");
        CHECK_FALSE(f.auto_fix);
    }
    TEST_CASE("E1: a store that does not exist") {
        auto s = failing_secret();
        s.follow_up.stores.insert_or_assign(kStore, std::optional<PolicyObject>());
        const auto f = check(s, "secrets");
        CHECK(contains(f.cause, "which does not exist on this cluster"));
        CHECK(f.fix == "kubectl get clustersecretstores,secretstores -A");
        CHECK_FALSE(f.auto_fix);
    }
    TEST_CASE("E1: a namespaced store (ESO's default kind) that does not exist") {
        auto s = failing_secret();
        (*s.external_secrets)[2].store_kind.clear();
        (*s.external_secrets)[2].store_name = "local";
        s.follow_up.stores.insert_or_assign("SecretStore/local", std::optional<PolicyObject>());
        const auto f = check(s, "secrets");
        CHECK(has_evidence(f, "SecretStore local: does not exist"));
        CHECK(contains(f.cause, "reads from SecretStore local, which does not exist"));
    }
    TEST_CASE("E1: the store is fine, the provider rejects this secret right now") {
        auto s = failing_secret();
        update_failed(s,
                      "error processing spec.data[0], err: cannot find secret data for key: "
                      "\"redisPassword\"",
                      "2026-11-23T15:59:00Z");
        store(s, true);
        const auto f = check(s, "secrets");
        CHECK(contains(f.cause, "has no such property"));
        CHECK(f.fix == "kubectl -n " + kNs + " describe externalsecret redis-stack-auth");
        CHECK_FALSE(f.auto_fix);
    }
    TEST_CASE("E2: the store is Ready again and the last failure is old: force-sync") {
        auto s = failing_secret();
        update_failed(s, kVaultDenied, "2026-11-23T15:10:00Z");
        store(s, true);
        const auto f = check(s, "secrets");
        CHECK(contains(f.cause,
                       "is Ready now, but ExternalSecret redis-stack-auth last failed at "
                       "2026-11-23T15:30:00Z"));
        CHECK(f.auto_fix);
        CHECK(contains(f.fix, "annotate externalsecret redis-stack-auth force-sync="));
    }
    TEST_CASE("an unreadable store is evidence; the force-sync stays") {
        auto s = failing_secret();
        s.follow_up.stores.insert_or_assign(kStore, Error(ErrorKind::api, "forbidden", {}, 403));
        const auto f = check(s, "secrets");
        CHECK(has_evidence(f, "ClusterSecretStore vault-homerun2-pr"));
        CHECK(has_evidence(f, "forbidden"));
        CHECK(f.auto_fix);
    }
    TEST_CASE("a store name that is not a Kubernetes name is refused, not force-synced") {
        auto s = failing_secret();
        (*s.external_secrets)[2].store_name = "../../api/v1/namespaces/kube-system/secrets/x?a=b";
        const auto f = check(s, "secrets", CheckStatus::fail);
        CHECK(has_evidence(f,
                           "spec.secretStoreRef names ClusterSecretStore "
                           "\"../../api/v1/namespaces/kube-system/secrets/x?a=b\", which is "
                           "not read: the name must contain only lowercase letters"));
        CHECK(contains(f.cause, "references a store that cannot exist"));
        CHECK(f.fix == "kubectl -n " + kNs + " get externalsecret redis-stack-auth -o yaml");
        CHECK_FALSE(f.auto_fix);
    }
}
