#include "preview/io/completion_cache.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

namespace preview {
namespace {

constexpr std::string_view kMagic = "# preview completion cache v1 ";

// FNV-1a: a stable, dependency-free file name for a key (64 bits: collisions are not a concern
// for the handful of repositories one user completes).
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace

std::string completion_cache_dir(const EnvMap& env) {
    if (auto it = env.find("XDG_CACHE_HOME"); it != env.end() && it->second.starts_with('/')) {
        return it->second + "/preview";
    }
    if (auto it = env.find("HOME"); it != env.end() && !it->second.empty()) {
        return it->second + "/.cache/preview";
    }
    return {};
}

std::string completion_cache_path(const std::string& dir, const std::string& kind,
                                  const std::string& key) {
    return fmt::format("{}/{}-{:016x}", dir, kind, fnv1a(key));
}

std::optional<CachedAnswer> read_completion_cache(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string first;
    if (!std::getline(in, first) || !first.starts_with(kMagic)) {
        return std::nullopt;
    }
    CachedAnswer answer;
    try {
        answer.written_at = std::stoll(first.substr(kMagic.size()));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    answer.text = rest.str();
    return answer;
}

void write_completion_cache(const std::string& path, std::int64_t now, const std::string& text) {
    std::error_code ec;
    const std::filesystem::path target(path);
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
        return;
    }
    std::filesystem::permissions(target.parent_path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    const std::string temporary = fmt::format("{}.{}.tmp", path, ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            return;
        }
        out << kMagic << now << '\n' << text;
        if (!out.flush()) {
            std::filesystem::remove(temporary, ec);
            return;
        }
    }
    std::filesystem::rename(temporary, target, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
    }
}

}  // namespace preview
