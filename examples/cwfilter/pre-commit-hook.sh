#!/bin/sh
# The pre-commit hook of .pre-commit-hooks.yaml (at the repository's root): builds cwfilter
# from the hook's checkout of this repository (Go caches the build) and lints the files
# pre-commit passes. It needs the go command on the PATH: the checkout's go.work asks for
# Go 1.26, which a go command from 1.21 on downloads by itself unless GOTOOLCHAIN=local.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin="${XDG_CACHE_HOME:-$HOME/.cache}/cwfilter-pre-commit/cwfilter"
go build -C "$here" -o "$bin" .
exec "$bin" lint --allow-nothing "$@"
