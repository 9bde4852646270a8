#include "core/profile/reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/profile/keys.hpp"
#include "core/profile/placeholders.hpp"
#include "core/profile/support.hpp"
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "preview/core/smoke.hpp"
#include "preview/core/suggest.hpp"

namespace preview::profile_detail {
namespace {

std::string_view describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
            return "empty";
        case YAML::NodeType::Scalar:
            return "a single value";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Undefined:
            break;
    }
    return "undefined";
}

class ProfileReader {
  public:
    ProfileReader(std::string_view source, Profile& profile) : source_(source), profile_(profile) {}

    void read(const YAML::Node& root) {
        each_key(
            root, "", kRootKeys,
            [this](std::string_view key, const YAML::Node& value, const YAML::Mark& mark,
                   const std::string& path) {
                if (key == "repo") {
                    profile_.repo = read_repo(value, mark, path);
                } else if (key == "label") {
                    profile_.label = read_string(value, mark, path);
                    if (profile_.label.empty()) {
                        fail(mark,
                             "\"label\" must not be empty: it is the PR label that requests a "
                             "preview");
                    }
                } else if (key == "github") {
                    read_github(value, path);
                } else if (key == "argocd") {
                    read_argocd(value, path);
                } else if (key == "cluster") {
                    read_cluster(value, path);
                } else if (key == "url") {
                    profile_.url = read_template(value, mark, path);
                    if (!profile_.url.empty() && !is_http_url(profile_.url)) {
                        fail(mark, fmt::format("\"url\" must start with http:// or https:// (it is "
                                               "{:?}); use \"\" for no URL",
                                               profile_.url));
                    }
                } else if (key == "healthPath") {
                    profile_.health_path = read_template(value, mark, path);
                    if (profile_.health_path.empty() || profile_.health_path.front() != '/') {
                        fail(mark, fmt::format("\"healthPath\" must start with '/' (it is {:?})",
                                               profile_.health_path));
                    }
                } else if (key == "httpRoutes") {
                    profile_.http_routes = read_template_list(value, mark, path);
                } else if (key == "externalSecrets") {
                    profile_.external_secrets = read_template_list(value, mark, path);
                } else if (key == "seedJob") {
                    profile_.seed_job = read_template(value, mark, path);
                } else if (key == "artifacts") {
                    profile_.artifacts = read_template_list(value, mark, path);
                } else if (key == "smoke") {
                    read_smoke(value, mark, path);
                }
            });
    }

  private:
    void read_github(const YAML::Node& node, const std::string& prefix) {
        each_key(node, prefix, kGithubKeys,
                 [this](std::string_view key, const YAML::Node& value, const YAML::Mark& mark,
                        const std::string& path) {
                     if (key == "apiUrl") {
                         auto url = read_string(value, mark, path);
                         while (!url.empty() && url.back() == '/') {
                             url.pop_back();
                         }
                         if (!url.empty() && !is_http_url(url)) {
                             fail(mark, fmt::format(
                                            "\"github.apiUrl\" must start with http:// or https:// "
                                            "(it is {:?})",
                                            url));
                         }
                         profile_.github_api_url = std::move(url);
                     } else if (key == "requiredChecks") {
                         profile_.required_checks = read_list(value, mark, path);
                     } else if (key == "commentAuthor") {
                         profile_.comment_author = read_string(value, mark, path);
                     }
                 });
    }

    void read_argocd(const YAML::Node& node, const std::string& prefix) {
        each_key(node, prefix, kArgocdKeys,
                 [this](std::string_view key, const YAML::Node& value, const YAML::Mark& mark,
                        const std::string& path) {
                     if (key == "context") {
                         profile_.argocd_context = read_string(value, mark, path);
                     } else if (key == "namespace") {
                         profile_.argocd_namespace = read_template(value, mark, path);
                     } else if (key == "applicationSet") {
                         profile_.application_set = read_template(value, mark, path);
                     } else if (key == "application") {
                         profile_.application = read_template(value, mark, path);
                     } else if (key == "prLabel") {
                         profile_.pr_label = read_template(value, mark, path);
                     } else if (key == "server") {
                         profile_.argocd_server = read_string(value, mark, path);
                     } else if (key == "rootPath") {
                         profile_.argocd_root_path = read_string(value, mark, path);
                     } else if (key == "insecure") {
                         profile_.argocd_insecure = read_bool(value, mark, path);
                     } else if (key == "plainText") {
                         profile_.argocd_plain_text = read_bool(value, mark, path);
                     } else if (key == "appsetWebhook") {
                         profile_.appset_webhook = read_string(value, mark, path);
                     }
                 });
    }

