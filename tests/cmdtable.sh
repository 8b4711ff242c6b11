#!/bin/sh
# SPDX-License-Identifier: ISC
# cmdtable.sh - the command table (cli/cli.h) as the words see it: each
# command's verbs, options and word counts, read by cli/parse.c, and one
# line saying what is wrong when the words do not fit.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-cmdtable.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF

# A usage error: exactly this line, then the pointer to --help, nothing
# on standard output, status 2.  Nothing here reaches a passphrase.
usage_err() { # $1 expected first line, $2 command, then the words
	want=$1 cmd=$2
	shift 2
	out=$("$bin" "$cmd" "$@" 2>"$dir/err" </dev/null)
	st=$?
	[ $st -eq 2 ] && [ -z "$out" ] && [ "$(cat "$dir/err")" = "$want
try 'passage $cmd --help'" ]
}

# The verbs, listed from each command's table.
usage_err "passage facility: say add, list, rename, retire or restore" facility
ok $? "facility without a verb names its verbs"
usage_err "passage provider: say add, list, edit, retire or restore" provider frob x.db
ok $? "provider with an unknown verb names its verbs"
usage_err "passage user: say add, list, disable or role" user
ok $? "user without a verb names its verbs"
usage_err "passage audit: say verify or list" audit x.db
ok $? "audit: a file where the verb goes"
usage_err "passage report: say metrics, disclosures or naloxone" report
ok $? "report without a verb names its verbs"

# Each verb's word count.
usage_err "passage facility: a word is missing" facility rename x.db Old
ok $? "facility rename needs two words"
usage_err "passage user: a word is missing" user role x.db dana
ok $? "user role needs two words"
usage_err "passage facility: too many words ('extra')" facility list x.db extra
ok $? "facility list takes none"
usage_err "passage setting: too many words ('3')" setting x.db lock.idle_seconds 60 3
ok $? "setting takes at most two"
usage_err "passage backup: where to? give the backup's file name after FILE" backup x.db
ok $? "backup: its own words for the missing one"
usage_err "passage facility: which database file?" facility add
ok $? "a verb still needs the file"

# Each verb's options, and only its own.
usage_err "passage facility: unknown option --role" facility add x.db Clinic --role admin
ok $? "facility add does not take --role"
usage_err "passage provider: unknown option --services" provider list x.db --services s
ok $? "provider list does not take a field"
usage_err "passage provider: --medicaid is yes, no or unknown" provider add x.db P --medicaid maybe
ok $? "provider add takes the fields, and checks them before unlocking"
usage_err "passage audit: unknown option --by" audit verify x.db --by dana
ok $? "audit verify does not take list's --by"
usage_err "passage audit: --format is table or csv" audit list x.db --format json
ok $? "audit list takes --format"
usage_err "passage backup: --force takes no value" backup x.db y.db --force=yes
ok $? "--force is a flag like the others"
usage_err "passage open: unknown option --bogus" open --bogus
ok $? "open without a file: a bad option is named before any file is looked for"
usage_err "passage export: which database file?" export --out x.export --records people
ok $? "export needs the file unless --keygen"
usage_err "passage export: --keygen takes no database file" export --keygen x.db --out k --for X
ok $? "export --keygen takes none"

# Help: a verb shows its own help, or its command's.
out=$("$bin" facility add --help 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "usage: passage facility add FILE NAME" &&
	has "$out" "passage facility restore FILE NAME"
ok $? "facility add --help shows the command's help"
out=$("$bin" report metrics x.db --bogus --help 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "--format csv" &&
	! has "$out" "report disclosures"
ok $? "report metrics: its own help, even after a wrong word"
out=$("$bin" report disclosures --help 2>"$dir/err")
[ $? -eq 0 ] && [ ! -s "$dir/err" ] && has "$out" "passage report metrics FILE" &&
	has "$out" "passage report disclosures FILE --person CODE"
ok $? "report disclosures --help shows the command's help"
usage_err "passage report: too many words ('--help')" report metrics x.db -- --help
ok $? "report metrics: after --, --help is a word"

# Every command passage --help lists answers --help with its own usage;
# there is one for each cli/cmd_*.c.
files=$(ls "$src"/cli/cmd_*.c | wc -l)
names=$("$bin" --help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }')
bad=
count=0
for c in $names; do
	count=$((count + 1))
	first=$("$bin" "$c" --help 2>/dev/null | head -n 1) || bad="$bad $c"
	case $first in "usage: passage $c "*) ;; *) bad="$bad $c" ;; esac
done
[ "$count" -eq "$files" ] && [ -z "$bad" ]
ok $? "each of the $files commands listed answers --help with its usage (wrong:${bad:- none})"

done_testing
