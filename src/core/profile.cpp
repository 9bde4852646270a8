#include "preview/core/profile.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "preview/core/k8s_names.hpp"
#include "preview/core/suggest.hpp"

namespace preview {
namespace {

constexpr std::array<std::string_view, 5> kPlaceholders = {"number", "sha", "short_sha", "owner",
                                                           "repo"};
constexpr std::string_view kPlaceholderList = "{number}, {sha}, {short_sha}, {owner}, {repo}";
constexpr std::size_t kShortShaLength = 8;

constexpr std::array<std::string_view, 11> kRootKeys = {
    "repo",       "label",      "github",          "argocd",  "cluster",  "url",
    "healthPath", "httpRoutes", "externalSecrets", "seedJob", "artifacts"};
constexpr std::array<std::string_view, 3> kGithubKeys = {"apiUrl", "requiredChecks",
                                                         "commentAuthor"};
constexpr std::array<std::string_view, 5> kArgocdKeys = {"context", "namespace", "applicationSet",
                                                         "application", "prLabel"};
constexpr std::array<std::string_view, 2> kClusterKeys = {"context", "namespace"};

// Every key path, to point at the right level when a key sits at the wrong one.
std::vector<std::string> all_key_paths() {
    std::vector<std::string> paths(kRootKeys.begin(), kRootKeys.end());
    const auto add = [&paths](std::string_view prefix, const auto& keys) {
        for (std::string_view key : keys) {
            paths.push_back(fmt::format("{}.{}", prefix, key));
        }
    };
    add("github", kGithubKeys);
    add("argocd", kArgocdKeys);
    add("cluster", kClusterKeys);
    return paths;
}

Error config_error(std::string message, std::string hint = {}) {
    Error error;
    error.kind = ErrorKind::config;
    error.message = std::move(message);
    error.hint = std::move(hint);
    return error;
}

std::string join(const auto& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

bool is_http_url(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme &&
            url[scheme.size()] != '/') {
            return true;
        }
    }
    return false;
}

// Renders with the values already worked out; `missing` explains why an empty value is empty.
Result<std::string> render_with(std::string_view tmpl, const std::array<std::string, 5>& values,
                                const std::array<std::string_view, 5>& missing) {
    std::string out;
    out.reserve(tmpl.size());
    for (std::size_t pos = 0; pos < tmpl.size();) {
        const auto open = tmpl.find('{', pos);
        if (open == std::string_view::npos) {
            out += tmpl.substr(pos);
            break;
        }
        out += tmpl.substr(pos, open - pos);
        const auto close = tmpl.find('}', open + 1);
        if (close == std::string_view::npos) {
            return config_error(fmt::format("unclosed \"{{\" in template {:?} (placeholders: {})",
                                            tmpl, kPlaceholderList));
        }
        const auto name = tmpl.substr(open + 1, close - open - 1);
        const auto known = std::find(kPlaceholders.begin(), kPlaceholders.end(), name);
        if (known == kPlaceholders.end()) {
            std::string message = fmt::format(
                "unknown placeholder \"{{{}}}\" in template {:?} "
                "(known: {})",
                name, tmpl, kPlaceholderList);
            if (const auto guess = suggest(name, kPlaceholders)) {
                message += fmt::format("; did you mean \"{{{}}}\"?", *guess);
            }
            return config_error(std::move(message));
        }
        const auto index = static_cast<std::size_t>(known - kPlaceholders.begin());
        if (values[index].empty()) {
            return config_error(
                fmt::format("template {:?} uses {{{}}}, but {}", tmpl, name, missing[index]));
        }
        out += values[index];
        pos = close + 1;
    }
    return out;
}

std::array<std::string, 5> placeholder_values(const PrRef& pr, std::string_view sha) {
    return {std::to_string(pr.number), std::string(sha),
            std::string(sha.substr(0, std::min(sha.size(), kShortShaLength))), pr.owner, pr.repo};
}

constexpr std::array<std::string_view, 5> kMissingReasons = {
    "the pull request number is not known", "the head commit is not known yet",
    "the head commit is not known yet", "the repository is not known",
    "the repository is not known"};

constexpr std::string_view kQuoteHint =
    "YAML reads a value that starts with '{' as a mapping: quote templates, e.g. "
    "namespace: \"{repo}-pr-{number}\"";

// "key: {repo}-pr-{number}" or "- {repo}:tag": a template YAML will misread as a flow mapping.
bool has_unquoted_template(std::string_view yaml) {
    for (std::string_view name : kPlaceholders) {
        for (std::string_view lead : {": {", "- {"}) {
            if (yaml.find(fmt::format("{}{}}}", lead, name)) != std::string_view::npos) {
                return true;
            }
        }
    }
    return false;
}

// Unwinds from deep inside the reader to parse_profile, which turns it back into a Result.
struct ProfileProblem {
    Error error;
};

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
            std::vector<std::string> elsewhere;
            for (const auto& candidate : all_key_paths()) {
                const auto dot = candidate.rfind('.');
                const auto leaf = dot == std::string::npos ? candidate : candidate.substr(dot + 1);
                if (candidate != path && normalize_key(leaf) == normalize_key(key)) {
                    elsewhere.push_back(candidate);
                }
            }
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
        static const std::array<std::string, 5> sample = {"1", "0123456789abcdef", "01234567",
                                                          "owner", "repo"};
        const auto rendered = render_with(text, sample, kMissingReasons);
        if (!rendered) {
            fail(mark, fmt::format("\"{}\": {}", path, rendered.error().message));
        }
    }

    std::string_view source_;
    Profile& profile_;
};

