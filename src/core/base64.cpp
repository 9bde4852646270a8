#include "preview/core/base64.hpp"

#include <array>
#include <cstdint>

namespace preview {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int, 256> make_decode_table() {
    std::array<int, 256> table{};
    for (auto& v : table) {
        v = -1;
    }
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr std::array<int, 256> kDecode = make_decode_table();

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t symbols = 0;  // data characters seen
    std::size_t padding = 0;
    for (char c : text) {
        if (is_space(c)) {
            continue;
        }
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0) {
            return std::nullopt;  // data after padding
        }
        const int v = kDecode[static_cast<unsigned char>(c)];
        if (v < 0) {
            return std::nullopt;
        }
        ++symbols;
        acc = (acc << 6u) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> static_cast<unsigned>(bits)) & 0xFFu));
        }
    }
    const std::size_t rest = symbols % 4;
    if (rest == 1) {
        return std::nullopt;
    }
    if (padding > 0 && (padding > 2 || (rest + padding) % 4 != 0)) {
        return std::nullopt;
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n =
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16u) |
            (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8u) |
            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
        out.push_back(kAlphabet[(n >> 18u) & 63u]);
        out.push_back(kAlphabet[(n >> 12u) & 63u]);
        out.push_back(kAlphabet[(n >> 6u) & 63u]);
        out.push_back(kAlphabet[n & 63u]);
    }
    const std::size_t left = bytes.size() - i;
    if (left > 0) {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16u;
        if (left == 2) {
            n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8u;
        }
        out.push_back(kAlphabet[(n >> 18u) & 63u]);
        out.push_back(kAlphabet[(n >> 12u) & 63u]);
        out.push_back(left == 2 ? kAlphabet[(n >> 6u) & 63u] : '=');
        out.push_back('=');
    }
    return out;
}

}  // namespace preview
