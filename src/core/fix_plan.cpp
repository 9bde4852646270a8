#include "preview/core/fix_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "preview/core/argo_sync.hpp"

namespace preview {
namespace {

// C0 (with tab and newline: none belongs in a one-line plan entry), DEL, C1 (U+0080-U+009F) and
// the bidi controls (U+202A-U+202E, U+2066-U+2069), as UTF-8 bytes.
bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = [&](std::size_t k) {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
        };
        if (c < 0x20U || c == 0x7FU || (c == 0xC2U && next(1) >= 0x80U && next(1) <= 0x9FU)) {
            return true;
        }
        if (c == 0xE2U && ((next(1) == 0x80U && next(2) >= 0xAAU && next(2) <= 0xAEU) ||
                           (next(1) == 0x81U && next(2) >= 0xA6U && next(2) <= 0xA9U))) {
            return true;
        }
    }
    return false;
}

// Every value a source may put in a request or a command.
bool shows_control_character(const Intent& m) {
    const ObjectRef& o = m.object;
    for (const std::string* text : {&m.label, &m.annotation, &m.value, &m.revision, &o.group,
                                    &o.version, &o.kind, &o.namespace_name, &o.name}) {
        if (has_control_character(*text)) {
            return true;
        }
    }
    return false;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Why --fix must not touch this object, or "" when it may.
template <class T>
std::string out_of_scope(const Snapshot& s, const Observed<std::vector<T>>& listed,
                         std::string_view group, std::string_view kind, const std::string& name,
                         const std::vector<std::string>& profile_names) {
    if (listed.ok()) {
        for (const auto& item : *listed) {
            if (item.meta.name == name && !item.meta.namespace_name.empty() &&
                item.meta.namespace_name != s.targets.namespace_name) {
                return fmt::format("{} {:?}: the server listed it in namespace {:?}, not {}", kind,
                                   name, item.meta.namespace_name, s.targets.namespace_name);
            }
        }
    }
    static const std::vector<Application> kNone;
    if (in_preview_scope(s.applications.ok() ? *s.applications : kNone, s.targets, group, kind,
                         name, profile_names)) {
        return {};
    }
    return fmt::format("{} {:?}: {}", kind, name,
                       profile_names.empty() ? "no Application of the preview owns it"
                                             : "the profile does not name it");
}

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

// The preview's Application of this name, or nullptr when it is not one of them.
const Application* preview_application(const Snapshot& s, const std::string& name) {
    if (!s.applications.ok()) {
        return nullptr;
    }
    for (const auto& app : *s.applications) {
        if (app.meta.name == name) {
            return &app;
        }
    }
    return nullptr;
}

std::string not_ours(const std::string& name) {
    return fmt::format("Application {:?}: it is not one of the preview's Applications", name);
}

}  // namespace

bool in_preview_scope(const std::vector<Application>& apps, const Targets& t,
                      std::string_view group, std::string_view kind, const std::string& name,
                      const std::vector<std::string>& profile_names) {
    // The profile's list, when it has one, is the explicit statement of what the preview is; a
    // manifest change in the PR must not widen it. Ownership counts only when the profile is
    // silent.
    if (!profile_names.empty()) {
        return contains(profile_names, name);
    }
    for (const auto& app : apps) {
        for (const auto& r : app.resources) {
            if (r.group == group && r.kind == kind && r.name == name &&
                r.namespace_name == t.namespace_name) {
                return true;
            }
        }
    }
    return false;
}

FixPlan plan_fixes(const std::vector<Finding>& findings, const Snapshot& s, std::int64_t now) {
    FixPlan plan;
    auto refuse = [&plan](std::string why) {
        if (!contains(plan.refused, why)) {
            plan.refused.push_back(std::move(why));
        }
    };
    auto add = [&plan, &refuse](Result<Intent> m) {
        if (!m.ok()) {
            refuse(m.error().message);
            return;
        }
        if (shows_control_character(*m)) {
            refuse(fmt::format("{:?}: it contains a control character", kind_name(*m)));
            return;
        }
        const bool known =
            std::any_of(plan.changes.begin(), plan.changes.end(), [&](const auto& p) {
                return p.kind == m->kind && p.object == m->object && p.label == m->label;
            });
        if (!known) {
            plan.changes.push_back(std::move(m.value()));
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
                add(add_label(s.targets.label));
                break;
            case FixKind::refresh_application_set:
                add(refresh_application_set(s.targets));
                break;
            case FixKind::bump_route:
                for (const auto& route : f.fix_targets) {
                    auto why = out_of_scope(s, s.routes, "gateway.networking.k8s.io", "HTTPRoute",
                                            route, s.targets.http_routes);
                    if (why.empty()) {
                        add(bump_route(s.targets, route, now));
                    } else {
                        refuse(std::move(why));
                    }
                }
                break;
            case FixKind::force_sync_external_secret:
                for (const auto& name : f.fix_targets) {
                    auto why = out_of_scope(s, s.external_secrets, "external-secrets.io",
                                            "ExternalSecret", name, s.targets.external_secrets);
                    if (why.empty()) {
                        add(force_sync_external_secret(s.targets, name, now,
                                                       external_secret_api(s, name)));
                    } else {
                        refuse(std::move(why));
                    }
                }
                break;
            case FixKind::hard_refresh_application:
                for (const auto& name : f.fix_targets) {
                    if (preview_application(s, name) != nullptr) {
                        add(hard_refresh_application(s.targets, name));
                    } else {
                        refuse(not_ours(name));
                    }
                }
                break;
            case FixKind::sync_application:
                // The revision comes from the Application itself, as read: a sync is started only
                // where automated sync gave up on exactly that revision.
                for (const auto& name : f.fix_targets) {
                    const auto* app = preview_application(s, name);
                    const auto revision = app != nullptr ? lockout_revision(*app) : std::nullopt;
                    if (revision) {
                        add(sync_application(s.targets, name, *revision, app->source_revision));
                    } else {
                        refuse(app == nullptr ? not_ours(name)
                                              : fmt::format("Application {:?}: its automated sync "
                                                            "has not given up on a revision",
                                                            name));
                    }
                }
                break;
        }
    }
    return plan;
}

}  // namespace preview
