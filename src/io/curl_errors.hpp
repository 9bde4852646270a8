#pragma once

// Error classification of the libcurl transport: a failed attempt (libcurl code, error buffer,
// errno, proxy answer) becomes one of our error kinds, a plain sentence naming the host, a hint,
// and whether another attempt may help. Private to io.

#include <string>

#include "io/curl_transfer.hpp"

#include "preview/core/result.hpp"

namespace preview::curl {

/// "CURLE_COULDNT_CONNECT": the stable name an Error's reason carries.
const char* curl_code_name(CURLcode code);

struct AttemptError {
    Error error;
    bool retryable = false;
};

/// A request that cannot be sent as given (ErrorKind::config).
Error invalid_request(std::string message, CURLcode code = CURLE_OK);

/// The command's deadline ran out before or during the request.
Error deadline_error(const Transfer& transfer);

/// What a failed attempt (`code` != CURLE_OK) means; `now` is when it ended.
AttemptError classify(const Transfer& transfer, CURLcode code, Clock::time_point now);

}  // namespace preview::curl
