#include <string>

#include <doctest/doctest.h>

#include "preview/core/base64.hpp"

namespace preview {

TEST_SUITE("core::base64") {
    TEST_CASE("decodes the RFC 4648 test vectors") {
        CHECK(base64_decode("") == std::string());
        CHECK(base64_decode("Zg==") == std::string("f"));
        CHECK(base64_decode("Zm8=") == std::string("fo"));
        CHECK(base64_decode("Zm9v") == std::string("foo"));
        CHECK(base64_decode("Zm9vYg==") == std::string("foob"));
        CHECK(base64_decode("Zm9vYmE=") == std::string("fooba"));
        CHECK(base64_decode("Zm9vYmFy") == std::string("foobar"));
    }

    TEST_CASE("encodes the RFC 4648 test vectors") {
        CHECK(base64_encode("") == "");
        CHECK(base64_encode("f") == "Zg==");
        CHECK(base64_encode("fo") == "Zm8=");
        CHECK(base64_encode("foo") == "Zm9v");
        CHECK(base64_encode("foob") == "Zm9vYg==");
        CHECK(base64_encode("fooba") == "Zm9vYmE=");
        CHECK(base64_encode("foobar") == "Zm9vYmFy");
    }

    TEST_CASE("ignores whitespace and accepts missing padding") {
        CHECK(base64_decode("Zm9v\nYmFy\r\n") == std::string("foobar"));
        CHECK(base64_decode("  Zm9v YmE=\t") == std::string("fooba"));
        CHECK(base64_decode("Zm9vYg") == std::string("foob"));
        CHECK(base64_decode("Zm8") == std::string("fo"));
    }

    TEST_CASE("rejects what is not base64") {
        SUBCASE("characters outside the alphabet") {
            CHECK_FALSE(base64_decode("Zm9v!mFy").has_value());
            CHECK_FALSE(base64_decode("Zm9v-_").has_value());  // URL alphabet
        }
        SUBCASE("a length no encoding produces") {
            CHECK_FALSE(base64_decode("Zm9vY").has_value());
        }
        SUBCASE("misplaced or excess padding") {
            CHECK_FALSE(base64_decode("Zg=a").has_value());
            CHECK_FALSE(base64_decode("Zg===").has_value());
            CHECK_FALSE(base64_decode("Zm9v=").has_value());
            CHECK_FALSE(base64_decode("=").has_value());
        }
    }

    TEST_CASE("round-trips every byte value") {
        std::string bytes;
        for (int i = 0; i < 256; ++i) {
            bytes.push_back(static_cast<char>(i));
        }
        for (std::size_t len = 0; len <= bytes.size(); len += 37) {
            const std::string part = bytes.substr(0, len);
            CHECK(base64_decode(base64_encode(part)) == part);
        }
    }
}

}  // namespace preview
