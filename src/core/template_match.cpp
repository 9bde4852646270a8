#include "preview/core/template_match.hpp"

#include <charconv>
#include <string>
#include <vector>

namespace preview {
namespace {

// One piece of a template: literal text, or a placeholder with the characters it can stand for.
struct Piece {
    enum class Kind { literal, number, hex } kind = Kind::literal;
    std::string text;       // literal text
    std::size_t width = 0;  // hex: exact length
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f');
}

std::optional<std::vector<Piece>> split(std::string_view tmpl, const PrRef& repo) {
    std::vector<Piece> pieces;
    auto literal = [&pieces](std::string_view text) {
        if (pieces.empty() || pieces.back().kind != Piece::Kind::literal) {
            pieces.push_back({});
        }
        pieces.back().text += text;
    };
    bool has_number = false;
    for (std::size_t pos = 0; pos < tmpl.size();) {
        const auto open = tmpl.find('{', pos);
        if (open == std::string_view::npos) {
            literal(tmpl.substr(pos));
            break;
        }
        literal(tmpl.substr(pos, open - pos));
        const auto close = tmpl.find('}', open + 1);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const auto name = tmpl.substr(open + 1, close - open - 1);
        if (name == "number") {
            pieces.push_back({Piece::Kind::number, {}, 0});
            has_number = true;
        } else if (name == "sha") {
            pieces.push_back({Piece::Kind::hex, {}, 40});
        } else if (name == "short_sha") {
            pieces.push_back({Piece::Kind::hex, {}, 8});
        } else if (name == "owner") {
            literal(repo.owner);
        } else if (name == "repo") {
            literal(repo.repo);
        } else {
            return std::nullopt;
        }
        pos = close + 1;
    }
    if (!has_number) {
        return std::nullopt;
    }
    return pieces;
}

// Backtracking match; templates have a handful of pieces, so this stays linear in practice.
bool match(const std::vector<Piece>& pieces, std::size_t i, std::string_view rest,
           std::optional<int>& number, std::string& sha) {
    if (i == pieces.size()) {
        return rest.empty();
    }
    const Piece& p = pieces[i];
    switch (p.kind) {
        case Piece::Kind::literal:
            return rest.substr(0, p.text.size()) == p.text &&
                   match(pieces, i + 1, rest.substr(p.text.size()), number, sha);
        case Piece::Kind::hex:
            for (std::size_t k = 0; k < p.width; ++k) {
                if (k >= rest.size() || !is_hex(rest[k])) {
                    return false;
                }
            }
            // {sha} and {short_sha} in one template must name the same commit.
            if (!sha.empty() && !sha.starts_with(rest.substr(0, p.width)) &&
                !rest.substr(0, p.width).starts_with(sha)) {
                return false;
            }
            {
                const auto bound = sha;
                if (p.width > sha.size()) {
                    sha = std::string(rest.substr(0, p.width));
                }
                if (match(pieces, i + 1, rest.substr(p.width), number, sha)) {
                    return true;
                }
                sha = bound;
            }
            return false;
        case Piece::Kind::number: {
            std::size_t digits = 0;
            while (digits < rest.size() && is_digit(rest[digits])) {
                ++digits;
            }
            if (digits == 0 || rest[0] == '0') {  // PR numbers have no leading zeros
                return false;
            }
            for (std::size_t len = digits; len > 0; --len) {
                int value = 0;
                const auto [end, ec] = std::from_chars(rest.data(), rest.data() + len, value);
                if (ec != std::errc() || end != rest.data() + len || value <= 0 ||
                    (number && *number != value)) {  // {number} twice must agree
                    continue;
                }
                const auto bound = number;
                number = value;
                if (match(pieces, i + 1, rest.substr(len), number, sha)) {
                    return true;
                }
                number = bound;
            }
            return false;
        }
    }
    return false;
}

}  // namespace

std::optional<int> template_number(std::string_view tmpl, const PrRef& repo,
                                   std::string_view name) {
    const auto found = template_match(tmpl, repo, name);
    if (!found) {
        return std::nullopt;
    }
    return found->number;
}

std::optional<TemplateMatch> template_match(std::string_view tmpl, const PrRef& repo,
                                            std::string_view name) {
    const auto pieces = split(tmpl, repo);
    if (!pieces) {
        return std::nullopt;
    }
    std::optional<int> number;
    std::string sha;
    if (!match(*pieces, 0, name, number, sha) || !number) {
        return std::nullopt;
    }
    return TemplateMatch{*number, std::move(sha)};
}

}  // namespace preview