// Renders and checks the names of one profile; throws ProfileProblem on the first bad one.
class TargetRenderer {
  public:
    TargetRenderer(const Profile& profile, const PrRef& pr, std::string_view sha)
        : profile_(profile), values_(placeholder_values(pr, sha)) {}

    std::string render(std::string_view key, std::string_view tmpl) const {
        auto rendered = render_with(tmpl, values_, kMissingReasons);
        if (!rendered) {
            fail(key, fmt::format("\"{}\": {}", key, rendered.error().message));
        }
        return std::move(rendered).value();
    }

    enum class Rule { label, subdomain, label_key, label_value };

    std::string render_name(std::string_view key, std::string_view tmpl, Rule rule,
                            std::string_view noun) const {
        auto name = render(key, tmpl);
        check_name(key, key, name, rule, noun);
        return name;
    }

    void check_name(std::string_view key, std::string_view shown_key, std::string_view name,
                    Rule rule, std::string_view noun) const {
        std::optional<std::string> problem;
        std::size_t limit = 63;
        switch (rule) {
            case Rule::label:
                problem = dns1123_label_problem(name);
                break;
            case Rule::subdomain:
                problem = dns1123_subdomain_problem(name);
                limit = 253;
                break;
            case Rule::label_key:
                problem = label_key_problem(name);
                limit = 253 + 1 + 63;
                break;
            case Rule::label_value:
                problem = label_value_problem(name);
                break;
        }
        if (!problem) {
            return;
        }
        const auto length =
            name.size() > limit ? fmt::format(" ({} characters)", name.size()) : std::string();
        fail(key,
             fmt::format("{} renders to {:?}{}: {} {}", shown_key, name, length, noun, *problem));
    }

    std::vector<std::string> render_names(std::string_view key,
                                          const std::vector<std::string>& templates,
                                          std::string_view noun) const {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < templates.size(); ++i) {
            names.push_back(render(key, templates[i]));
            check_name(key, fmt::format("{} item {}", key, i + 1), names.back(), Rule::subdomain,
                       noun);
        }
        return names;
    }

    [[noreturn]] void fail(std::string_view key, std::string message) const {
        const auto line = profile_.key_lines.find(key);
        if (line != profile_.key_lines.end() && line->second > 0) {
            throw ProfileProblem{
                config_error(fmt::format("{}:{}: {}", profile_.source, line->second, message))};
        }
        throw ProfileProblem{config_error(fmt::format("{}: {}", profile_.source, message))};
    }

  private:
    const Profile& profile_;
    std::array<std::string, 5> values_;
};

// The first node's position of each YAML document, read with a parser that only listens.
// yaml-cpp 0.7's LoadAll never returns when a document starts with ',' (it emits an empty document
// without consuming the token, again and again, allocating each time), so a document that starts
// where the previous one did is reported as the YAML error it is.
class DocumentMarks : public YAML::EventHandler {
  public:
    std::vector<YAML::Mark> starts;  ///< where each document begins
    std::vector<YAML::Mark> roots;   ///< where its root node begins

    void OnDocumentStart(const YAML::Mark& mark) override {
        starts.push_back(mark);
        roots.push_back(mark);
        root_seen_ = false;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  const std::string& /*value*/) override {
        node(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                         YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                    YAML::EmitterStyle::value /*style*/) override {
        node(mark);
    }
    void OnMapEnd() override {}

  private:
    void node(const YAML::Mark& mark) {
        if (!root_seen_ && !roots.empty()) {
            roots.back() = mark;
            root_seen_ = true;
        }
    }
    bool root_seen_ = false;
};

// Where each document's root node starts; throws YAML::Exception for malformed YAML.
std::vector<YAML::Mark> document_roots(const std::string& text) {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentMarks marks;
    while (parser.HandleNextDocument(marks)) {
        const auto& starts = marks.starts;
        if (starts.size() >= 2 && starts.back().pos == starts[starts.size() - 2].pos) {
            const auto at = static_cast<std::size_t>(starts.back().pos);
            throw YAML::ParserException(
                starts.back(), fmt::format("unexpected {:?}",
                                           at < text.size() ? text.substr(at, 1) : std::string()));
        }
    }
    return marks.roots;
}

}  // namespace

