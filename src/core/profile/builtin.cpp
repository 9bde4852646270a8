// The built-in profiles: YAML files embedded at build time (cmake/EmbedFiles.cmake).

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "preview/core/builtin_profiles.hpp"

namespace preview {

// Defined in the file cmake/EmbedFiles.cmake generates from src/core/profile/builtin/*.yaml.
std::string_view embedded_profile(std::string_view file_name);

namespace {

constexpr std::array<BuiltinProfile, 8> kBuiltins = {{
    {"core-catcher", "stuttgart-things/homerun2-core-catcher", "homerun2-core-catcher.yaml"},
    {"omni-pitcher", "stuttgart-things/homerun2-omni-pitcher", "homerun2-omni-pitcher.yaml"},
    {"scout", "stuttgart-things/homerun2-scout", "homerun2-scout.yaml"},
    {"demo-pitcher", "stuttgart-things/homerun2-demo-pitcher", "homerun2-demo-pitcher.yaml"},
    {"git-pitcher", "stuttgart-things/homerun2-git-pitcher", "homerun2-git-pitcher.yaml"},
    {"led-catcher", "stuttgart-things/homerun2-led-catcher", "homerun2-led-catcher.yaml"},
    {"light-catcher", "stuttgart-things/homerun2-light-catcher", "homerun2-light-catcher.yaml"},
    {"k8s-pitcher", "stuttgart-things/homerun2-k8s-pitcher", "homerun2-k8s-pitcher.yaml"},
}};

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::span<const BuiltinProfile> builtin_profiles() {
    return kBuiltins;
}

const BuiltinProfile* builtin_profile_for(std::string_view repo_slug) {
    for (const auto& builtin : kBuiltins) {
        if (iequal(builtin.repo, repo_slug)) {
            return &builtin;
        }
    }
    return nullptr;
}

std::string_view builtin_profile_text(const BuiltinProfile& builtin) {
    return embedded_profile(builtin.file);
}

Result<Profile> load_builtin_profile(const BuiltinProfile& builtin) {
    const auto slash = builtin.repo.find('/');
    auto profile =
        parse_profile(builtin_profile_text(builtin),
                      fmt::format("built-in profile {}", builtin.repo.substr(slash + 1)));
    if (profile.ok()) {
        profile->builtin = true;
    }
    return profile;
}

}  // namespace preview
