#pragma once

#include <string>
#include <string_view>

namespace preview {

/// Lower-case hex of HMAC-SHA256(key, data) (OpenSSL's libcrypto): GitHub's webhook signature,
/// sent as `X-Hub-Signature-256: sha256=<this>`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace preview
