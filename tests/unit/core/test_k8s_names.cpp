#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/k8s_names.hpp"

namespace {

using Problem = std::optional<std::string> (*)(std::string_view);

/// Each name with the problem `problem_of` must find in it, "ok" where it must find none.
void check_problems(Problem problem_of,
                    const std::vector<std::pair<std::string, std::string>>& cases) {
    for (const auto& [name, expected] : cases) {
        const auto problem = problem_of(name);
        CHECK_MESSAGE((problem ? *problem : "ok") == expected, name);
    }
}

}  // namespace

TEST_SUITE("core::k8s_names") {
    TEST_CASE("DNS-1123 labels (namespaces)") {
        check_problems(
            preview::dns1123_label_problem,
            {
                {"a", "ok"},
                {"0", "ok"},
                {"homerun2-pr-42", "ok"},
                {"homerun2-core-catcher-pr-42", "ok"},
                {"a-b-c", "ok"},
                {std::string(63, 'a'), "ok"},
                {"", "must not be empty"},
                {std::string(64, 'a'), "must be at most 63 characters"},
                {"Homerun2-pr-42", "must be lowercase (found 'H')"},
                {"a.b", "must contain only lowercase letters, digits and '-' (found '.')"},
                {"a_b", "must contain only lowercase letters, digits and '-' (found '_')"},
                {"a\tb", "must contain only lowercase letters, digits and '-' (found '\\t')"},
                {"-abc", "must start and end with a lowercase letter or digit"},
                {"abc-", "must start and end with a lowercase letter or digit"},
            });
    }

    TEST_CASE("DNS-1123 subdomains (object names)") {
        const std::string dots = "must have a lowercase letter or digit on both sides of every '.'";
        check_problems(preview::dns1123_subdomain_problem,
                       {
                           {"a", "ok"},
                           {"seed-test-events", "ok"},
                           {"homerun2-core-catcher-pr-preview", "ok"},
                           {"my.app.v1", "ok"},
                           {"0.0", "ok"},
                           {std::string(253, 'a'), "ok"},
                           {std::string(100, 'a'), "ok"},  // no 63 limit per part
                           {"", "must not be empty"},
                           {std::string(254, 'a'), "must be at most 253 characters"},
                           {"Seed", "must be lowercase (found 'S')"},
                           {"seed_job",
                            "must contain only lowercase letters, digits, '-' and '.' (found '_')"},
                           {"seed/job",
                            "must contain only lowercase letters, digits, '-' and '.' (found '/')"},
                           {".a", "must start and end with a lowercase letter or digit"},
                           {"a-", "must start and end with a lowercase letter or digit"},
                           {"a..b", dots},
                           {"a.-b", dots},
                           {"a-.b", dots},
                       });
    }

    TEST_CASE("qualified label keys") {
        check_problems(
            preview::label_key_problem,
            {
                {"homerun2.stuttgart-things.com/pr", "ok"},
                {"pr", "ok"},
                {"app.kubernetes.io/name", "ok"},
                {"Pr_Number.v1", "ok"},
                {"a/B", "ok"},
                {std::string(253, 'a') + "/" + std::string(63, 'b'), "ok"},
                {"", "must not be empty"},
                {"/pr", "must not have an empty prefix before '/'"},
                {"example.com/", "must have a name after the prefix"},
                {"a/b/c", "must contain at most one '/'"},
                {"Example.com/pr", "prefix \"Example.com\" must be lowercase (found 'E')"},
                {std::string(254, 'a') + "/pr",
                 "prefix \"" + std::string(254, 'a') + "\" must be at most 253 characters"},
                {std::string(64, 'p'),
                 "name part \"" + std::string(64, 'p') + "\" must be at most 63 characters"},
                {"example.com/-pr", "name part must start and end with a letter or digit"},
                {"p r", "must contain only letters, digits, '-', '_' and '.' (found ' ')"},
            });
    }

    TEST_CASE("label values") {
        check_problems(
            preview::label_value_problem,
            {
                {"", "ok"},
                {"42", "ok"},
                {"2147483647", "ok"},
                {"core-catcher", "ok"},
                {"A.b_c-D", "ok"},
                {std::string(63, 'v'), "ok"},
                {std::string(64, 'v'), "must be at most 63 characters"},
                {"-42", "must start and end with a letter or digit"},
                {"a/b", "must contain only letters, digits, '-', '_' and '.' (found '/')"},
            });
    }
}
