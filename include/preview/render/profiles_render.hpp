#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "preview/core/profile.hpp"

namespace preview {

/// One built-in profile as `preview profiles` shows it.
struct ProfileRow {
    std::string component;
    Profile profile;
};

/// The `profiles -o json` document: [{component, repo, applicationSet, application, namespace,
/// url, healthPath, seedJob, smoke}] (`smoke`: the send and expect URL templates, or null).
nlohmann::ordered_json profiles_json(const std::vector<ProfileRow>& rows);

/// One line per profile: component, repository, ApplicationSet, namespace, URL, smoke.
std::string render_profiles_table(const std::vector<ProfileRow>& rows);

}  // namespace preview
