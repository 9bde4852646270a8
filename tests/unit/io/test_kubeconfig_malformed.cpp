// parse_kubeconfig on input the fuzzer (fuzz/fuzz_kubeconfig.cpp) found troublesome: whatever the
// text, it returns a value or a config error, never throws.

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "preview/io/kubeconfig.hpp"

namespace preview {

TEST_SUITE("io::kubeconfig malformed") {
    TEST_CASE("an exec extension with bytes that are not UTF-8 loads (fuzz regression)") {
        // fuzz/corpus/kubeconfig/regress_exec_extension_not_utf8: dumping the extension as JSON
        // threw nlohmann's type_error 316 out of parse_kubeconfig, and preview terminated.
        const std::string text =
            "clusters:\n- name: o\n  cluster:\n    extensions:\n"
            "    - name: client.authentication.k8s.io/exec\n      extension: \xa0";
        const auto config = parse_kubeconfig(text, "/home/u/.kube/config");
        REQUIRE(config.ok());
        const std::string& json = config->clusters.at("o").exec_extension_json;
        CHECK(json == "\"\xef\xbf\xbd\"");  // U+FFFD, as Go's encoding/json writes it
        CHECK_FALSE(nlohmann::json::parse(json, nullptr, false).is_discarded());
    }

    TEST_CASE("deeply nested YAML is an error naming the file, not a crash") {
        // yaml-cpp stops at its nesting limit; the error must come back as a value.
        const auto config =
            parse_kubeconfig("clusters: " + std::string(5000, '['), "/home/u/.kube/config");
        REQUIRE_FALSE(config.ok());
        CHECK(config.error().kind == ErrorKind::config);
        CHECK(config.error().message.starts_with("/home/u/.kube/config: malformed YAML"));
    }
}

}  // namespace preview
