#!/bin/sh
# SPDX-License-Identifier: ISC
# args.sh - how the passage command reads its words: "--", --name=value,
# and what a mistake prints (one line, then where to read more).
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-args.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
lines() { printf '%s\n' "$1" | wc -l; }
pass="river stone lantern"
cd "$dir" || exit 1

# A file named like an option, after "--": created, then opened.
out=$(printf '%s\n' "$pass" |
	"$bin" init --admin Dana --kdf interactive --passphrase-fd 0 -- --help 2>&1)
[ $? -eq 0 ] && [ -f ./--help ] && has "$out" "RECOVERY CODE"
ok $? "init -- --help makes a file named --help"
out=$(printf '%s\n' "$pass" | "$bin" verify --user Dana --passphrase-fd 0 -- --help 2>&1)
[ $? -eq 0 ] && has "$out" "pages authenticated"; ok $? "verify -- --help opens that file"
out=$(printf '%s\n' "$pass" | "$bin" verify --user Dana --passphrase-fd 0 -- -h 2>&1)
[ $? -eq 1 ] && ! has "$out" "usage:"; ok $? "after --, -h is a file name, not a request for help"

# --name=value and --name value are the same.
out=$(printf '%s\n' "$pass" |
	"$bin" init site.db --admin=Dana --kdf=interactive --passphrase-fd=0 2>&1)
[ $? -eq 0 ] && [ -f site.db ]; ok $? "init FILE --admin=NAME --kdf=LEVEL --passphrase-fd=N"
out=$(printf '%s\n' "$pass" | "$bin" verify site.db --user=Dana --passphrase-fd=0 2>&1)
[ $? -eq 0 ] && has "$out" "pages authenticated"; ok $? "verify FILE --user=NAME --passphrase-fd=N"
out=$(printf '%s\n' "$pass" | "$bin" verify --passphrase-fd 0 --user Dana site.db 2>&1)
[ $? -eq 0 ]; ok $? "options before the file"

# A usage error: one line saying what, one saying where to read more,
# nothing on standard output, exit status 2.
usage_err() { # $1 expected first line, $2 command, then the words
	want=$1 cmd=$2
	shift 2
	out=$("$bin" "$cmd" "$@" 2>"$dir/err" </dev/null)
	st=$?
	err=$(cat "$dir/err")
	[ $st -eq 2 ] && [ -z "$out" ] && [ "$(lines "$err")" -eq 2 ] &&
		[ "$err" = "$want
try 'passage $cmd --help'" ]
}
usage_err "passage verify: unknown option --x" verify site.db --x
ok $? "an unknown option: one line and a pointer to --help, status 2"
usage_err "passage verify: unknown option --x" verify site.db --x=y
ok $? "an unknown option given as --x=y is named without its value"
usage_err "passage verify: unknown option -q" verify site.db -q
ok $? "an unknown short option"
usage_err "passage verify: unknown option --pass" verify site.db --pass 0
ok $? "a shortened option name is not guessed"
usage_err "passage verify: --user needs a value" verify site.db --user
ok $? "an option missing its value"
usage_err "passage export: --decrypt takes no value" export --decrypt=yes x.export --out x.csv
ok $? "a flag given a value"
usage_err "passage verify: too many words ('other.db')" verify site.db other.db
ok $? "a word too many"
usage_err "passage verify: which database file?" verify
ok $? "no file"

out=$("$bin" frobnicate 2>"$dir/err")
st=$?
[ $st -eq 2 ] && [ -z "$out" ] &&
	[ "$(cat "$dir/err")" = "passage: unknown command 'frobnicate'
try 'passage --help'" ]
ok $? "an unknown command: one line and a pointer to passage --help, status 2"

# --help and -h: the whole usage, on standard output, status 0.
out=$("$bin" verify --help 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "usage: passage verify FILE"
ok $? "verify --help prints the usage on stdout and exits 0"
out=$("$bin" export -h 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "passage export --keygen"
ok $? "export -h prints the whole usage"
out=$("$bin" --help 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "commands:"; ok $? "passage --help"

out=$("$bin" --version 2>&1)
[ $? -eq 0 ] && [ "$out" = "passage 0.1.0
ISC licence; see LICENSE or /usr/share/doc/passage/copyright" ]
ok $? "--version names the version and the licence"

done_testing
