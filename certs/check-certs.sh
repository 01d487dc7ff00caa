#!/usr/bin/env bash
# check-certs.sh OUT_DIR
#
# Self-test of the certificate set that gen-certs.sh wrote into OUT_DIR.
# Prints one "ok - ..." or "not ok - ..." line per check (with "#" lines
# explaining a failure), then "N passed, M failed". Exits 0 only if every
# check passed.
#
# Verification trusts only the files named on each command line: the
# system's CA store is switched off, so a pass or fail here never depends
# on the machine's trust settings.
set -euo pipefail

prog=$(basename "$0")

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: $prog OUT_DIR" >&2
  exit 2
fi
if ! command -v openssl >/dev/null 2>&1; then
  echo "$prog: openssl not found: install it with: sudo apt-get install openssl" >&2
  exit 1
fi

dir=$1
# See gen-certs.sh: keeps OpenSSL 3.0's x509 command from parsing the
# system CA bundle on every call. Nothing below uses the system store.
export SSL_CERT_FILE=/dev/null

passed=0
failed=0
why="" # set by a failing check to explain itself

# check DESCRIPTION COMMAND...: run one check and report it.
check() {
  local desc=$1
  shift
  why=""
  if "$@"; then
    echo "ok - $desc"
    passed=$((passed + 1))
  else
    echo "not ok - $desc"
    if [[ -n $why ]]; then
      printf '%s\n' "$why" | sed 's/^/#   /'
    fi
    failed=$((failed + 1))
  fi
}

# verifies CA CERT [OPTIONS...]: CERT verifies with openssl verify,
# trusting CA only. The output is left in $why, so callers can inspect the
# error text.
verifies() {
  local ca=$1 cert=$2
  shift 2
  why=$(openssl verify -no-CApath -no-CAstore -CAfile "$dir/$ca" "$@" \
    "$dir/$cert" 2>&1)
}

# fails_with TEXT CA CERT [OPTIONS...]: verification must fail, and the
# error must contain TEXT (so a missing file does not count as the
# expected failure).
fails_with() {
  local text=$1
  shift
  if verifies "$@"; then
    why="verification unexpectedly succeeded"
    return 1
  fi
  if [[ $why != *"$text"* ]]; then
    why=$(printf 'expected an error containing "%s", got:\n%s' "$text" "$why")
    return 1
  fi
}

# ext_entries CERT EXTENSION: the entries of one extension, one per line
# ("DNS:localhost", "TLS Web Server Authentication", ...).
ext_entries() {
  openssl x509 -in "$dir/$1" -noout -ext "$2" 2>/dev/null |
    sed -n '2,$p' | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
}

# has_entry CERT EXTENSION ENTRY: the extension lists exactly ENTRY.
has_entry() {
  local entries
  entries=$(ext_entries "$1" "$2")
  if ! grep -qxF -- "$3" <<<"$entries"; then
    why=$(printf '%s of %s has no entry "%s"; it has:\n%s' "$2" "$1" "$3" \
      "${entries:-(nothing)}")
    return 1
  fi
}

# lacks_entry CERT EXTENSION ENTRY: the extension exists (so the certificate
# was read at all) but does not list ENTRY.
lacks_entry() {
  local entries
  entries=$(ext_entries "$1" "$2")
  if [[ -z $entries ]]; then
    why="cannot read $2 of $1"
    return 1
  fi
  if grep -qxF -- "$3" <<<"$entries"; then
    why="$2 of $1 lists \"$3\""
    return 1
  fi
}

# key_matches NAME: NAME.key is the private key for NAME.pem.
key_matches() {
  local from_key from_cert
  from_key=$(openssl pkey -in "$dir/$1.key" -pubout 2>&1) || {
    why="cannot read $1.key: $from_key"
    return 1
  }
  from_cert=$(openssl x509 -in "$dir/$1.pem" -noout -pubkey 2>&1) || {
    why="cannot read $1.pem: $from_cert"
    return 1
  }
  if [[ $from_key != "$from_cert" ]]; then
    why="the public key in $1.pem is not the one belonging to $1.key"
    return 1
  fi
}

# differ A B: two readable certificates with different keys and contents.
differ() {
  local fa fb ka kb
  if ! {
    fa=$(openssl x509 -in "$dir/$1" -noout -fingerprint -sha256 2>&1) &&
      fb=$(openssl x509 -in "$dir/$2" -noout -fingerprint -sha256 2>&1) &&
      ka=$(openssl x509 -in "$dir/$1" -noout -pubkey 2>&1) &&
      kb=$(openssl x509 -in "$dir/$2" -noout -pubkey 2>&1)
  }; then
    why="cannot read $1 or $2"
    return 1
  fi
  if [[ ${fa#*=} == "${fb#*=}" ]]; then
    why="$1 and $2 are the same certificate"
    return 1
  fi
  if [[ $ka == "$kb" ]]; then
    why="$1 and $2 share a key pair (a rotated certificate needs a new key)"
    return 1
  fi
}

# --- chains of trust -------------------------------------------------------
check "server.pem verifies against ca.pem" verifies ca.pem server.pem
check "server-rotated.pem verifies against ca.pem" \
  verifies ca.pem server-rotated.pem
check "client.pem verifies against ca.pem" verifies ca.pem client.pem
check "expired-server.pem fails against ca.pem as expired" \
  fails_with "certificate has expired" ca.pem expired-server.pem
check "expired-server.pem is otherwise valid (verifies ignoring time)" \
  verifies ca.pem expired-server.pem -no_check_time
check "untrusted-server.pem fails against ca.pem (unknown issuer)" \
  fails_with "unable to get local issuer certificate" \
  ca.pem untrusted-server.pem
check "untrusted-server.pem verifies against other-ca.pem" \
  verifies other-ca.pem untrusted-server.pem

# --- names -----------------------------------------------------------------
check "server.pem has SAN DNS:localhost" \
  has_entry server.pem subjectAltName "DNS:localhost"
check "server.pem has SAN IP 127.0.0.1" \
  has_entry server.pem subjectAltName "IP Address:127.0.0.1"
check "server.pem passes host name check for localhost and 127.0.0.1" \
  verifies ca.pem server.pem -verify_hostname localhost -verify_ip 127.0.0.1
check "wrong-host-server.pem lacks SAN DNS:localhost" \
  lacks_entry wrong-host-server.pem subjectAltName "DNS:localhost"
check "wrong-host-server.pem verifies against ca.pem (only its name is wrong)" \
  verifies ca.pem wrong-host-server.pem
check "wrong-host-server.pem fails host name check for localhost" \
  fails_with "hostname mismatch" ca.pem wrong-host-server.pem \
  -verify_hostname localhost
check "client.pem has SAN URI:spiffe://lab.example/client" \
  has_entry client.pem subjectAltName "URI:spiffe://lab.example/client"

# --- roles -----------------------------------------------------------------
check "ca.pem is a CA (basicConstraints CA:TRUE)" \
  has_entry ca.pem basicConstraints "CA:TRUE"
check "server.pem has extendedKeyUsage serverAuth" \
  has_entry server.pem extendedKeyUsage "TLS Web Server Authentication"
check "client.pem has extendedKeyUsage clientAuth" \
  has_entry client.pem extendedKeyUsage "TLS Web Client Authentication"

# --- keys ------------------------------------------------------------------
for name in ca server server-rotated client expired-server wrong-host-server \
  other-ca untrusted-server; do
  check "$name.key matches $name.pem" key_matches "$name"
done
check "server.pem and server-rotated.pem differ" \
  differ server.pem server-rotated.pem

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
