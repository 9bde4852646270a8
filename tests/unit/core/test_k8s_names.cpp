#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "preview/core/k8s_names.hpp"

namespace {

std::string problem_or_ok(const std::optional<std::string>& problem) {
    return problem ? *problem : "ok";
}

}  // namespace

TEST_SUITE("core::k8s_names") {
    TEST_CASE("DNS-1123 labels (namespaces)") {
        for (const char* ok :
             {"a", "0", "homerun2-pr-42", "homerun2-core-catcher-pr-42", "a-b-c"}) {
            CHECK_MESSAGE(!preview::dns1123_label_problem(ok), ok);
        }
        CHECK(!preview::dns1123_label_problem(std::string(63, 'a')));
        CHECK(problem_or_ok(preview::dns1123_label_problem("")) == "must not be empty");
        CHECK(problem_or_ok(preview::dns1123_label_problem(std::string(64, 'a'))) ==
              "must be at most 63 characters");
        CHECK(problem_or_ok(preview::dns1123_label_problem("Homerun2-pr-42")) ==
              "must be lowercase (found 'H')");
        CHECK(problem_or_ok(preview::dns1123_label_problem("a.b")) ==
              "must contain only lowercase letters, digits and '-' (found '.')");
        CHECK(problem_or_ok(preview::dns1123_label_problem("a_b")) ==
              "must contain only lowercase letters, digits and '-' (found '_')");
        CHECK(problem_or_ok(preview::dns1123_label_problem("a\tb")) ==
              "must contain only lowercase letters, digits and '-' (found '\\t')");
        CHECK(problem_or_ok(preview::dns1123_label_problem("-abc")) ==
              "must start and end with a lowercase letter or digit");
        CHECK(problem_or_ok(preview::dns1123_label_problem("abc-")) ==
              "must start and end with a lowercase letter or digit");
    }

    TEST_CASE("DNS-1123 subdomains (object names)") {
        for (const char* ok :
             {"a", "seed-test-events", "homerun2-core-catcher-pr-preview", "my.app.v1", "0.0"}) {
            CHECK_MESSAGE(!preview::dns1123_subdomain_problem(ok), ok);
        }
        CHECK(!preview::dns1123_subdomain_problem(std::string(253, 'a')));
        CHECK(!preview::dns1123_subdomain_problem(std::string(100, 'a')));  // no 63 limit per part
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem("")) == "must not be empty");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem(std::string(254, 'a'))) ==
              "must be at most 253 characters");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem("Seed")) ==
              "must be lowercase (found 'S')");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem("seed_job")) ==
              "must contain only lowercase letters, digits, '-' and '.' (found '_')");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem("seed/job")) ==
              "must contain only lowercase letters, digits, '-' and '.' (found '/')");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem(".a")) ==
              "must start and end with a lowercase letter or digit");
        CHECK(problem_or_ok(preview::dns1123_subdomain_problem("a-")) ==
              "must start and end with a lowercase letter or digit");
        for (const char* bad : {"a..b", "a.-b", "a-.b"}) {
            CHECK_MESSAGE(problem_or_ok(preview::dns1123_subdomain_problem(bad)) ==
                              "must have a lowercase letter or digit on both sides of every '.'",
                          bad);
        }
    }

    TEST_CASE("qualified label keys") {
        for (const char* ok : {"homerun2.stuttgart-things.com/pr", "pr", "app.kubernetes.io/name",
                               "Pr_Number.v1", "a/B"}) {
            CHECK_MESSAGE(!preview::label_key_problem(ok), ok);
        }
        CHECK(!preview::label_key_problem(std::string(253, 'a') + "/" + std::string(63, 'b')));
        CHECK(problem_or_ok(preview::label_key_problem("")) == "must not be empty");
        CHECK(problem_or_ok(preview::label_key_problem("/pr")) ==
              "must not have an empty prefix before '/'");
        CHECK(problem_or_ok(preview::label_key_problem("example.com/")) ==
              "must have a name after the prefix");
        CHECK(problem_or_ok(preview::label_key_problem("a/b/c")) == "must contain at most one '/'");
        CHECK(problem_or_ok(preview::label_key_problem("Example.com/pr")) ==
              "prefix \"Example.com\" must be lowercase (found 'E')");
        CHECK(problem_or_ok(preview::label_key_problem(std::string(254, 'a') + "/pr")) ==
              "prefix \"" + std::string(254, 'a') + "\" must be at most 253 characters");
        CHECK(problem_or_ok(preview::label_key_problem(std::string(64, 'p'))) ==
              "name part \"" + std::string(64, 'p') + "\" must be at most 63 characters");
        CHECK(problem_or_ok(preview::label_key_problem("example.com/-pr")) ==
              "name part must start and end with a letter or digit");
        CHECK(problem_or_ok(preview::label_key_problem("p r")) ==
              "must contain only letters, digits, '-', '_' and '.' (found ' ')");
    }

    TEST_CASE("label values") {
        for (const char* ok : {"", "42", "2147483647", "core-catcher", "A.b_c-D"}) {
            CHECK_MESSAGE(!preview::label_value_problem(ok), ok);
        }
        CHECK(!preview::label_value_problem(std::string(63, 'v')));
        CHECK(problem_or_ok(preview::label_value_problem(std::string(64, 'v'))) ==
              "must be at most 63 characters");
        CHECK(problem_or_ok(preview::label_value_problem("-42")) ==
              "must start and end with a letter or digit");
        CHECK(problem_or_ok(preview::label_value_problem("a/b")) ==
              "must contain only letters, digits, '-', '_' and '.' (found '/')");
    }
}
