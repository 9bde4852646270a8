// Renders a profile's smoke section for one PR and keeps its requests on the preview's host.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "preview/core/ascii.hpp"
#include "preview/core/smoke.hpp"

namespace preview {
namespace {

struct Origin {
    std::string scheme;  ///< lower case
    std::string host;    ///< lower case, without a trailing dot
    unsigned port = 0;   ///< 443 when not given for https
};

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

// scheme://host[:port][/...] with an ASCII host name or IPv4 address; nullopt for anything
// else: user information (a@b), a bracketed IPv6 literal, percent-encoding, non-ASCII (an IDN
// that libcurl would convert), a bad port. No preview is reached by one, and refusing them keeps
// the comparison with the preview's host exact.
std::optional<Origin> origin_of(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) {
        return std::nullopt;
    }
    Origin o;
    o.scheme = ascii_lower(url.substr(0, sep));
    const auto rest = url.substr(sep + 3);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    const auto colon = authority.find(':');
    const auto host = authority.substr(0, colon);
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) {
        return std::nullopt;
    }
    o.host = ascii_lower(host);
    if (o.host.back() == '.') {
        o.host.pop_back();  // the root label: cc-pr-1.example.com. is cc-pr-1.example.com
    }
    if (colon == std::string_view::npos) {
        o.port = o.scheme == "https" ? 443 : 80;
    } else {
        const auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::nullopt;
        }
        for (char c : port) {
            o.port = o.port * 10 + static_cast<unsigned>(c - '0');
        }
        if (o.port == 0 || o.port > 65535) {
            return std::nullopt;
        }
    }
    if (o.host.empty() || o.host.front() == '.' || o.host.back() == '.' ||
        o.host.find("..") != std::string::npos) {
        return std::nullopt;
    }
    return o;
}

bool is_ip(std::string_view host) {
    return std::all_of(host.begin(), host.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// omni-cc-pr-12.a.example.com is a sibling of cc-pr-12.a.example.com: only the first label
// differs and the shared parent has at least two labels (never a bare "com"). The rule for the
// built-in profiles, whose URLs are compiled in.
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

bool is_pr_preview_host(std::string_view host, std::string_view preview_host, int number) {
    auto normal = [](std::string_view h) {
        auto out = ascii_lower(h);
        if (!out.empty() && out.back() == '.') {
            out.pop_back();
        }
        return out;
    };
    const auto a = normal(host);
    const auto b = normal(preview_host);
    if (a.empty() || b.empty() || is_ip(a) || is_ip(b) ||
        !std::all_of(a.begin(), a.end(), is_host_char) || a.front() == '.' || a.back() == '.' ||
        a.find("..") != std::string::npos) {
        return false;
    }
    const auto da = a.find('.');
    const auto db = b.find('.');
    if (da == std::string::npos || db == std::string::npos) {
        return false;
    }
    const auto label = std::string_view(a).substr(0, da);
    const auto parent = std::string_view(a).substr(da + 1);
    // A punycode label is displayed as something else; the PR number must be what one reads.
    if (label.starts_with("xn--") || parent != std::string_view(b).substr(db + 1) ||
        parent.find('.') == std::string_view::npos) {
        return false;
    }
    const auto own = fmt::format("pr-{}", number);
    return label == own || label.ends_with("-" + own);
}

Result<SmokePlan> plan_smoke(const Profile& profile, const PrRef& pr, std::string title,
                             const SmokeEnvLookup& env,
                             const std::vector<std::string>& allowed_env) {
    if (!profile.smoke) {
        return smoke_config_error(
            fmt::format("the profile ({}) has no smoke: section", profile.source),
            "describe how data flows in .preview.yaml (README: \"Smoke test\"), or use a "
            "built-in profile that has one (preview profiles)");
    }
    const SmokeSpec& spec = *profile.smoke;
    // The preview's URL as status derives and probes it for this PR.
    auto targets = render_targets(profile, pr, "");
    if (!targets) {
        return targets.error();
    }
    const std::string& preview_url = targets->url;
    const auto preview = origin_of(preview_url);
    if (preview_url.empty() || !preview) {
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
    const SmokeTemplateValues plain{pr, plan.title, nullptr, {}};
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
        const bool host_ok =
            o && (profile.builtin ? same_or_sibling(o->host, preview->host)
                                  : is_pr_preview_host(o->host, preview->host, pr.number));
        if (!o || o->scheme != "https" || o->port != preview->port || !host_ok) {
            const auto allowed =
                profile.builtin
                    ? std::string("or a sibling host of the same domain and port")
                    : fmt::format(
                          "or a sibling host of the same domain and port; a profile "
                          "file may send only to hosts whose first label ends in pr-{}, "
                          "this PR's preview",
                          pr.number);
            return smoke_config_error(
                fmt::format("{}: \"{}\" renders to {:?}, which is not https:// on the preview's "
                            "host {} ({})",
                            profile.source, key, url, preview->host, allowed),
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
    with_env.env_policy = SmokeEnvPolicy{profile.builtin, allowed_env};
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
