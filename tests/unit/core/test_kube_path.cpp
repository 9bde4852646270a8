#include <doctest/doctest.h>

#include "preview/core/kube_path.hpp"

using namespace preview;

namespace {

const GroupVersion kCore{"", "v1"};
const GroupVersion kGateway{"gateway.networking.k8s.io", "v1"};

std::string path_or_error(const Result<KubePath>& path) {
    return path.ok() ? path->str() : "error: " + path.error().message;
}

}  // namespace

TEST_SUITE("core::kube_path") {
    TEST_CASE("paths from valid parts") {
        CHECK(path_or_error(KubePath::collection(kCore, "pods", "pr-42")) ==
              "/api/v1/namespaces/pr-42/pods");
        CHECK(path_or_error(KubePath::collection(kCore, "namespaces", "")) == "/api/v1/namespaces");
        CHECK(path_or_error(KubePath::object(kCore, "namespaces", "", "pr-42")) ==
              "/api/v1/namespaces/pr-42");
        CHECK(path_or_error(KubePath::object(kCore, "pods", "pr-42", "web-1.x", "log")) ==
              "/api/v1/namespaces/pr-42/pods/web-1.x/log");
        CHECK(path_or_error(KubePath::object(kGateway, "httproutes", "pr-42", "route")) ==
              "/apis/gateway.networking.k8s.io/v1/namespaces/pr-42/httproutes/route");
        CHECK(path_or_error(KubePath::group("external-secrets.io")) == "/apis/external-secrets.io");
    }

    TEST_CASE("names that would change the path's shape are refused") {
        for (const char* name : {"x?dryRun=All&y=", "../../api/v1/secrets", "a/b", "a#b", "a%2Fb",
                                 "", ".", "..", "route\r\nx", "Route", "a b"}) {
            CAPTURE(name);
            auto path = KubePath::object(kGateway, "httproutes", "pr-42", name);
            REQUIRE_FALSE(path.ok());
            CHECK(path.error().kind == ErrorKind::api);
            CHECK(path.error().message.find_first_of("\r\n") == std::string::npos);
        }
        CHECK_FALSE(KubePath::collection(kCore, "pods", "kube-system/../x").ok());
        CHECK_FALSE(KubePath::collection(kCore, "pods?watch=1", "pr-42").ok());
        CHECK_FALSE(KubePath::object(kCore, "pods", "pr-42", "p", "log?x=1").ok());
        CHECK_FALSE(KubePath::group("../api").ok());
        // A namespace name is a DNS-1123 label: no dots.
        CHECK_FALSE(KubePath::object(kCore, "namespaces", "", "a.b").ok());
        CHECK(KubePath::object(kCore, "configmaps", "pr-42", "a.b").ok());
        // A GroupVersion set by hand is checked too.
        CHECK_FALSE(KubePath::collection(GroupVersion{"..", "v1"}, "pods", "pr-42").ok());
        CHECK_FALSE(KubePath::collection(GroupVersion{"apps", "v1/../../x"}, "pods", "pr-42").ok());
    }

    TEST_CASE("API versions come from the known set") {
        CHECK(known_api_version("external-secrets.io/v1")->group == "external-secrets.io");
        CHECK(known_api_version("external-secrets.io/v1beta1")->version == "v1beta1");
        CHECK(known_api_version("v1")->group.empty());
        CHECK(known_api_version("argoproj.io/v1alpha1").ok());
        CHECK(known_api_version("gateway.networking.k8s.io/v1beta1").ok());
        for (const char* bad :
             {"../api/v1/namespaces/kube-system/configmaps/victim?ignore=",
              "external-secrets.io/v2", "external-secrets.io/v1/", "", "/v1", "evil.example/v1"}) {
            CAPTURE(bad);
            CHECK_FALSE(known_api_version(bad).ok());
        }
    }

    TEST_CASE("a discovered version must belong to the group asked") {
        CHECK(discovered_api_version("kyverno.io", "kyverno.io/v2")->api_version() ==
              "kyverno.io/v2");
        CHECK_FALSE(discovered_api_version("kyverno.io", "apps/v1").ok());
        CHECK_FALSE(discovered_api_version("kyverno.io", "kyverno.io/v2/../../x").ok());
        CHECK_FALSE(discovered_api_version("kyverno.io", "kyverno.io/v2?x=1").ok());
    }

    TEST_CASE("every segment is percent-encoded") {
        CHECK(escape_path_segment("abc-1.2_~") == "abc-1.2_~");
        CHECK(escape_path_segment("x?dryRun=All&y=") == "x%3FdryRun%3DAll%26y%3D");
        CHECK(escape_path_segment("../a/b") == "..%2Fa%2Fb");
        CHECK(escape_path_segment("\r\n%") == "%0D%0A%25");
        CHECK(escape_path_segment("\xc3\xa9") == "%C3%A9");
    }
}
