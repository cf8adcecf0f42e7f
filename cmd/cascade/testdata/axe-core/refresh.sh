#!/bin/sh
# Refreshes axe-core (MPL-2.0), which the browser tests inject into pages; it is never served: ./refresh.sh [version]
set -eu; v=${1:-4.14.1}; d=$(dirname "$0"); t=$(mktemp -d); (cd "$t" && npm pack --silent "axe-core@$v" >/dev/null 2>&1 && tar xzf axe-core-*.tgz); cp "$t/package/axe.min.js" "$t/package/LICENSE" "$d/"; echo "axe-core $v" > "$d/VERSION"; rm -rf "$t"
