#pragma once

#include <string>
#include <string_view>

/// Server strings inside GitHub-flavoured Markdown (a PR comment, a job summary). Everything a
/// server sends is untrusted (design §7): it must not close a code span, start HTML or an HTML
/// comment, ping someone with @name, or break a table row. Pure.
namespace preview {

/// `text` as one inline code span: sanitised to one line of at most `width` code points (control
/// characters shown escaped), fenced with one backtick more than its longest backtick run, padded
/// with a space when it starts or ends with a backtick. Inside a code span GitHub renders HTML,
/// `<!--`, @mentions and #references as literal text.
std::string md_code(std::string_view text, std::size_t width = 300);

/// md_code for a table cell, with `|` shown as `¦`: GFM ends a cell at a `|` even inside a code
/// span, and a backslash before it can be cancelled by another one.
std::string md_cell(std::string_view text, std::size_t width = 300);

}  // namespace preview
