// lexical_path is the pure replacement for std::filesystem in the kubeconfig parser: it must give
// exactly what std::filesystem gives, which these tests compare over every short combination.

#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/lexical_path.hpp"

using preview::lexically_normal;
using preview::resolve_against;

namespace {

// Every path of up to `depth` parts from a small alphabet, with and without a leading '/'.
std::vector<std::string> short_paths(int depth) {
    const std::vector<std::string> parts = {"a", "bc", ".", "..", "", "..."};
    std::vector<std::string> paths = {""};
    std::vector<std::string> layer = {""};
    for (int i = 0; i < depth; ++i) {
        std::vector<std::string> next;
        for (const auto& prefix : layer) {
            for (const auto& part : parts) {
                next.push_back(prefix.empty() ? part : prefix + "/" + part);
            }
        }
        paths.insert(paths.end(), next.begin(), next.end());
        layer = std::move(next);
    }
    const auto relative = paths;
    for (const auto& p : relative) {
        paths.push_back("/" + p);
        paths.push_back(p + "/");
    }
    return paths;
}

// The implementation the kubeconfig parser used before it moved to the pure layer.
std::string filesystem_resolve_against(const std::string& path, const std::string& base_file) {
    const std::filesystem::path p(path);
    if (path.empty() || p.is_absolute()) {
        return path;
    }
    const std::filesystem::path dir = std::filesystem::path(base_file).parent_path();
    if (dir.empty()) {
        return path;
    }
    return (dir / p).lexically_normal().string();
}

}  // namespace

TEST_CASE("lexically_normal matches std::filesystem on every short path") {
    for (const auto& path : short_paths(4)) {
        CAPTURE(path);
        CHECK(lexically_normal(path) == std::filesystem::path(path).lexically_normal().string());
    }
}

TEST_CASE("resolve_against matches the std::filesystem version") {
    const auto paths = short_paths(3);
    const std::vector<std::string> bases = {
        "",  "config", "/config", "/home/u/.kube/config", "a/b/c", "./x", "../k/config",
        "/", "dir/",   "//r//c"};
    for (const auto& base : bases) {
        for (const auto& path : paths) {
            CAPTURE(base);
            CAPTURE(path);
            CHECK(resolve_against(path, base) == filesystem_resolve_against(path, base));
        }
    }
    CHECK(resolve_against("../ca.crt", "/home/u/.kube/config") == "/home/u/ca.crt");
}
