#include <exception>
#include <string>

#include "core/profile/documents.hpp"
#include "core/profile/placeholders.hpp"
#include "core/profile/reader.hpp"
#include "core/profile/support.hpp"
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "preview/core/profile.hpp"

namespace preview {

using profile_detail::config_error;

Result<Profile> parse_profile(std::string_view yaml_text, std::string_view source_name) {
    Profile profile;
    profile.source = std::string(source_name);
    profile.builtin = false;  // load_builtin_profile marks the compiled-in ones
    try {
        const std::string text(yaml_text);
        const auto roots = profile_detail::document_roots(text);
        if (roots.size() > 1) {
            const auto mark = roots[1];
            return config_error(fmt::format("{}:{}: the profile must be one YAML document, not {}",
                                            source_name, mark.is_null() ? 1 : mark.line + 1,
                                            roots.size()));
        }
        if (!roots.empty()) {
            profile_detail::read_profile(YAML::Load(text), source_name, profile);
        }
    } catch (const profile_detail::ProfileProblem& problem) {
        return problem.error;
    } catch (const YAML::Exception& e) {
        const auto hint = profile_detail::has_unquoted_template(yaml_text)
                              ? std::string(profile_detail::kQuoteHint)
                              : std::string();
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

}  // namespace preview
