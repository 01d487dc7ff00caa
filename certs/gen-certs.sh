#!/usr/bin/env bash
# gen-certs.sh OUT_DIR
#
# Generates the gRPC C++ Lab's test PKI into OUT_DIR: a trusted CA, server
# and client certificates signed by it, and a few deliberately broken
# certificates (expired, untrusted issuer, wrong host name) for the TLS
# failure exercises. See README.md next to this script for what each file
# is for, and openssl.cnf for the certificate profiles.
#
# Every run regenerates the whole set with fresh keys. Only the openssl
# command-line tool is used. All keys are EC P-256, PEM, unencrypted: test
# material only, never commit it.
set -euo pipefail

prog=$(basename "$0")

die() {
  echo "$prog: $*" >&2
  exit 1
}

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: $prog OUT_DIR" >&2
  exit 2
fi

if ! command -v openssl >/dev/null 2>&1; then
  die "openssl not found: install it with: sudo apt-get install openssl"
fi

# Nothing here needs the system's list of trusted CAs, but OpenSSL 3.0's
# `x509` command parses the whole bundle on every run (about 20 ms each).
# Pointing it at an empty file makes the script several times faster.
export SSL_CERT_FILE=/dev/null

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
conf="$here/openssl.cnf"
[[ -r $conf ]] || die "cannot read $conf"

mkdir -p "$1" || die "cannot create output directory $1"
out=$(cd "$1" && pwd)

# Everything is built in a private temporary directory and only moved into
# OUT_DIR once the whole set is complete, so a failing openssl step leaves
# OUT_DIR as it was instead of a mixture of old and new files. The directory also holds the
# bookkeeping files of `openssl ca` (index, serial, copies of issued
# certificates) and the signing requests; none of that is kept.
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/lab-certs.XXXXXX")
trap 'rm -rf "$work"' EXIT
new="$work/out"
log="$work/openssl.log"
mkdir "$new"

# Run openssl quietly; if it fails, show what it said and stop.
ossl() {
  if ! openssl "$@" >"$log" 2>&1; then
    echo "$prog: 'openssl $1' failed:" >&2
    cat "$log" >&2
    exit 1
  fi
}

# new_key NAME: a fresh EC P-256 private key in NAME.key.
new_key() {
  ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$new/$1.key"
}

# make_ca NAME SUBJECT: a self-signed root CA (profile v3_ca), plus an empty
# `openssl ca` database for it under $work/db-NAME.
make_ca() {
  local name=$1 subj=$2
  new_key "$name"
  ossl req -new -x509 -config "$conf" -extensions v3_ca \
    -key "$new/$name.key" -subj "$subj" -days 3650 -out "$new/$name.pem"
  mkdir -p "$work/db-$name/newcerts"
  : >"$work/db-$name/index.txt"
}

# issue CA NAME SUBJECT PROFILE [VALIDITY-OPTIONS...]: a new key and a
# certificate for it, signed by CA using the openssl.cnf section PROFILE.
# Validity defaults to 3650 days from now.
issue() {
  local ca=$1 name=$2 subj=$3 profile=$4
  shift 4
  local validity=("$@")
  if [[ ${#validity[@]} -eq 0 ]]; then
    validity=(-days 3650)
  fi
  new_key "$name"
  # The request carries only the public key and the subject. The CA adds
  # the extensions from PROFILE when it signs.
  ossl req -new -config "$conf" -key "$new/$name.key" -subj "$subj" \
    -out "$work/$name.csr"
  # `openssl ca` keeps its database relative to the current directory (see
  # openssl.cnf), so run it from the CA's own bookkeeping directory.
  (
    cd "$work/db-$ca"
    ossl ca -batch -notext -config "$conf" -rand_serial \
      -cert "$new/$ca.pem" -keyfile "$new/$ca.key" \
      -extensions "$profile" "${validity[@]}" \
      -in "$work/$name.csr" -out "$new/$name.pem"
  )
}

# In -subj, '/' separates fields and '+' joins multi-valued fields, so a
# literal '+' (as in "C++") has to be written as '\+'.
lab_ca_subj='/CN=gRPC C\+\+ Lab Test CA'
other_ca_subj='/O=Nobody trusts this/CN=gRPC C\+\+ Lab Other CA'

make_ca ca "$lab_ca_subj"
issue ca server '/CN=localhost' server_cert
issue ca server-rotated '/O=gRPC C\+\+ Lab rotated/CN=localhost' server_cert
issue ca client '/CN=lab-client' client_cert
# OpenSSL 3.0's `x509 -req` and `req -x509` only take a number of days
# counted from now. `openssl ca` accepts explicit dates (YYYYMMDDHHMMSSZ,
# UTC), which is how this certificate ends up valid only in the past.
issue ca expired-server '/CN=localhost' server_cert \
  -startdate 20200101000000Z -enddate 20200102000000Z
issue ca wrong-host-server '/CN=wrong.example' wrong_host_cert
make_ca other-ca "$other_ca_subj"
issue other-ca untrusted-server '/CN=localhost' server_cert

# describe FILE SIGNER: a one-line summary, read back from the certificate
# itself rather than from what we asked for.
describe() {
  local file=$1 signer=$2 line subject="" san="" from="" until="" next=""
  while IFS= read -r line; do
    if [[ $next == san ]]; then
      san=${line//[[:space:]]/}
      san=${san//IPAddress:/IP:}
      next=""
      continue
    fi
    case $line in
      subject=*) subject=${line#subject=} ;;
      notBefore=*) from=${line#notBefore=} ;;
      notAfter=*) until=${line#notAfter=} ;;
      *"Subject Alternative Name"*) next=san ;;
    esac
  done < <(openssl x509 -in "$new/$file" -noout -subject -startdate -enddate \
    -ext subjectAltName -nameopt sep_comma_plus_space,sname,utf8 \
    -dateopt iso_8601 2>/dev/null)
  printf 'made %s (%s' "$file" "$subject"
  if [[ -n $san ]]; then
    printf ', SAN=%s' "$san"
  fi
  printf ', %s, valid %s to %s)\n' "$signer" "${from%% *}" "${until%% *}"
}

summary=()
for name in ca server server-rotated client expired-server \
  wrong-host-server other-ca untrusted-server; do
  case $name in
    ca | other-ca) signer="self-signed CA" ;;
    untrusted-server) signer="signed by other-ca.pem" ;;
    *) signer="signed by ca.pem" ;;
  esac
  summary+=("$(describe "$name.pem" "$signer")")
  summary+=("made $name.key (EC P-256 private key for $name.pem)")
done

# Certificates are public; keys stay readable by their owner only.
chmod 0644 "$new"/*.pem
chmod 0600 "$new"/*.key
mv -f "$new"/*.pem "$new"/*.key "$out"/

printf '%s\n' "${summary[@]}"
echo "wrote ${#summary[@]} files to $out"