    void read_cluster(const YAML::Node& node, const std::string& prefix) {
        each_key(node, prefix, kClusterKeys,
                 [this](std::string_view key, const YAML::Node& value, const YAML::Mark& mark,
                        const std::string& path) {
                     if (key == "context") {
                         profile_.cluster_context = read_string(value, mark, path);
                     } else if (key == "namespace") {
                         profile_.namespace_template = read_template(value, mark, path);
                     }
                 });
    }

    void read_smoke(const YAML::Node& node, const YAML::Mark& mark, const std::string& prefix) {
        if (node.IsNull()) {
            profile_.smoke.reset();  // `smoke:` empty: no smoke test
            return;
        }
        SmokeSpec spec;
        each_key(node, prefix, kSmokeKeys,
                 [this, &spec](std::string_view key, const YAML::Node& value,
                               const YAML::Mark& /*mark*/, const std::string& path) {
                     if (key == "send") {
                         read_smoke_send(value, path, spec);
                     } else {
                         read_smoke_expect(value, path, spec);
                     }
                 });
        if (spec.send_url.empty()) {
            fail(mark, "\"smoke.send.url\" is required: where the smoke test sends its message");
        }
        if (spec.expect_url.empty()) {
            fail(mark, "\"smoke.expect.url\" is required: where the message must show up");
        }
        profile_.smoke = std::move(spec);
    }

    void read_smoke_send(const YAML::Node& node, const std::string& prefix, SmokeSpec& spec) {
        each_key(node, prefix, kSmokeSendKeys,
                 [this, &spec](std::string_view key, const YAML::Node& value,
                               const YAML::Mark& mark, const std::string& path) {
                     if (key == "url") {
                         spec.send_url = read_smoke_url(value, mark, path);
                     } else if (key == "method") {
                         spec.send_method = read_string(value, mark, path);
                         static constexpr std::array<std::string_view, 4> kMethods = {
                             "POST", "PUT", "PATCH", "GET"};
                         if (std::find(kMethods.begin(), kMethods.end(), spec.send_method) ==
                             kMethods.end()) {
                             fail(mark, fmt::format("\"{}\" must be one of {} (it is {:?})", path,
                                                    join(kMethods, ", "), spec.send_method));
                         }
                     } else if (key == "headers") {
                         spec.send_headers = read_smoke_headers(value, mark, path);
                     } else if (key == "body") {
                         spec.send_body = read_string(value, mark, path);
                         check_smoke_template(spec.send_body, mark, path, false);
                     }
                 });
    }

    void read_smoke_expect(const YAML::Node& node, const std::string& prefix, SmokeSpec& spec) {
        each_key(node, prefix, kSmokeExpectKeys,
                 [this, &spec](std::string_view key, const YAML::Node& value,
                               const YAML::Mark& mark, const std::string& path) {
                     if (key == "url") {
                         spec.expect_url = read_smoke_url(value, mark, path);
                     } else if (key == "contains") {
                         spec.expect_contains = read_string(value, mark, path);
                         check_smoke_template(spec.expect_contains, mark, path, false);
                         if (spec.expect_contains.find("{title}") == std::string::npos) {
                             fail(mark, fmt::format("\"{}\" must contain {{title}}: only this "
                                                    "run's unique title proves that its message "
                                                    "arrived",
                                                    path));
                         }
                     } else if (key == "field") {
                         spec.expect_field = read_string(value, mark, path);
                     } else if (key == "timeout") {
                         spec.timeout_seconds = read_seconds(value, mark, path);
                     }
                 });
    }

    std::string read_smoke_url(const YAML::Node& value, const YAML::Mark& mark,
                               const std::string& path) {
        auto url = read_string(value, mark, path);
        check_smoke_template(url, mark, path, false);
        if (!url.starts_with("https://")) {
            fail(mark, fmt::format("\"{}\" must start with https:// (it is {:?}): the smoke test "
                                   "sends only over TLS",
                                   path, url));
        }
        return url;
    }

