#include "preview/cli/version_command.hpp"

#include <ostream>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/render/yaml.hpp"

#ifndef PREVIEW_VERSION
#define PREVIEW_VERSION "0.0.0"
#endif
#ifndef PREVIEW_COMMIT
#define PREVIEW_COMMIT "unknown"
#endif
#ifndef PREVIEW_YAML_CPP_VERSION
#define PREVIEW_YAML_CPP_VERSION "unknown"
#endif

namespace preview {
namespace {

nlohmann::ordered_json version_json() {
    const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
    return {
        {"version", PREVIEW_VERSION},
        {"commit", PREVIEW_COMMIT},
        {"libraries",
         {{"libcurl", curl->version},
          {"tls", curl->ssl_version != nullptr ? curl->ssl_version : ""},
          {"nghttp2", curl->nghttp2_version != nullptr ? curl->nghttp2_version : ""},
          {"CLI11", CLI11_VERSION},
          {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                        NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
          {"yaml-cpp", PREVIEW_YAML_CPP_VERSION},
          {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100,
                              FMT_VERSION % 100)}}},
    };
}

std::string version_table(const nlohmann::ordered_json& doc) {
    std::string out = fmt::format("preview {} (commit {})\n", PREVIEW_VERSION, PREVIEW_COMMIT);
    for (const auto& [name, version] : doc["libraries"].items()) {
        if (!version.get<std::string>().empty()) {
            out += fmt::format("  {:<14} {}\n", name, version.get<std::string>());
        }
    }
    return out;
}

}  // namespace

std::string version_text() {
    return version_table(version_json());
}

void add_version_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code) {
    auto* cmd = app.add_subcommand("version", "Print the version, commit and library versions");
    cmd->footer("Examples:\n  preview version\n  preview version -o json");
    cmd->callback([&ctx, flags, exit_code] {
        const auto doc = version_json();
        switch (flags->output) {
            case OutputFormat::json:
                ctx.out << render_json(doc);
                break;
            case OutputFormat::yaml:
                ctx.out << render_yaml(doc);
                break;
            case OutputFormat::table:
                ctx.out << version_table(doc);
                break;
        }
        *exit_code = ExitCode::ok;
    });
}

}  // namespace preview
