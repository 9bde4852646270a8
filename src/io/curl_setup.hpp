#pragma once

// Handle setup of the libcurl transport: URL and connect-to, method, headers and credentials,
// TLS trust and client certificates, proxy, timeouts. Private to io.

#include <optional>

#include "io/curl_transfer.hpp"

#include "preview/core/result.hpp"
#include "preview/io/http.hpp"

namespace preview::curl {

/// Sets every option of `transfer`'s easy handle; an error when the request cannot be sent.
std::optional<Error> configure(Transfer& transfer, const HttpClientOptions& client);

}  // namespace preview::curl