    std::vector<SmokeHeader> read_smoke_headers(const YAML::Node& value, const YAML::Mark& mark,
                                                const std::string& path) {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsMap()) {
            fail(mark, fmt::format("\"{}\" must be a mapping of header names to values, not {}",
                                   path, describe(value)));
        }
        std::vector<SmokeHeader> headers;
        for (const auto& entry : value) {
            const auto key_mark = entry.first.Mark().is_null() ? mark : entry.first.Mark();
            const auto name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
            const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
            });
            if (!token) {
                fail(key_mark, fmt::format("\"{}\": {:?} is not a header name", path, name));
            }
            auto text = read_string(entry.second, key_mark, fmt::format("{}.{}", path, name));
            if (text.find_first_of("\r\n") != std::string::npos) {
                fail(key_mark, fmt::format("\"{}.{}\" must be one line", path, name));
            }
            check_smoke_template(text, key_mark, fmt::format("{}.{}", path, name), true);
            headers.push_back({name, std::move(text)});
        }
        return headers;
    }

    int read_seconds(const YAML::Node& value, const YAML::Mark& mark, const std::string& path) {
        const auto text = read_string(value, mark, path);
        const auto seconds = parse_seconds(text);
        if (!seconds || *seconds <= 0 || *seconds > 3600) {
            fail(mark, fmt::format("\"{}\" must be a duration from 1s to 1h, e.g. 30s or 2m (it is "
                                   "{:?})",
                                   path, text));
        }
        return *seconds;
    }

    void check_smoke_template(std::string_view text, const YAML::Mark& mark,
                              const std::string& path, bool env_allowed) {
        // The syntax and the protected variables only: which other variables a file may read
        // depends on --smoke-env, so plan_smoke decides that.
        SmokeTemplateValues sample{{"owner", "repo", 1}, "title", nullptr, {true, {}}};
        if (env_allowed) {
            sample.env = [](std::string_view) { return std::optional<std::string>("sample"); };
        }
        const auto rendered = render_smoke_template(text, sample);
        if (!rendered) {
            fail(mark, fmt::format("\"{}\": {}", path, rendered.error().message));
        }
    }

    [[noreturn]] void fail(const YAML::Mark& mark, std::string message,
                           std::string hint = {}) const {
        if (mark.is_null()) {
            throw ProfileProblem{
                config_error(fmt::format("{}: {}", source_, message), std::move(hint))};
        }
        throw ProfileProblem{config_error(fmt::format("{}:{}: {}", source_, mark.line + 1, message),
                                          std::move(hint))};
    }

    template <std::size_t N, class OnKey>
    void each_key(const YAML::Node& map, std::string_view prefix,
                  const std::array<std::string_view, N>& known, OnKey on_key) {
        if (map.IsNull()) {
            return;
        }
        if (!map.IsMap()) {
            if (prefix.empty()) {
                fail(map.Mark(),
                     fmt::format("the profile must be a mapping of keys, not {}", describe(map)));
            }
            fail(map.Mark(), fmt::format("\"{}\" must be a mapping with the keys {}, not {}",
                                         prefix, join(known, ", "), describe(map)));
        }
        std::set<std::string, std::less<>> seen;
        for (const auto& entry : map) {
            const YAML::Node& key_node = entry.first;
            const YAML::Mark mark = key_node.Mark();
            if (!key_node.IsScalar()) {
                fail(mark, fmt::format("keys must be plain names, not {}", describe(key_node)));
            }
            const std::string& key = key_node.Scalar();
            const std::string path = prefix.empty() ? key : fmt::format("{}.{}", prefix, key);
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                fail_unknown(mark, key, path, prefix, known);
            }
            if (!seen.insert(key).second) {
                fail(mark, fmt::format("duplicate key \"{}\"", path));
            }
            profile_.key_lines[path] = mark.is_null() ? 0 : mark.line + 1;
            on_key(std::string_view(key), entry.second, mark, path);
        }
    }

    template <std::size_t N>
    [[noreturn]] void fail_unknown(const YAML::Mark& mark, std::string_view key,
                                   const std::string& path, std::string_view prefix,
                                   const std::array<std::string_view, N>& known) const {
        std::string message =
            fmt::format("unknown key \"{}\" (known: {})", path, join(known, ", "));
        if (const auto guess = suggest(key, known)) {
            message += fmt::format(
                "; did you mean \"{}\"?",
                prefix.empty() ? std::string(*guess) : fmt::format("{}.{}", prefix, *guess));
        } else {
            // A key at the wrong level: "namespace" at the top instead of under "cluster".
            const auto elsewhere = key_paths_named_like(key, path);
            if (!elsewhere.empty()) {
                message += fmt::format("; did you mean \"{}\"?", join(elsewhere, "\" or \""));
            }
        }
        fail(mark, std::move(message));
    }

    std::string read_string(const YAML::Node& value, const YAML::Mark& mark,
                            const std::string& path) {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsScalar()) {
            fail(mark, fmt::format("\"{}\" must be a string, not {}", path, describe(value)),
                 value.IsMap() ? std::string(kQuoteHint) : std::string());
        }
        return value.Scalar();
    }

    bool read_bool(const YAML::Node& value, const YAML::Mark& mark, const std::string& path) {
        if (value.IsNull()) {
            return false;
        }
        if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
            return value.Scalar() == "true";
        }
        fail(mark,
             value.IsScalar()
                 ? fmt::format("\"{}\" must be true or false, not \"{}\"", path, value.Scalar())
                 : fmt::format("\"{}\" must be true or false, not {}", path, describe(value)));
    }

    std::string read_template(const YAML::Node& value, const YAML::Mark& mark,
                              const std::string& path) {
        auto text = read_string(value, mark, path);
        check_template(text, mark, path);
        return text;
    }

    std::vector<std::string> read_list(const YAML::Node& value, const YAML::Mark& mark,
                                       const std::string& path, bool templates = false) {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsSequence()) {
            std::string hint;
            if (value.IsScalar()) {
                hint = fmt::format("write `{}: [{}]` for a list of one", path, value.Scalar());
            }
            fail(mark,
                 fmt::format("\"{}\" must be a list of strings, not {}", path, describe(value)),
                 std::move(hint));
        }
        std::vector<std::string> items;
        std::size_t index = 0;
        for (const auto& item : value) {
            ++index;
            const auto item_mark = item.Mark().is_null() ? mark : item.Mark();
            if (!item.IsScalar()) {
                fail(item_mark,
                     fmt::format("\"{}\" item {} must be a string, not {}", path, index,
                                 describe(item)),
                     item.IsMap() ? std::string(kQuoteHint) : std::string());
            }
            if (item.Scalar().empty()) {
                fail(item_mark, fmt::format("\"{}\" item {} is empty", path, index));
            }
            if (templates) {
                check_template(item.Scalar(), item_mark, path);
            }
            items.push_back(item.Scalar());
        }
        return items;
    }

    std::vector<std::string> read_template_list(const YAML::Node& value, const YAML::Mark& mark,
                                                const std::string& path) {
        return read_list(value, mark, path, true);
    }

    std::string read_repo(const YAML::Node& value, const YAML::Mark& mark,
                          const std::string& path) {
        const auto text = read_string(value, mark, path);
        if (text.empty()) {
            return {};
        }
        const auto slug = parse_repo_slug(text);
        if (!slug) {
            fail(mark, fmt::format("\"repo\": {}", slug.error().message));
        }
        return slug->repo_slug();
    }

    // Catches unknown placeholders here, where the line is known, rather than at render time.
    void check_template(std::string_view text, const YAML::Mark& mark, const std::string& path) {
        static const PlaceholderValues sample = {"1", "0123456789abcdef", "01234567", "owner",
                                                 "repo"};
        const auto rendered = render_with(text, sample, kMissingReasons);
        if (!rendered) {
            fail(mark, fmt::format("\"{}\": {}", path, rendered.error().message));
        }
    }

    std::string_view source_;
    Profile& profile_;
};

}  // namespace

void read_profile(const YAML::Node& root, std::string_view source, Profile& profile) {
    ProfileReader(source, profile).read(root);
}

}  // namespace preview::profile_detail
