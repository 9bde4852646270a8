#include "unit/io/support/test_server.hpp"

#include <stdexcept>

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace preview::test {

namespace {

/// Enough threads for every connection a test keeps open (httplib holds one per keep-alive
/// connection; its default is 8 here).
constexpr std::size_t kServerThreads = 32;

bool setup_tls(SSL_CTX& context, const std::string& cert_file, const std::string& key_file,
               const std::string& client_ca_file, bool tls12_only) {
    if (SSL_CTX_use_certificate_chain_file(&context, cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&context, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
        return false;
    }
    if (!client_ca_file.empty()) {
        if (SSL_CTX_load_verify_locations(&context, client_ca_file.c_str(), nullptr) != 1) {
            return false;
        }
        SSL_CTX_set_verify(&context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    return !tls12_only || SSL_CTX_set_max_proto_version(&context, TLS1_2_VERSION) == 1;
}

}  // namespace

std::unique_ptr<TestServer> TestServer::http() {
    std::unique_ptr<TestServer> server(new TestServer(std::make_unique<httplib::Server>(), false));
    server->start();
    return server;
}

std::unique_ptr<TestServer> TestServer::https(const std::string& cert_file,
                                              const std::string& key_file,
                                              const std::string& client_ca_file, bool tls12_only) {
    auto ssl = std::make_unique<httplib::SSLServer>([&](SSL_CTX& context) {
        return setup_tls(context, cert_file, key_file, client_ca_file, tls12_only);
    });
    if (!ssl->is_valid()) {
        throw std::runtime_error("the test HTTPS server could not load its certificate");
    }
    std::unique_ptr<TestServer> server(new TestServer(std::move(ssl), true));
    server->start();
    return server;
}

TestServer::TestServer(std::unique_ptr<httplib::Server> server, bool tls)
    : server_(std::move(server)), tls_(tls) {
    server_->new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
    server_->set_socket_options([this](socket_t sock) {
        httplib::default_socket_options(sock);
        listen_fd_ = sock;
    });
}

void TestServer::start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) {
        throw std::runtime_error("the test server could not bind to 127.0.0.1");
    }
    // httplib listens with a backlog of 5; a burst of more connects would lose SYNs and wait
    // for the kernel's 1 s retransmit. listen() again only raises the backlog.
    ::listen(listen_fd_, SOMAXCONN);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // Bound already means listening; but stop() only works once the accept loop has started.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
}

TestServer::~TestServer() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    stopping_cv_.notify_all();
    server_->stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::string TestServer::url(const std::string& path) const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_) + path;
}

void TestServer::pause(std::chrono::milliseconds duration) {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

int unused_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("no free port on 127.0.0.1");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace preview::test
