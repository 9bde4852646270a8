#include "unit/io/support/test_pki.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace preview::test {

namespace {

constexpr const char* kOpensslConfig = R"([req]
distinguished_name = dn
prompt = no
[dn]
CN = preview test
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
[named]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:kube.internal
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
)";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
        throw std::runtime_error("test PKI: failed: " + command);
    }
}

std::string quoted(const std::filesystem::path& path) {
    return "'" + path.string() + "'";
}

/// A P-256 key and a certificate for `subject` with extensions [section], issued by the CA.
void issue(const std::filesystem::path& dir, const std::string& name, const std::string& subject,
           const std::string& section, int serial) {
    const auto config = quoted(dir / "openssl.cnf");
    run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -config " +
        config + " -subj '/CN=" + subject + "' -keyout " + quoted(dir / (name + ".key")) +
        " -out " + quoted(dir / (name + ".csr")));
    run("openssl x509 -req -days 2 -set_serial " + std::to_string(serial) + " -in " +
        quoted(dir / (name + ".csr")) + " -CA " + quoted(dir / "ca.crt") + " -CAkey " +
        quoted(dir / "ca.key") + " -extfile " + config + " -extensions " + section + " -out " +
        quoted(dir / (name + ".crt")));
}

TestPki make_pki() {
    std::string pattern = (std::filesystem::temp_directory_path() / "preview-pki-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("test PKI: cannot create a temporary directory");
    }
    const std::filesystem::path dir(pattern);
    std::ofstream(dir / "openssl.cnf") << kOpensslConfig;
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-config " +
        quoted(dir / "openssl.cnf") +
        " -extensions ca -subj '/CN=preview test CA' "
        "-keyout " +
        quoted(dir / "ca.key") + " -out " + quoted(dir / "ca.crt"));
    issue(dir, "server", "127.0.0.1", "server", 2);
    issue(dir, "named", "kube.internal", "named", 3);
    issue(dir, "client", "preview-test-user", "client", 4);

    TestPki pki;
    pki.dir = dir.string();
    pki.ca_file = (dir / "ca.crt").string();
    pki.ca_pem = read_file(dir / "ca.crt");
    pki.server_cert_file = (dir / "server.crt").string();
    pki.server_key_file = (dir / "server.key").string();
    pki.named_cert_file = (dir / "named.crt").string();
    pki.named_key_file = (dir / "named.key").string();
    pki.client_cert_pem = read_file(dir / "client.crt");
    pki.client_key_pem = read_file(dir / "client.key");
    return pki;
}

/// Owns the directory: removed when the test binary exits.
struct PkiHolder {
    TestPki pki = make_pki();
    PkiHolder() = default;
    PkiHolder(const PkiHolder&) = delete;
    PkiHolder& operator=(const PkiHolder&) = delete;
    ~PkiHolder() {
        std::error_code ignored;
        std::filesystem::remove_all(pki.dir, ignored);
    }
};

}  // namespace

const TestPki& test_pki() {
    static const PkiHolder holder;
    return holder.pki;
}

}  // namespace preview::test
