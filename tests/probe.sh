#!/bin/sh
# SPDX-License-Identifier: ISC
# probe.sh - what the people inside can and cannot do unseen: passphrase
# changes and the recovery code in the audit log, recover for admins only.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-probe.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"

db="$dir/site.db"
apass="admin passphrase one"
out=$(printf '%s\n' "$apass" | "$bin" init "$db" --admin dana --kdf interactive --passphrase-fd 0 2>&1)
ok $? "init"
code=$(printf '%s\n' "$out" | sed -n 's/^    \([A-Z0-9-]\{40,\}\)$/\1/p')
printf '%s\ntemp passphrase\n' "$apass" |
	"$bin" user add "$db" mrivera --role caseworker --user dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "a caseworker is added"
audit() { printf '%s\n' "$apass" | "$bin" audit list "$db" --user dana --passphrase-fd 0 "$@" 2>&1; }

# passwd, from the temporary passphrase (no login yet) and as an admin.
out=$(printf 'temp passphrase\nmaria passphrase\n' | "$bin" passwd "$db" --user mrivera --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "still open with the old passphrase"
ok $? "passwd says that copies made before still open with the old passphrase"
out=$(audit --action passwd)
has "$out" "passwd" && has "$out" "mrivera"; ok $? "passwd is in the audit log, as the holder's act"
! has "$out" "maria passphrase" && ! has "$out" "temp passphrase"
ok $? "the audit log holds no passphrase"
printf '%s\nadmin passphrase two\n' "$apass" | "$bin" passwd "$db" --user dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "the admin changes theirs"
apass="admin passphrase two"
[ "$(audit --action passwd | grep -c 'passphrase changed')" -eq 2 ]
ok $? "each change has its row"

# recover: an admin's passphrase only, refused before anything changes.
out=$(printf '%s\nstolen passphrase\n' "$code" | "$bin" recover "$db" --user mrivera --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "admin's passphrase only" && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
ok $? "recover refuses a caseworker in one sentence"
printf 'maria passphrase\n' | "$bin" verify "$db" --user mrivera --passphrase-fd 0 >/dev/null 2>&1
ok $? "the caseworker's passphrase is unchanged"
printf 'stolen passphrase\n' | "$bin" verify "$db" --user mrivera --passphrase-fd 0 >/dev/null 2>&1
[ $? -eq 1 ]; ok $? "the passphrase recover was given does not open the file"
out=$(printf '%s\nrecovered passphrase\n' "$code" | "$bin" recover "$db" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "NEW RECOVERY CODE"; ok $? "the code still works for an admin"
apass="recovered passphrase"
out=$(audit --action 'recover*')
has "$out" "recover " && has "$out" "user #1"; ok $? "recover is in the audit log"
has "$out" "recover_refused" && has "$out" "user #2"; ok $? "so is the refused attempt on a caseworker"
! has "$out" "$code" && ! has "$out" "recovered passphrase"; ok $? "without the code or the passphrase"
out=$(printf '%s\n' "$apass" | "$bin" audit verify "$db" --user dana --passphrase-fd 0 2>&1)
ok $? "the chain still verifies"


# No probes: report disclosures answers alike for a code nobody has and
# for a person who is not yours (tui_fixture makes D0000001, casey's).
printf '%s\ntemporary casey 1\n' "$apass" |
	"$bin" user add "$db" casey --role caseworker --user dana --passphrase-fd 0 >/dev/null 2>&1
printf 'temporary casey 1\ncasey passphrase\n' | "$bin" passwd "$db" --user casey --passphrase-fd 0 >/dev/null 2>&1
printf 'casey passphrase\n' | "$PWD/$build/tests/tui_fixture" "$db" casey disclosures
ok $? "a person with disclosures"
report() { u=$1; p=$2; shift 2; printf '%s\n' "$p" | "$bin" report disclosures "$db" --user "$u" --passphrase-fd 0 "$@" 2>&1; }
before=$(audit --action view_refused | grep -c view_refused)
report casey 'casey passphrase' --person D0000001 >/dev/null; ok $? "the caseworker reads their person's accounting"
there=$(report mrivera 'maria passphrase' --person D0000001); rc1=$?
nobody=$(report mrivera 'maria passphrase' --person D0000009); rc2=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && [ "$there" = "$(printf '%s\n' "$nobody" | sed 's/D0000009/D0000001/')" ]
ok $? "another caseworker: one answer for someone there and for a code nobody has"
has "$there" "no record you may see"; ok $? "  which says neither"
admin=$(report dana "$apass" --person D0000001)
[ $? -eq 1 ] && [ "$admin" = "$there" ]; ok $? "an admin hears the same"
out=$(audit --action view_refused)
[ "$(printf '%s\n' "$out" | grep -c view_refused)" -eq $((before + 3)) ]; ok $? "each attempt is audited"
! has "$out" "D0000009"; ok $? "  without a code that matches no one"

# Say what happened: who may act comes before what is wrong with a file.
out=$(printf 'maria passphrase\n' | "$bin" export "$db" --records people --person D0000001 \
	--recipient "$dir/no-such.pub" --out "$dir/x.exp" --user mrivera --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "only a supervisor may export" && ! has "$out" "no-such.pub"
ok $? "a caseworker's export is refused for the role, not for a key file that is not there"
[ ! -e "$dir/x.exp" ]; ok $? "  and writes nothing"

# user disable says that it moves the pages to a new key, and it does:
# the file's header from before, put back, no longer opens it.
cp "$db" "$dir/before.db"
out=$(printf '%s\n' "$apass" | "$bin" user disable "$db" casey --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "Every page moved to a new key" && has "$out" "made before (backups) still open"
ok $? "user disable says it moves every page to a new key"
cp "$db" "$dir/old-header.db"
dd if="$dir/before.db" of="$dir/old-header.db" bs=16384 count=1 conv=notrunc 2>/dev/null
printf 'casey passphrase\n' | "$bin" verify "$dir/old-header.db" --user casey --passphrase-fd 0 >/dev/null 2>&1
[ $? -ne 0 ]; ok $? "  the header from before, put back, does not open the pages"
printf 'casey passphrase\n' | "$bin" verify "$dir/before.db" --user casey --passphrase-fd 0 >/dev/null 2>&1
ok $? "  while a copy made before still opens with the old passphrase, as it says"

done_testing
