#!/usr/bin/env bash
# `make dist`: one archive an operator installs: the release server, the built app, the
# deployment files and what to read first. Run after `make app server-release`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
server=${SERVER_RELEASE:?make dist sets SERVER_RELEASE}
dist=${DIST_DIR:-$root/dist}
version=$(grep -m1 '^version = ' "$root/Cargo.toml" | cut -d'"' -f2)
name="kopdes-$version-$(uname -m)-linux"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name"
cp "$server" "$stage/$name/kopdes-server"
strip "$stage/$name/kopdes-server" 2>/dev/null || true
cp -R "$dist" "$stage/$name/dist"
cp -R "$root/deploy" "$stage/$name/deploy"
cp "$root/LICENSE" "$root/CHANGELOG.md" "$root/public/third-party-licences.txt" "$stage/$name/"
cp "$root/docs/DEPLOY.md" "$stage/$name/DEPLOY.md"
cat > "$stage/$name/README-operators.md" <<TEXT
# Si Kopdes $version for operators

- \`kopdes-server\`: the server (x86_64 Linux). \`./kopdes-server --help\`, and \`admin --help\`.
- \`dist/\`: the built app it serves (\`--static-dir\`).
- \`deploy/\`: a systemd unit and a reverse-proxy example.
- \`DEPLOY.md\`: settings, backups and restore, observability, key rotation.

First start, without demo data (the project README's "Starting a real deployment"):

    export DATABASE_URL=sqlite:///var/lib/kopdes/kopdes.db   # or postgres://...
    ./kopdes-server admin create-ministry-admin --name "NAME" --phone 08...
    ./kopdes-server --static-dir dist

The first command prints a one-time activation code for that person, who opens
https://<host>/masuk/aktivasi with it and chooses a password.
TEXT
mkdir -p "$root/target-dist"
tar -C "$stage" -czf "$root/target-dist/$name.tar.gz" "$name"
echo "$root/target-dist/$name.tar.gz ($(du -h "$root/target-dist/$name.tar.gz" | cut -f1))"
