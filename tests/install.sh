#!/bin/sh
# SPDX-License-Identifier: ISC
# install.sh - make install puts the program, its pages, the example
# roster profiles with their samples, the drop script and the systemd units where PREFIX and
# UNITDIR say, each naming the program where it was put; uninstall takes
# them away again.
set -u
build=${PASSAGE_BUILD:-build}
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-install.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
diag() { if [ -n "$1" ]; then printf '%s\n' "$1" | sed 's/^/# /'; fi; }

dest="$dir/root"
inst() { make -s "$1" BUILD="$build" DESTDIR="$dest" PREFIX=/usr UNITDIR=/lib/systemd/system; }
out=$(inst install 2>&1); ok $? "make install into a staging folder"
diag "$out"
for f in usr/bin/passage usr/sbin/passage-import-drop usr/share/man/man1/passage.1 \
	usr/share/man/man5/passage.5 usr/share/man/man5/passage-roster.5 usr/share/man/man8/passage-import-drop.8 \
	usr/share/passage/roster/lakeside.profile usr/share/passage/roster/lakeside.csv \
	usr/share/man/man5/passage-plan.5 \
	usr/share/passage/plan/en.plan usr/share/passage/plan/es.plan \
	lib/systemd/system/passage-backup.service lib/systemd/system/passage-backup.timer \
	lib/systemd/system/passage-import.service lib/systemd/system/passage-import.timer; do
	[ -f "$dest/$f" ]; ok $? "installs /$f"
done
[ -x "$dest/usr/sbin/passage-import-drop" ]; ok $? "the drop script can run"
grep -q '^ExecStart=/usr/bin/passage backup ' "$dest/lib/systemd/system/passage-backup.service"
ok $? "the backup unit runs /usr/bin/passage"
grep -q '^ExecStart=/usr/sbin/passage-import-drop ' "$dest/lib/systemd/system/passage-import.service"
ok $? "the import unit runs /usr/sbin/passage-import-drop"
grep -q 'PASSAGE_BIN:-/usr/bin/passage}' "$dest/usr/sbin/passage-import-drop"
ok $? "the drop script runs /usr/bin/passage"
left=$(grep -rl '/usr/local' "$dest/lib" "$dest/usr/sbin" 2>/dev/null)
[ -z "$left" ]; ok $? "nothing installed names /usr/local"
diag "$left"
perm=$(stat -c %a "$dest/lib/systemd/system/passage-import.service")
[ "$perm" = 644 ]; ok $? "a unit is 644"

out=$(inst uninstall 2>&1); ok $? "make uninstall"
left=$(find "$dest" -type f)
[ -z "$left" ]; ok $? "uninstall leaves no file behind"
diag "$left"

done_testing
