#pragma once

// Text helpers of the libcurl transport (header lines, libcurl's error buffer); private to io.

#include <string>
#include <string_view>

namespace preview::curl {

char to_lower(char c);

/// `text` without leading and trailing blanks and line ends.
std::string_view trim(std::string_view text);

/// Whether `name` is `lower_name`, ignoring case.
bool is_named(std::string_view name, std::string_view lower_name);

bool has_line_break(std::string_view text);

/// "OpenSSL SSL_connect: OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake
/// failure, errno 0" -> "sslv3 alert handshake failure".
std::string short_detail(std::string_view text);

}  // namespace preview::curl
