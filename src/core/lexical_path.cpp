#include "preview/core/lexical_path.hpp"

#include <algorithm>
#include <vector>

namespace preview {

std::string lexically_normal(std::string_view path) {
    if (path.empty()) {
        return {};
    }
    const bool absolute = path.front() == '/';
    std::vector<std::string_view> names;
    bool trailing = false;  // a '/' after the last name
    const auto separator = [&] { trailing = trailing || !names.empty(); };
    std::size_t pos = 0;
    while (pos < path.size()) {
        const auto end = std::min(path.find('/', pos), path.size());
        const auto part = path.substr(pos, end - pos);
        pos = end + 1;
        if (part.empty()) {
            continue;  // the root, or a run of '/'
        }
        if (part == "..") {
            if (!names.empty() && names.back() != "..") {
                names.pop_back();  // "name/.." goes, leaving the '/' before it
                trailing = !names.empty();
            } else if (!names.empty() || !absolute) {
                names.push_back(part);
                trailing = false;
            }  // else ".." right after the root is the root
        } else if (part == ".") {
            separator();  // "a/." is "a/"
        } else {
            names.push_back(part);
            trailing = false;
        }
    }
    if (path.back() == '/') {
        separator();
    }
    if (!names.empty() && names.back() == "..") {
        trailing = false;
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            out += '/';
        }
        out += names[i];
    }
    if (trailing) {
        out += '/';
    }
    return out.empty() ? "." : out;
}

std::string resolve_against(const std::string& path, const std::string& base_file) {
    if (path.empty() || path.front() == '/') {
        return path;
    }
    const auto slash = base_file.rfind('/');
    if (slash == std::string::npos) {
        return path;
    }
    return lexically_normal(base_file.substr(0, slash + 1) + path);
}

}  // namespace preview
