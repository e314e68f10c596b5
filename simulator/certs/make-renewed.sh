#!/usr/bin/env bash
# Makes the THROWAWAY "renewed" and "forged" Alipay public-key certificates of the simulator (see
# README.md): what alipay.open.app.alipaycert.download hands out after Alipay renews its certificate,
# and chains that a client must refuse. Nothing here is a real Alipay key or certificate.
#
#   bash simulator/certs/make-renewed.sh            # reuse existing keys, reissue certificates
#   bash simulator/certs/make-renewed.sh --new-keys
#
# Issued with the throwaway test CA of test/fixtures/certs (make-certs.sh): the Class 2 issuing CA
# and the R1 root of alipayRootCert.crt. Keys are reused when present and serials and names are fixed,
# so every SN stays the same on a rerun; validity dates of the good certificates start at "now".
set -euo pipefail
cd "$(dirname "$0")"
CA=../../test/fixtures/certs
export LC_ALL=C
if [ "${1:-}" = "--new-keys" ]; then rm -f renewed/*.pem forged/*.pem; fi
mkdir -p renewed forged
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/ext.cnf" <<'EOF'
[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
EOF
key() { [ -f "$1" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
# dated <key> <issuer crt> <issuer key> <serial hex> <subject> <out> <ext> <start YYYYMMDDHHMMSSZ|now> <end>
dated() {
  local db="$TMP/db"; rm -rf "$db"; mkdir -p "$db/new"; : > "$db/index.txt"; echo "$4" > "$db/serial"
  cat > "$db/ca.cnf" <<EOF
[ca]
default_ca = test
[test]
database = $db/index.txt
new_certs_dir = $db/new
serial = $db/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
EOF
  openssl req -new -config "$TMP/ext.cnf" -key "$1" -subj "$5" -out "$TMP/csr.pem"
  local dates=(-startdate "$8" -enddate "${9:-}")
  [ "$8" = now ] && dates=(-days 36500)
  openssl ca -batch -notext -config "$db/ca.cnf" -cert "$2" -keyfile "$3" -in "$TMP/csr.pem" -out "$6" \
    -preserveDN -extfile "$TMP/ext.cnf" -extensions "$7" "${dates[@]}" 2>/dev/null
}
selfsigned() { # selfsigned <key> <serial> <subject> <out> <ext>
  openssl req -x509 -new -config "$TMP/ext.cnf" -extensions "$5" -key "$1" -sha256 -set_serial "$2" -subj "$3" -days 36500 -out "$4"
}
ALIPAY_SUBJECT="/C=CN/O=Throwaway Test Alipay/OU=Alipay/CN=Throwaway Test Alipay Public Key RSA2"

# --- Renewed: a new key and serial, issued by the same Class 2 CA (the file holds leaf + intermediate) ---
key renewed/alipay-cert-private-key.pem
dated renewed/alipay-cert-private-key.pem $CA/class2-ca.crt $CA/keys/class2-ca.pem 2021C2B1A4F38E7D6C5B4A3928170606 \
  "$ALIPAY_SUBJECT" "$TMP/leaf.crt" leaf now
cat "$TMP/leaf.crt" $CA/class2-ca.crt > renewed/alipayCertPublicKey_RSA2.crt
# The same key issued directly by the root R1 (no intermediate in the file).
dated renewed/alipay-cert-private-key.pem $CA/root-r1.crt $CA/keys/root-r1.pem 2021C2B1A4F38E7D6C5B4A3928170607 \
  "$ALIPAY_SUBJECT" renewed/by-root.crt leaf now 2>/dev/null || {
  # root-r1.crt is deleted by make-certs.sh; take R1 out of the root bundle.
  awk '/BEGIN CERTIFICATE/{n++} n==2' $CA/alipayRootCert.crt | sed '/END CERTIFICATE/q' > "$TMP/root-r1.crt"
  dated renewed/alipay-cert-private-key.pem "$TMP/root-r1.crt" $CA/keys/root-r1.pem 2021C2B1A4F38E7D6C5B4A3928170607 \
    "$ALIPAY_SUBJECT" renewed/by-root.crt leaf now
}

# --- Forged: chains a client must refuse (one throwaway key for all of them) ---
key forged/private-key.pem
key forged/ca-key.pem
# Self-signed, named like the genuine leaf.
selfsigned forged/private-key.pem 0x2021c2b1a4f38e7d6c5b4a3928170608 "$ALIPAY_SUBJECT" forged/self-signed.crt leaf
# Another CA with the very names of R1 and Class 2: the names chain, the signatures do not.
selfsigned forged/ca-key.pem 0x1fd0b2c44f4e2f11 \
  "/C=CN/O=Test Org/OU=Certification Authority/CN=Throwaway Test Certification Authority R1" "$TMP/forged-root.crt" ca
dated forged/ca-key.pem "$TMP/forged-root.crt" forged/ca-key.pem 7A3C19E04B2D5F67 \
  "/C=CN/O=Test Org/OU=Certification Authority/CN=Throwaway Test CA Class 2 R1" "$TMP/forged-ca.crt" ca now
dated forged/private-key.pem "$TMP/forged-ca.crt" forged/ca-key.pem 2021C2B1A4F38E7D6C5B4A3928170609 \
  "$ALIPAY_SUBJECT" "$TMP/leaf.crt" leaf now
cat "$TMP/leaf.crt" "$TMP/forged-ca.crt" > forged/other-ca.crt
# The genuine Class 2 CA, but dates in the past / in the future.
dated forged/private-key.pem $CA/class2-ca.crt $CA/keys/class2-ca.pem 2021C2B1A4F38E7D6C5B492817060A \
  "$ALIPAY_SUBJECT" "$TMP/leaf.crt" leaf 20200101000000Z 20210101000000Z
cat "$TMP/leaf.crt" $CA/class2-ca.crt > forged/expired.crt
dated forged/private-key.pem $CA/class2-ca.crt $CA/keys/class2-ca.pem 2021C2B1A4F38E7D6C5B492817060B \
  "$ALIPAY_SUBJECT" "$TMP/leaf.crt" leaf 21200101000000Z 21210101000000Z
cat "$TMP/leaf.crt" $CA/class2-ca.crt > forged/not-yet-valid.crt
# Issued by an app certificate (an end-entity certificate that chains to the same roots, CA:FALSE).
dated forged/private-key.pem $CA/appCertPublicKey.crt $CA/app-private-key.pem 2021C2B1A4F38E7D6C5B492817060C \
  "$ALIPAY_SUBJECT" "$TMP/leaf.crt" leaf now
cat "$TMP/leaf.crt" $CA/appCertPublicKey.crt $CA/class1-ca.crt > forged/via-app-cert.crt

for f in renewed/*.crt forged/*.crt; do
  openssl crl2pkcs7 -nocrl -certfile "$f" | openssl pkcs7 -print_certs -noout | grep -E '^(subject|issuer)' | paste -sd' ' | sed "s|^|$f: |"
done
