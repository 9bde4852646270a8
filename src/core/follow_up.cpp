#include "preview/core/follow_up.hpp"

#include <algorithm>
#include <set>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

const Namespace* active_namespace(const Snapshot& s) {
    if (!s.namespace_state.ok() || !s.namespace_state->has_value()) {
        return nullptr;
    }
    const Namespace& ns = **s.namespace_state;
    const bool terminating = !ns.meta.deletion_timestamp.empty() || ns.phase == "Terminating";
    return terminating ? nullptr : &ns;
}

bool limits_rejected(const Snapshot& s) {
    if (!s.events.ok()) {
        return false;
    }
    return std::any_of(s.events->begin(), s.events->end(), [](const Event& e) {
        return e.reason == "FailedCreate" && e.message.find("failed quota") != std::string::npos &&
               e.message.find("must specify") != std::string::npos;
    });
}

}  // namespace

StoreRef store_ref(const ExternalSecret& es) {
    return StoreRef{es.store_kind.empty() ? "SecretStore" : es.store_kind, es.store_name};
}

std::optional<std::string> store_ref_problem(const StoreRef& ref) {
    if (ref.kind != "SecretStore" && ref.kind != "ClusterSecretStore") {
        return "the kind is neither SecretStore nor ClusterSecretStore";
    }
    if (auto problem = dns1123_subdomain_problem(ref.name)) {
        return "the name " + *problem;
    }
    return std::nullopt;
}

std::vector<std::string> missing_generated(const Snapshot& s) {
    std::vector<std::string> out;
    const Namespace* ns = active_namespace(s);
    const auto age = ns != nullptr ? age_of(s, ns->meta.creation_timestamp) : std::nullopt;
    if (!age || *age < checks::kSettle) {
        return out;
    }
    if (s.external_secrets.ok()) {
        for (const auto& name : s.targets.external_secrets) {
            const bool there =
                std::any_of(s.external_secrets->begin(), s.external_secrets->end(),
                            [&](const ExternalSecret& es) { return es.meta.name == name; });
            if (!there) {
                out.push_back("ExternalSecret " + name);
            }
        }
    }
    // The seed Job is deleted an hour after it finished: absent later is normal.
    if (s.jobs.ok() && !s.targets.seed_job.empty() && *age < checks::kSeedJobTtl) {
        const bool there = std::any_of(s.jobs->begin(), s.jobs->end(), [&](const Job& j) {
            return j.meta.name == s.targets.seed_job;
        });
        if (!there) {
            out.push_back("Job " + s.targets.seed_job);
        }
    }
    if (limits_rejected(s)) {
        out.emplace_back("LimitRange");
    }
    return out;
}

std::string update_request_selector(std::string_view namespace_name) {
    return fmt::format(
        "generate.kyverno.io/resource-kind=Namespace,generate.kyverno.io/"
        "resource-name={}",
        namespace_name);
}

bool triggered_by(const UpdateRequest& ur, std::string_view namespace_name) {
    return ur.resource_kind == "Namespace" && ur.resource_name == namespace_name;
}

bool unfinished(const UpdateRequest& ur) {
    return ur.state == "Failed" || ur.state == "Pending";
}

std::vector<std::string> policies_to_read(const std::vector<UpdateRequest>& requests,
                                          std::string_view namespace_name) {
    std::vector<std::string> out;
    for (const auto& ur : requests) {
        if (triggered_by(ur, namespace_name) && unfinished(ur) &&
            !dns1123_subdomain_problem(ur.policy) &&
            std::find(out.begin(), out.end(), ur.policy) == out.end()) {
            out.push_back(ur.policy);
        }
    }
    return out;
}

std::vector<StoreRef> failing_stores(const Snapshot& s) {
    std::vector<StoreRef> out;
    if (!s.external_secrets.ok() || active_namespace(s) == nullptr) {
        return out;
    }
    std::set<std::string> seen;
    for (const auto& es : *s.external_secrets) {
        const auto* ready = find_condition(es.conditions, "Ready");
        if (ready == nullptr || ready->status != "False" || es.store_name.empty()) {
            continue;
        }
        StoreRef ref = store_ref(es);
        if (!store_ref_problem(ref) && seen.insert(ref.key()).second) {
            out.push_back(std::move(ref));
        }
    }
    return out;
}

}  // namespace preview
