#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing preview need. Idempotent; skips apt
# entirely when everything is already there. Run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ cmake ninja-build git ca-certificates
  libcli11-dev libcurl4-openssl-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev
  doctest-dev libcpp-httplib-dev libssl-dev openssl python3
  clang libclang-rt-14-dev  # the fuzz preset: clang++ (14 on Debian 12) and libFuzzer
  clang-format              # tests/check_format.sh
  clang-tidy                # tests/check_tidy.sh
  zsh fish groff-base   # shell completion and man page tests
  dpkg-dev file         # the Debian package test (cpack, dpkg-shlibdeps)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
