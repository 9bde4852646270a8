// Renders a profile's smoke section for one PR and keeps its requests on the preview's host.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "preview/core/smoke.hpp"

namespace preview {
namespace {

struct Origin {
    std::string scheme;
    std::string host;  ///< lower case
    std::string port;  ///< "443" when not given for https
};

// scheme://host[:port][/...]; nullopt for userinfo, an empty host or a bracketed IPv6 literal
// (no preview is reached by one, and refusing them keeps the comparison simple).
std::optional<Origin> origin_of(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) {
        return std::nullopt;
    }
    Origin o;
    o.scheme = std::string(url.substr(0, sep));
    auto rest = url.substr(sep + 3);
    const auto end = rest.find_first_of("/?#");
    const auto authority = rest.substr(0, end);
    if (authority.empty() || authority.find_first_of("@[]\\") != std::string_view::npos) {
        return std::nullopt;
    }
    const auto colon = authority.rfind(':');
    o.host = std::string(authority.substr(0, colon));
    o.port = colon == std::string_view::npos ? (o.scheme == "https" ? "443" : "80")
                                             : std::string(authority.substr(colon + 1));
    std::transform(o.host.begin(), o.host.end(), o.host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (o.host.empty() || o.port.empty()) {
        return std::nullopt;
    }
    return o;
}

bool is_ip(std::string_view host) {
    return std::all_of(host.begin(), host.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// omni-cc-pr-12.a.example.com is a sibling of cc-pr-12.a.example.com: only the first label
// differs and the shared parent has at least two labels (never a bare "com").
bool same_or_sibling(const std::string& a, const std::string& b) {
    if (a == b) {
        return true;
    }
    if (is_ip(a) || is_ip(b)) {
        return false;
    }
    const auto da = a.find('.');
    const auto db = b.find('.');
    if (da == std::string::npos || db == std::string::npos) {
        return false;
    }
    const auto parent = a.substr(da + 1);
    return parent == b.substr(db + 1) && parent.find('.') != std::string::npos;
}

Error smoke_config_error(std::string message, std::string hint = {}) {
    return Error(ErrorKind::config, std::move(message), std::move(hint));
}

}  // namespace

Result<SmokePlan> plan_smoke(const Profile& profile, const PrRef& pr, std::string title,
                             const SmokeEnvLookup& env) {
    if (!profile.smoke) {
        return smoke_config_error(
            fmt::format("the profile ({}) has no smoke: section", profile.source),
            "describe how data flows in .preview.yaml (README: \"Smoke test\"), or use a "
            "built-in profile that has one (preview profiles)");
    }
    const SmokeSpec& spec = *profile.smoke;
    auto preview_url = render_template(profile.url, pr, "");
    if (!preview_url) {
        return preview_url.error();
    }
    const auto preview = origin_of(*preview_url);
    if (preview_url->empty() || !preview) {
        return smoke_config_error(
            fmt::format("the profile ({}) gives previews no URL: the smoke test sends only to the "
                        "preview's own host",
                        profile.source),
            "set url: in .preview.yaml");
    }
    SmokePlan plan;
    plan.title = std::move(title);
    plan.method = spec.send_method;
    plan.expect_field = spec.expect_field;
    plan.timeout_seconds = spec.timeout_seconds;
    const SmokeTemplateValues plain{pr, plan.title, nullptr};
    const auto render = [&](std::string_view key, std::string_view tmpl,
                            const SmokeTemplateValues& values,
                            std::vector<std::string>* secrets) -> Result<std::string> {
        auto out = render_smoke_template(tmpl, values, secrets);
        if (!out) {
            Error e = out.error();
            e.message = fmt::format("{}: \"{}\": {}", profile.source, key, e.message);
            return e;
        }
        return out;
    };
    const auto on_preview_host = [&](std::string_view key,
                                     const std::string& url) -> std::optional<Error> {
        const auto o = origin_of(url);
        if (!o || o->scheme != "https" || o->port != preview->port ||
            !same_or_sibling(o->host, preview->host)) {
            return smoke_config_error(
                fmt::format("{}: \"{}\" renders to {:?}, which is not https:// on the preview's "
                            "host {} (or a sibling host of the same domain and port)",
                            profile.source, key, url, preview->host),
                "the smoke test sends its credentials only to the preview itself (README: "
                "\"Smoke test\")");
        }
        return std::nullopt;
    };
    for (auto [key, tmpl, target] :
         {std::tuple{"smoke.send.url", &spec.send_url, &plan.send_url},
          std::tuple{"smoke.expect.url", &spec.expect_url, &plan.expect_url}}) {
        auto url = render(key, *tmpl, plain, nullptr);
        if (!url) {
            return url.error();
        }
        if (auto problem = on_preview_host(key, *url)) {
            return *problem;
        }
        *target = std::move(url).value();
    }
    auto body = render("smoke.send.body", spec.send_body, plain, nullptr);
    auto contains = render("smoke.expect.contains", spec.expect_contains, plain, nullptr);
    if (!body) {
        return body.error();
    }
    if (!contains) {
        return contains.error();
    }
    plan.body = std::move(body).value();
    plan.expect_contains = std::move(contains).value();
    SmokeTemplateValues with_env = plain;
    with_env.env = [&env, &plan](std::string_view name) {
        plan.env_vars.emplace_back(name);
        return env ? env(name) : std::nullopt;
    };
    for (const auto& header : spec.send_headers) {
        auto value = render(fmt::format("smoke.send.headers.{}", header.name), header.value,
                            with_env, &plan.secrets);
        if (!value) {
            return value.error();
        }
        plan.headers.push_back({header.name, std::move(value).value()});
    }
    return plan;
}

}  // namespace preview
