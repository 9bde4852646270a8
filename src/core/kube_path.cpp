#include "preview/core/kube_path.hpp"

#include <array>

#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"

namespace preview {
namespace {

// The group/versions preview reads or writes; anything else from a server is refused.
constexpr std::array<std::string_view, 8> kKnownApiVersions = {
    "v1",
    "apps/v1",
    "batch/v1",
    "argoproj.io/v1alpha1",
    "gateway.networking.k8s.io/v1",
    "gateway.networking.k8s.io/v1beta1",
    "external-secrets.io/v1",
    "external-secrets.io/v1beta1",
};

Error refused(std::string_view what, std::string_view value, std::string_view problem) {
    // {:?} shows the value escaped: a CR, LF or ESC in it cannot reach the terminal raw.
    return Error(ErrorKind::api,
                 fmt::format("refusing to build a Kubernetes request path: {} {:?} {}", what, value,
                             problem),
                 "the server sent a value that is not a valid Kubernetes name");
}

Result<GroupVersion> checked(std::string_view group, std::string_view version,
                             std::string_view shown) {
    if (!group.empty()) {
        if (auto problem = dns1123_subdomain_problem(group)) {
            return refused("the API group of", shown, *problem);
        }
    }
    if (auto problem = dns1123_label_problem(version)) {
        return refused("the API version of", shown, *problem);
    }
    return GroupVersion{std::string(group), std::string(version)};
}

Result<GroupVersion> split(std::string_view api_version) {
    const auto slash = api_version.find('/');
    if (slash == std::string_view::npos) {
        return checked({}, api_version, api_version);
    }
    const std::string_view group = api_version.substr(0, slash);
    if (group.empty()) {
        return refused("the apiVersion", api_version, "has an empty group");
    }
    return checked(group, api_version.substr(slash + 1), api_version);
}

std::string prefix_of(const GroupVersion& gv) {
    return gv.group.empty()
               ? "/api/" + escape_path_segment(gv.version)
               : "/apis/" + escape_path_segment(gv.group) + "/" + escape_path_segment(gv.version);
}

}  // namespace

std::string GroupVersion::api_version() const {
    return group.empty() ? version : group + "/" + version;
}

Result<GroupVersion> known_api_version(std::string_view api_version) {
    for (auto known : kKnownApiVersions) {
        if (api_version == known) {
            return split(api_version);
        }
    }
    return refused("the apiVersion", api_version, "is not one preview knows");
}

Result<GroupVersion> discovered_api_version(std::string_view group, std::string_view api_version) {
    auto gv = split(api_version);
    if (gv.ok() && gv->group != group) {
        return refused("the apiVersion", api_version,
                       fmt::format("does not belong to the API group {:?}", group));
    }
    return gv;
}

std::string escape_path_segment(std::string_view segment) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(segment.size());
    for (char c : segment) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[static_cast<std::size_t>(byte >> 4U)];
            out += kHex[static_cast<std::size_t>(byte & 0x0FU)];
        }
    }
    return out;
}

Result<KubePath> KubePath::collection(const GroupVersion& gv, std::string_view plural,
                                      std::string_view namespace_name) {
    // The parts of a GroupVersion may have been set by hand: check them again.
    auto again = checked(gv.group, gv.version, gv.api_version());
    if (!again.ok()) {
        return again.error();
    }
    if (auto problem = dns1123_label_problem(plural)) {
        return refused("the resource", plural, *problem);
    }
    std::string path = prefix_of(gv);
    if (!namespace_name.empty()) {
        if (auto problem = dns1123_label_problem(namespace_name)) {
            return refused("the namespace", namespace_name, *problem);
        }
        path += "/namespaces/" + escape_path_segment(namespace_name);
    }
    return KubePath(path + "/" + escape_path_segment(plural));
}

Result<KubePath> KubePath::object(const GroupVersion& gv, std::string_view plural,
                                  std::string_view namespace_name, std::string_view name,
                                  std::string_view subresource) {
    auto base = collection(gv, plural, namespace_name);
    if (!base.ok()) {
        return base.error();
    }
    const bool is_namespace = plural == "namespaces" && namespace_name.empty();
    const auto problem =
        is_namespace ? dns1123_label_problem(name) : dns1123_subdomain_problem(name);
    if (problem) {
        return refused(fmt::format("the {} name", plural), name, *problem);
    }
    std::string path = base->str() + "/" + escape_path_segment(name);
    if (!subresource.empty()) {
        if (auto sub_problem = dns1123_label_problem(subresource)) {
            return refused("the subresource", subresource, *sub_problem);
        }
        path += "/" + escape_path_segment(subresource);
    }
    return KubePath(std::move(path));
}

Result<KubePath> KubePath::group(std::string_view group) {
    if (auto problem = dns1123_subdomain_problem(group)) {
        return refused("the API group", group, *problem);
    }
    return KubePath("/apis/" + escape_path_segment(group));
}

}  // namespace preview
