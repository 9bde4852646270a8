#pragma once

#include <string>
#include <string_view>

/// POSIX path arithmetic on strings alone (no file system), for pure code that resolves paths
/// written in a file against that file's directory.
namespace preview {

/// std::filesystem::path::lexically_normal on POSIX: collapses repeated '/', drops "." and
/// "name/..", drops ".." right after the root; "" stays "", an empty result becomes ".".
std::string lexically_normal(std::string_view path);

/// `path` if it is empty, absolute or `base_file` has no directory part; else `path` joined to
/// that directory and normalised ("/home/u/.kube/config", "../ca.crt" -> "/home/u/ca.crt").
std::string resolve_against(const std::string& path, const std::string& base_file);

}  // namespace preview
