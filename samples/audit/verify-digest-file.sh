#!/usr/bin/env bash
# 不经 Fleet 核验一份导出的审计摘要文件：校验值、签名，以及签名密钥与保存的公钥是否一致。
# Checks a digest file exported by Fleet (GET /api/audit/digests) without Fleet: its checksum, its signature and that
# it was signed by the key whose public half was saved beside it (GET /api/audit/signing-key). Needs jq and openssl.
#
#   samples/audit/verify-digest-file.sh digests.json signing-key.json
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 digests.json signing-key.json" >&2
  exit 2
fi
digests=$1 key=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The signed bytes: one line chain|day|lastSequence|link per digest, joined by newlines, no newline at the end.
jq -j '[.digests[] | "\(.chain)|\(.day)|\(.lastSequence)|\(.link)"] | join("\n")' "$digests" > "$work/content"
jq -r .publicKeyPem "$key" > "$work/key.pem"
jq -r .signature "$digests" | base64 -d > "$work/signature"

fingerprint=$(openssl pkey -pubin -in "$work/key.pem" -outform DER | sha256sum | cut -c1-32)
if [ "$fingerprint" != "$(jq -r .keyId "$key")" ] || [ "$fingerprint" != "$(jq -r .keyId "$digests")" ]; then
  echo "签名密钥不符 / signed with another key: $(jq -r .keyId "$digests"), saved key $fingerprint" >&2
  exit 1
fi
if [ "$(sha256sum < "$work/content" | cut -c1-64)" != "$(jq -r .sha256 "$digests")" ]; then
  echo "校验值不符，文件导出后曾被修改 / the checksum does not match: the file was changed after it was exported" >&2
  exit 1
fi
openssl dgst -sha256 -verify "$work/key.pem" -signature "$work/signature" "$work/content"
