#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace preview::testing {

/// Compares `actual` with tests/golden/<name>. With PREVIEW_UPDATE_GOLDEN=1 the file is rewritten
/// instead (review the diff before committing it).
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(PREVIEW_TEST_DIR) + "/golden/" + name;
    if (const char* update = std::getenv("PREVIEW_UPDATE_GOLDEN"); update && *update == '1') {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path);
    std::ostringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

}  // namespace preview::testing
