#!/bin/sh
# SPDX-License-Identifier: ISC
# facility_roster.sh - a second facility changes what a roster profile
# needs: adding it (or bringing a retired one back) says that profiles
# must now name theirs (an import whose profile names none is then
# refused: tests/unit_roster_import.c).
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-facility-roster.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF
db="$dir/site.db"
pass="admin passphrase"
as_ada() { printf '%s\n' "$pass" | "$bin" "$@" --user ada --passphrase-fd 0 2>&1 | tr '\n' ' '; }

printf '%s\n' "$pass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 \
	>/dev/null 2>&1
n=$(as_ada facility list "$db" | grep -c '^active')
out=$(as_ada facility add "$db" "Harbor Jail")
if [ "$n" -eq 0 ]; then
	case $out in *"must now name"*) r=1 ;; *) r=0 ;; esac
	ok $r "the first facility says nothing of profiles ($out)"
	out=$(as_ada facility add "$db" "Ridge Jail")
fi
case $out in
*"Roster profiles must now name their facility (facility = NAME)."*"names none is refused"*) r=0 ;;
*) r=1 ;;
esac
ok $r "a second facility says profiles must now name theirs ($out)"
as_ada facility retire "$db" "Harbor Jail" >/dev/null
out=$(as_ada facility restore "$db" "Harbor Jail")
case $out in *"must now name their facility"*) r=0 ;; *) r=1 ;; esac
ok $r "  and so does bringing one back ($out)"
done_testing
