#include "preview/core/fix_plan.hpp"

#include <algorithm>

namespace preview {
namespace {

std::string external_secret_api(const Snapshot& s, const std::string& name) {
    if (s.external_secrets.ok()) {
        for (const auto& es : *s.external_secrets) {
            if (es.meta.name == name && !es.api_version.empty()) {
                return es.api_version;
            }
        }
    }
    return "external-secrets.io/v1";
}

}  // namespace

std::vector<Mutation> plan_fixes(const std::vector<Finding>& findings, const Snapshot& s,
                                 std::int64_t now) {
    std::vector<Mutation> plan;
    auto add = [&plan](Mutation m) {
        const bool known = std::any_of(plan.begin(), plan.end(), [&](const Mutation& p) {
            return p.kind == m.kind && p.api_path == m.api_path && p.label == m.label;
        });
        if (!known) {
            plan.push_back(std::move(m));
        }
    };
    for (const auto& f : findings) {
        if (!f.auto_fix || (f.status != CheckStatus::fail && f.status != CheckStatus::warn)) {
            continue;
        }
        switch (f.fix_kind) {
            case FixKind::none:
                break;
            case FixKind::add_label:
                add(add_label(s.ref, s.targets.label));
                break;
            case FixKind::refresh_application_set:
                add(refresh_application_set(s.targets));
                break;
            case FixKind::bump_route:
                for (const auto& route : f.fix_targets) {
                    add(bump_route(s.targets, route, now));
                }
                break;
            case FixKind::force_sync_external_secret:
                for (const auto& name : f.fix_targets) {
                    add(force_sync_external_secret(s.targets, name, now,
                                                   external_secret_api(s, name)));
                }
                break;
        }
    }
    return plan;
}

}  // namespace preview
