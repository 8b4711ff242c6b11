#!/bin/sh
# SPDX-License-Identifier: ISC
# diskfull.sh - a full disk named as a full disk, wherever it meets a save
# or an output file: a report whose audit row cannot be saved, and a
# report, an export, a plan and a backup whose file cannot be written.
# The full disk is tests/diskfull_shim.c, preloaded: writes that would
# make a file in one folder longer fail with ENOSPC, as on a disk with no
# free block; no root, and nobody else on the machine feels it.  Each
# time: the sentence names the file on the full disk, exit 1, nothing
# half-written, and the database still verifies.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
shim="$PWD/$build/tests/diskfull.so"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-full.XXXXXX")
dir=$(cd "$dir" && pwd -P)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/site.sh"

mkdir "$dir/data" "$dir/full"
db="$dir/data/site.db"
pass="admin passphrase"
# Runs passage with the folder $1 on a full disk (a sanitizer's runtime
# is told that the shim comes before it).
full() {
	where=$1; shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		DISKFULL_DIR="$where" LD_PRELOAD="$shim" "$bin" "$@"
}
as_sue() { printf 'supervisor passphrase\n' | "$bin" "$@" --user sue --passphrase-fd 0 2>&1; }
full_sue() { where=$1; shift; printf 'supervisor passphrase\n' | full "$where" "$@" --user sue --passphrase-fd 0 2>&1; }
full_ada() { where=$1; shift; printf '%s\n' "$pass" | full "$where" "$@" --user ada --passphrase-fd 0 2>&1; }
sentence() { echo "the disk holding $1 is full: nothing was written; free space and run it again"; }
reports() { as_sue audit list "$db" --action report | grep -c "metrics"; }
leftovers() { ls -A "$1" | grep -c 'tmp-' ; }

site_demo "$db" 12
printf '%s\n' "$pass" | "$bin" plan template install "$db" contrib/plan/en.plan --lang en \
	--user ada --passphrase-fd 0 >/dev/null 2>&1
ok $? "a plan template"
out=$(as_sue report metrics "$db" --from 2024-01-01 --to 2030-12-31)
ok $? "a report on a disk with room"
before=$(reports)

# The database's own disk is full: the report's audit row cannot be saved.
out=$(full_sue "$dir/data" report metrics "$db" --from 2024-01-01 --to 2030-12-31 --out "$dir/r.csv")
rc=$?
[ $rc -eq 1 ] && has "$out" "$(sentence "$db")" && ! has "$out" "change was not saved"
check $? "report, database disk full: the disk holding the database is named" "$rc: $out"
[ ! -e "$dir/r.csv" ] && [ "$(leftovers "$dir")" -eq 0 ]
ok $? "  no report file and no temporary file"
[ "$(reports)" -eq "$before" ]
ok $? "  and no audit row half saved"
out=$(full_sue "$dir/data" report metrics "$db" --from 2024-01-01 --to 2030-12-31)
[ $? -eq 1 ] && has "$out" "$(sentence "$db")" && ! has "$out" "Releases"
check $? "  to the standard output: the same sentence, no report printed" "$out"

# The report's folder is full, the database's is not.
out=$(full_sue "$dir/full" report metrics "$db" --from 2024-01-01 --to 2030-12-31 --out "$dir/full/r.csv")
rc=$?
[ $rc -eq 1 ] && has "$out" "$(sentence "$dir/full/r.csv")"
check $? "report file's disk full: that file is named" "$rc: $out"
[ -z "$(ls -A "$dir/full")" ]
ok $? "  nothing left in its folder"

out=$(printf 'supervisor passphrase\nexport passphrase\nexport passphrase\n' |
	full "$dir/full" export "$db" --records people --person P0000009 --for "Harbor Methadone Clinic" \
	--out "$dir/full/one.exp" --user sue --passphrase-fd 0 2>&1)
rc=$?
[ $rc -eq 1 ] && has "$out" "$(sentence "$dir/full/one.exp")"
check $? "export file's disk full: that file is named" "$rc: $out"
[ -z "$(ls -A "$dir/full")" ]
ok $? "  nothing left in its folder"

out=$(full_sue "$dir/full" plan "$db" --person P0000001 --out "$dir/full/p1.pdf")
rc=$?
[ $rc -eq 1 ] && has "$out" "$(sentence "$dir/full/p1.pdf")"
check $? "plan's disk full: the PDF is named" "$rc: $out"
[ -z "$(ls -A "$dir/full")" ]
ok $? "  nothing left in its folder"

out=$(full_ada "$dir/full" backup "$db" "$dir/full/night.db")
rc=$?
[ $rc -eq 1 ] && has "$out" "$(sentence "$dir/full/night.db")"
check $? "backup's disk full: the copy is named" "$rc: $out"
[ -z "$(ls -A "$dir/full")" ]
ok $? "  nothing left in its folder"

out=$(printf '%s\n' "$pass" | "$bin" verify "$db" --user ada --passphrase-fd 0 2>&1)
check $? "the database verifies after all of it" "$out"
out=$(as_sue report metrics "$db" --from 2024-01-01 --to 2030-12-31 --out "$dir/full/r.csv")
[ $? -eq 0 ] && [ -s "$dir/full/r.csv" ]
check $? "with room again, the same report is written" "$out"

# The same on a real full disk where one can be had without root: a small
# tmpfs in a private mount namespace, filled up beside a copy of the file.
if unshare -Urm true 2>/dev/null; then
	mkdir "$dir/small"
	out=$(unshare -Urm sh -c 'mount -t tmpfs -o size=4m tmpfs "$1" || exit 9
		cp "$2" "$1/site.db" && head -c 8m /dev/zero >"$1/filler" 2>/dev/null
		printf "supervisor passphrase\n" | "$3" report metrics "$1/site.db" \
			--from 2024-01-01 --to 2030-12-31 --user sue --passphrase-fd 0
		echo "rc=$?"' sh "$dir/small" "$db" "$bin" 2>&1)
	has "$out" "$(sentence "$dir/small/site.db")" && has "$out" "rc=1" && ! has "$out" "Releases"
	check $? "a real full disk (tmpfs): the report's audit row fails with the same sentence" "$out"
else
	skip "a real full disk (no private mount namespace here)"
fi

done_testing