Result<Profile> parse_profile(std::string_view yaml_text, std::string_view source_name) {
    Profile profile;
    profile.source = std::string(source_name);
    try {
        const std::string text(yaml_text);
        const auto roots = document_roots(text);
        if (roots.size() > 1) {
            const auto mark = roots[1];
            return config_error(fmt::format("{}:{}: the profile must be one YAML document, not {}",
                                            source_name, mark.is_null() ? 1 : mark.line + 1,
                                            roots.size()));
        }
        if (!roots.empty()) {
            ProfileReader(source_name, profile).read(YAML::Load(text));
        }
    } catch (const ProfileProblem& problem) {
        return problem.error;
    } catch (const YAML::Exception& e) {
        const auto hint =
            has_unquoted_template(yaml_text) ? std::string(kQuoteHint) : std::string();
        if (e.mark.is_null()) {
            return config_error(fmt::format("{}: invalid YAML: {}", source_name, e.msg), hint);
        }
        return config_error(
            fmt::format("{}:{}: invalid YAML: {}", source_name, e.mark.line + 1, e.msg), hint);
    } catch (const std::exception& e) {
        return config_error(fmt::format("{}: cannot read the profile: {}", source_name, e.what()));
    }
    return profile;
}

Result<std::string> render_template(std::string_view tmpl, const PrRef& pr, std::string_view sha) {
    return render_with(tmpl, placeholder_values(pr, sha), kMissingReasons);
}

Result<Targets> render_targets(const Profile& profile, const PrRef& pr, std::string_view sha) {
    if (pr.number <= 0) {
        Error error;
        error.kind = ErrorKind::usage;
        error.message = fmt::format("pull request number {} is not positive", pr.number);
        return error;
    }
    using Rule = TargetRenderer::Rule;
    const TargetRenderer renderer(profile, pr, sha);
    Targets targets;
    try {
        targets.number = pr.number;
        targets.label = profile.label;
        targets.argocd_namespace = renderer.render_name(
            "argocd.namespace", profile.argocd_namespace, Rule::label, "a namespace name");
        targets.application_set =
            renderer.render_name("argocd.applicationSet", profile.application_set, Rule::subdomain,
                                 "an ApplicationSet name");
        targets.application = renderer.render_name("argocd.application", profile.application,
                                                   Rule::subdomain, "an Application name");
        targets.pr_label = renderer.render_name("argocd.prLabel", profile.pr_label, Rule::label_key,
                                                "a label key");
        targets.pr_label_value = std::to_string(pr.number);
        renderer.check_name("argocd.prLabel", "the argocd.prLabel value", targets.pr_label_value,
                            Rule::label_value, "a label value");
        targets.namespace_name = renderer.render_name(
            "cluster.namespace", profile.namespace_template, Rule::label, "a namespace name");
        targets.http_routes =
            renderer.render_names("httpRoutes", profile.http_routes, "an HTTPRoute name");
        targets.external_secrets = renderer.render_names(
            "externalSecrets", profile.external_secrets, "an ExternalSecret name");
        if (!profile.seed_job.empty()) {
            targets.seed_job =
                renderer.render_name("seedJob", profile.seed_job, Rule::subdomain, "a Job name");
        }
        if (!profile.url.empty()) {
            targets.url = renderer.render("url", profile.url);
            if (!is_http_url(targets.url)) {
                renderer.fail("url", fmt::format("url renders to {:?}: a URL must start with "
                                                 "http:// or https://",
                                                 targets.url));
            }
            const auto path = renderer.render("healthPath", profile.health_path);
            if (path.empty() || path.front() != '/') {
                renderer.fail("healthPath", fmt::format("healthPath renders to {:?}: it must start "
                                                        "with '/'",
                                                        path));
            }
            auto base = std::string_view(targets.url);
            while (!base.empty() && base.back() == '/') {
                base.remove_suffix(1);
            }
            targets.health_url = fmt::format("{}{}", base, path);
        }
        if (!sha.empty()) {
            for (const auto& artifact : profile.artifacts) {
                targets.artifacts.push_back(renderer.render("artifacts", artifact));
            }
        }
    } catch (const ProfileProblem& problem) {
        return problem.error;
    }
    return targets;
}

}  // namespace preview
