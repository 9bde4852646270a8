#include <doctest/doctest.h>

#include "preview/io/hmac.hpp"

using namespace preview;

TEST_SUITE("io::hmac") {
    TEST_CASE("HMAC-SHA256 in hex, as GitHub signs webhook events (RFC 4231 test case 2)") {
        CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
