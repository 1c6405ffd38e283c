#!/usr/bin/env bash
# Install the real Claude Code CLI (pinned) for the `claude`-marked agreement tests.
#
# Idempotent: the install lives in
#   ${AUTHWIZARD_COMPAT_CACHE:-$HOME/.cache/authwizard-compat}/claude-code@<version>
# and is reused when `node_modules/.bin/claude --version` already reports that version.
# Only the npm registry is needed. Prints the path of the `claude` binary on success.
set -euo pipefail

CLAUDE_CODE_VERSION="${CLAUDE_CODE_VERSION:-2.1.328}"
CACHE_ROOT="${AUTHWIZARD_COMPAT_CACHE:-$HOME/.cache/authwizard-compat}"
DEST="$CACHE_ROOT/claude-code@$CLAUDE_CODE_VERSION"
BIN="$DEST/node_modules/.bin/claude"

installed_version() {
    # Run offline and isolated: a throwaway HOME so nothing of the caller's login is touched.
    local tmp_home out
    tmp_home="$(mktemp -d)"
    out="$(HOME="$tmp_home" CLAUDE_CONFIG_DIR="$tmp_home/.claude" timeout 60 "$BIN" --version 2>/dev/null || true)"
    rm -rf "$tmp_home"
    printf '%s' "$out"
}

if [[ -x "$BIN" ]] && [[ "$(installed_version)" == "$CLAUDE_CODE_VERSION"* ]]; then
    echo "claude-code@$CLAUDE_CODE_VERSION already installed: $BIN" >&2
    echo "$BIN"
    exit 0
fi

command -v node >/dev/null || { echo "install-claude.sh: node is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-claude.sh: npm is required" >&2; exit 1; }

mkdir -p "$DEST"
cd "$DEST"
if [[ ! -f package.json ]]; then
    printf '{\n  "name": "authwizard-claude-compat",\n  "private": true\n}\n' > package.json
fi

echo "installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION into $DEST" >&2
npm install --no-audit --no-fund --loglevel=error \
    "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" >&2

# npm 11 does not run the package's postinstall by default: place the native binary ourselves.
node node_modules/@anthropic-ai/claude-code/install.cjs >&2

got="$(installed_version)"
if [[ "$got" != "$CLAUDE_CODE_VERSION"* ]]; then
    echo "install-claude.sh: expected version $CLAUDE_CODE_VERSION, $BIN --version printed: '$got'" >&2
    exit 1
fi
echo "installed claude-code@$CLAUDE_CODE_VERSION: $BIN ($got)" >&2
echo "$BIN"
