# Finds Debian's packages. A missing one names the package to install, because a
# learner's first build is often their first contact with this machine's setup.
function(_lab_require found package)
  if(NOT ${found})
    message(FATAL_ERROR "${package} is missing. Install everything with: "
                        "scripts/install-deps.sh (or: sudo apt-get install ${package})")
  endif()
endfunction()

find_package(Threads REQUIRED)
find_package(Protobuf)
_lab_require(Protobuf_FOUND "libprotobuf-dev protobuf-compiler")
find_package(gRPC CONFIG)
_lab_require(gRPC_FOUND "libgrpc++-dev protobuf-compiler-grpc")
find_package(GTest CONFIG)
_lab_require(GTest_FOUND "libgtest-dev libgmock-dev")
# lesson 22: Google Benchmark, for its benchmark program (lesson22_bench).
find_package(benchmark CONFIG)
_lab_require(benchmark_FOUND "libbenchmark-dev")
find_package(OpenSSL)
_lab_require(OPENSSL_FOUND "libssl-dev")
find_program(LAB_OPENSSL openssl)
_lab_require(LAB_OPENSSL "openssl")

include(GoogleTest)

# Debian's grpc-proto: health, reflection, channelz, grpc.testing.
set(LAB_GRPC_PROTO_DIR
    /usr/share/grpc-proto
    CACHE PATH "Where Debian's grpc-proto lives")
find_package(CLI11 CONFIG)
_lab_require(CLI11_FOUND "libcli11-dev")

# cpp-httplib (lessons 20 and 21: an HTTP collector, an HTTP gateway). Debian builds it
# as a shared library, not header-only: link it through its pkg-config file, as
# PkgConfig::HTTPLIB.
find_package(PkgConfig)
_lab_require(PKG_CONFIG_FOUND "pkg-config")
pkg_check_modules(HTTPLIB IMPORTED_TARGET cpp-httplib)
_lab_require(HTTPLIB_FOUND "libcpp-httplib-dev")
