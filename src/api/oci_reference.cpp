#include "preview/api/oci_reference.hpp"

#include <fmt/format.h>

namespace preview {

Result<OciReference> parse_oci_reference(std::string_view reference) {
    OciReference ref;
    std::string_view rest = reference;
    const auto slash = rest.find('/');
    const std::string_view first = slash == std::string_view::npos ? "" : rest.substr(0, slash);
    if (!first.empty() && (first.find('.') != std::string_view::npos ||
                           first.find(':') != std::string_view::npos || first == "localhost")) {
        ref.registry = std::string(first);
        rest.remove_prefix(slash + 1);
    } else {
        ref.registry = "registry-1.docker.io";
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == rest.size() || colon == 0) {
        return Error(ErrorKind::config,
                     fmt::format("artifact \"{}\" has no tag (expected REGISTRY/REPOSITORY:TAG)",
                                 reference));
    }
    ref.repository = std::string(rest.substr(0, colon));
    ref.tag = std::string(rest.substr(colon + 1));
    if (ref.registry == "registry-1.docker.io" && ref.repository.find('/') == std::string::npos) {
        ref.repository = "library/" + ref.repository;
    }
    return ref;
}

}  // namespace preview
