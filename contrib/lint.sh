#!/bin/sh
# SPDX-License-Identifier: ISC
# lint.sh - cheap checks of the project's own promises, run by make check.
set -eu
fail=0
# No shell, editor, pager or exec anywhere in the program.
if grep -nE '\b(system|popen|execvp?|execl[pe]?|execve)[[:space:]]*\(' core/*.c core/store/*.c demo/*.c cli/*.c tui/*.c 2>/dev/null; then
	echo "lint: the program must not start a shell or another program" >&2
	fail=1
fi
# Person-first language in code and screens.  The words are spelled in
# pieces so that this file does not match itself.
words='addi''cts?|abu''sers?|substance ab''use|drug ab''use'
if grep -rniwE "$words" core demo cli tui schema man 2>/dev/null; then
	echo "lint: use person-first language" >&2
	fail=1
fi
# Every source file carries its licence (LICENSE) in an SPDX line near
# its top.  git lists the files when there is a checkout; a tarball has
# none, so then the folders are walked.
if git rev-parse --git-dir >/dev/null 2>&1; then
	files=$(git ls-files core demo cli tui tests bench tools fuzz contrib schema man debian Makefile .ci |
		grep -E '(\.(c|h|def|sh|sql|pm|[0-9]|conf|service|timer|example|profile)|/run|Makefile|/rules)$' || true)
else
	files=$(find core demo cli tui tests bench tools fuzz contrib schema man Makefile -type f \
		\( -name '*.[ch]' -o -name '*.def' -o -name '*.sh' -o -name '*.sql' -o -name '*.pm' \
		-o -name '*.[0-9]' -o -name '*.conf' -o -name '*.service' -o -name '*.timer' \
		-o -name '*.example' -o -name '*.profile' -o -name Makefile \) 2>/dev/null || true)
fi
for f in $files; do
	[ -f "$f" ] || continue
	if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC'; then
		echo "lint: $f: no SPDX-License-Identifier: ISC line at its top" >&2
		fail=1
	fi
done
# make check hands every tests/*.sh to prove, which runs it as a program:
# one that cannot be run fails the whole check at its turn.
for f in tests/*.sh; do
	[ -f "$f" ] || continue
	if [ ! -x "$f" ]; then
		echo "lint: $f is not executable (chmod +x): prove runs it" >&2
		fail=1
	fi
done
# debian/control's Build-Depends are contrib/deps.sh's one list: every
# build package (save gcc, make and libc6-dev, which build-essential
# brings), and every test package marked <!nocheck> (save util-linux,
# which is Essential).  Nothing else but debhelper.
if [ -f debian/control ]; then
	bd=$(awk '/^Build-Depends:/ { f = 1; sub(/^Build-Depends:/, ""); print; next }
		f && /^[ \t]/ { print; next } { f = 0 }' debian/control |
		tr ',' '\n' | sed 's/^[[:space:]]*//; /^$/d')
	build=$(sh contrib/deps.sh --list build)
	for p in $build; do
		case $p in gcc | make | libc6-dev) continue ;; esac
		if ! printf '%s\n' "$bd" | awk -v p="$p" '$1 == p && !/</ { f = 1 } END { exit !f }'; then
			echo "lint: debian/control: Build-Depends lacks $p (contrib/deps.sh --list build)" >&2
			fail=1
		fi
	done
	for p in $(sh contrib/deps.sh --list check); do
		case " $build util-linux " in *" $p "*) continue ;; esac
		if ! printf '%s\n' "$bd" | awk -v p="$p" '$1 == p && /<!nocheck>/ { f = 1 } END { exit !f }'; then
			echo "lint: debian/control: Build-Depends lacks $p <!nocheck> (contrib/deps.sh --list check)" >&2
			fail=1
		fi
	done
	for p in $(printf '%s\n' "$bd" | awk '{ print $1 }'); do
		case " debhelper-compat $(sh contrib/deps.sh --list check) " in *" $p "*) continue ;; esac
		echo "lint: debian/control: Build-Depends has $p, which contrib/deps.sh does not list" >&2
		fail=1
	done
fi
# Manual pages must be clean mdoc.
if command -v mandoc >/dev/null 2>&1; then
	for m in man/*.[0-9]; do
		[ -f "$m" ] || continue
		mandoc -Tlint -Wwarning "$m" || fail=1
	done
fi
# The KEYS section of passage(1) must be the one keymap.def makes.
if [ -n "${KEYS:-}" ]; then
	if ! "$KEYS" man/passage.1 | cmp -s - man/passage.1; then
		echo "lint: man/passage.1's KEYS section is stale: run make man" >&2
		fail=1
	fi
fi
# The layers (README.md, Layout): storage (core/store/) under the model
# (core/) under the demo generator (demo/) under the screens (tui/) and
# the command line (cli/).  The Makefile's include paths keep a screen or
# a command from including storage by name; these keep the rest.
# - no circle of includes anywhere in the program;
if ! perl contrib/includes.pl core/store core demo tui cli >&2; then
	echo "lint: a circle of includes: split the module that does two jobs" >&2
	fail=1
fi
# - storage includes only storage and its public face, db.h, and its
#   private headers (struct db, the keyring's format) stay inside it;
for f in core/store/*.[ch]; do
	for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		[ -f "core/store/$h" ] || [ "$h" = db.h ] && continue
		echo "lint: $f: storage includes $h, which is above it" >&2
		fail=1
	done
done
if grep -nE '#[[:space:]]*include[[:space:]]*"[^"]*_private\.h"' core/*.[ch] demo/*.[ch] tui/*.[ch] \
	cli/*.[ch]; then
	echo "lint: a storage file's private header is for core/store/ alone" >&2
	fail=1
fi
# - the model never reaches the demo generator above it;
if grep -nE '#[[:space:]]*include[[:space:]]*"demo\.h"' core/*.[ch] core/store/*.[ch]; then
	echo "lint: core must not depend on demo/" >&2
	fail=1
fi
# - rows made without their audit row are the demo's alone: unaudited.h
#   only in the three modules it names and in demo/;
for f in $(grep -lE '#[[:space:]]*include[[:space:]]*"unaudited\.h"' core/*.[ch] core/store/*.[ch] \
	tui/*.[ch] cli/*.[ch] 2>/dev/null || true); do
	case $f in core/facility.c | core/provider.c | core/user.c) ;; *)
		echo "lint: $f includes unaudited.h: only demo/ may make records without auditing them" >&2
		fail=1 ;;
	esac
done
# - no SQLite or SQL in the screens or the command line (SQL is written in
#   capitals here), curses only in tui/, no reaching across folders by a
#   path ("../", "store/").
sql='SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|BEGIN|COMMIT|CREATE|DROP|ALTER|WITH|ATTACH|VACUUM'
if grep -nE "sqlite3|\"[[:space:]]*($sql)([[:space:]]|\\\\n)" tui/*.[ch] cli/*.[ch]; then
	echo "lint: tui/ and cli/ call the model, never SQLite or SQL" >&2
	fail=1
fi
if grep -nE '#[[:space:]]*include[[:space:]]*<n?curses(w)?(/|\.h)|#[[:space:]]*include[[:space:]]*<(term|panel|form|menu)\.h' \
	core/*.[ch] core/store/*.[ch] demo/*.[ch] cli/*.[ch]; then
	echo "lint: curses belongs to tui/" >&2
	fail=1
fi
if grep -nE '#[[:space:]]*include[[:space:]]*"[^"]*/' core/*.[ch] core/store/*.[ch] demo/*.[ch] \
	tui/*.[ch] cli/*.[ch]; then
	echo "lint: include by name, never by a path: the Makefile gives each layer its folders" >&2
	fail=1
fi
# - and what a screen or a command includes, all the way down, names
#   neither SQLite nor storage, and a command reaches no curses either.
#   The compiler lists it: make lint passes DEPCC and the include paths;
#   run by hand without them, this one check is skipped, and says so.
if [ -n "${DEPCC:-}" ]; then
	for f in tui/*.c cli/*.c; do
		case $f in cli/*) inc=$INC_CLI ;; *) inc=$INC_TUI ;; esac
		if deps=$($DEPCC $inc -M "$f" 2>&1); then
			case $f in
			cli/*) pat='(^|/)(sqlite3|n?curses|ncursesw/curses)\.h$|core/store/' ;;
			*) pat='(^|/)sqlite3\.h$|core/store/' ;;
			esac
			bad=$(printf '%s\n' "$deps" | tr ' ' '\n' | grep -E "$pat" || true)
			if [ -n "$bad" ]; then
				echo "lint: $f includes, through its headers: $(echo $bad)" >&2
				fail=1
			fi
		else
			echo "lint: $f: the compiler could not list its includes: $deps" >&2
			fail=1
		fi
	done
else
	echo "lint: note: no DEPCC (make lint sets it); what tui/ and cli/ reach through headers not checked"
fi
# contrib/: the SSH login block and the systemd units an admin installs.
# Their promises are checked here always; the programs that read them
# check them too where they are installed, against a scratch copy
# (sshd -t, systemd-analyze verify).  Where a program is missing, or
# cannot run here even on a minimal file of its own, that check is
# skipped with a note, never failed.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/passage-lint.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
sshconf=contrib/sshd_config.d/passage.conf
for want in '^Match Group passage$' 'ForceCommand /usr/local/bin/passage$' 'PermitTTY yes$' \
	'DisableForwarding yes$' 'X11Forwarding no$' 'AllowAgentForwarding no$' \
	'AllowTcpForwarding no$' 'PermitUserRC no$'; do
	if ! grep -qE "^[[:space:]]*$want" "$sshconf"; then
		echo "lint: $sshconf: no line matching '$want'" >&2
		fail=1
	fi
done
sshd=${SSHD:-$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)}
if [ -x "$sshd" ] && command -v ssh-keygen >/dev/null 2>&1; then
	ssh-keygen -q -t ed25519 -N '' -f "$scratch/hostkey" </dev/null
	printf 'HostKey %s\nUsePAM no\n' "$scratch/hostkey" >"$scratch/base.conf"
	cp "$scratch/base.conf" "$scratch/sshd.conf"
	printf 'Include %s\n' "$PWD/$sshconf" >>"$scratch/sshd.conf"
	if ! why=$("$sshd" -t -f "$scratch/base.conf" 2>&1); then
		echo "lint: note: sshd -t cannot run here ($why); $sshconf not checked by sshd"
	elif ! "$sshd" -t -f "$scratch/sshd.conf"; then
		echo "lint: $sshconf: sshd -t refuses it" >&2
		fail=1
	fi
else
	echo "lint: note: no sshd (openssh-server); $sshconf not checked by sshd -t"
fi
units=contrib/systemd
for want in 'ProtectSystem=strict' 'PrivateTmp=yes' 'NoNewPrivileges=yes' 'UMask=0077' \
	'ReadWritePaths=' 'User=passage-backup' 'Group=passage' \
	'ExecStart=/usr/local/bin/passage backup '; do
	if ! grep -q "^$want" "$units/passage-backup.service"; then
		echo "lint: $units/passage-backup.service: no line starting '$want'" >&2
		fail=1
	fi
done
# The hourly import: as the account that can only import, its passphrase
# from a root-only file handed over as a credential (never on the command
# line or in the environment), writing only the database's and the drop
# folder's folders.
for want in 'ProtectSystem=strict' 'PrivateTmp=yes' 'NoNewPrivileges=yes' 'UMask=0077' \
	'LimitCORE=0' 'ReadWritePaths=/srv/passage /var/lib/passage/roster$' 'User=passage-import' \
	'Group=passage' 'LoadCredential=passphrase:/etc/passage/credentials/' \
	'ExecStart=/usr/local/sbin/passage-import-drop .* %d/passphrase$'; do
	if ! grep -q "^$want" "$units/passage-import.service"; then
		echo "lint: $units/passage-import.service: no line starting '$want'" >&2
		fail=1
	fi
done
if grep -nE '^(Environment|EnvironmentFile|PassEnvironment|SetCredential)=' \
	"$units/passage-import.service" >&2; then
	echo "lint: $units/passage-import.service: the passphrase goes by LoadCredential= only" >&2
	fail=1
fi
grep -q '^OnCalendar=hourly$' "$units/passage-import.timer" || {
	echo "lint: $units/passage-import.timer: not hourly" >&2
	fail=1
}
case ${PASSAGE:-} in
/*) built=$PASSAGE ;;
?*) built=$PWD/$PASSAGE ;;
*) built= ;;
esac
if command -v systemd-analyze >/dev/null 2>&1 && [ -n "$built" ] && [ -x "$built" ]; then
	# verify wants ExecStart's program to be there: the one just built.
	mkdir "$scratch/units"
	printf '[Service]\nType=oneshot\nExecStart=%s --version\n' "$built" \
		>"$scratch/units/passage-lint-base.service"
	for u in "$units"/*.service "$units"/*.timer; do
		sed -e "s|/usr/local/sbin/passage-import-drop|$PWD/contrib/passage-import-drop.sh|" \
			-e "s|/usr/local/bin/passage|$built|" "$u" >"$scratch/units/${u##*/}"
	done
	# verify warns about a setting it cannot parse and still exits 0:
	# any word from it is a failure.
	if ! why=$(cd "$scratch/units" && systemd-analyze verify --man=no passage-lint-base.service 2>&1) ||
		[ -n "$why" ]; then
		echo "lint: note: systemd-analyze verify cannot run here ($why); $units not checked by it"
	else
		for u in "$units"/*.service "$units"/*.timer; do
			if ! why=$(cd "$scratch/units" && systemd-analyze verify --man=no "${u##*/}" 2>&1) ||
				[ -n "$why" ]; then
				echo "lint: $u: systemd-analyze verify: $why" >&2
				fail=1
			fi
		done
	fi
else
	echo "lint: note: no systemd-analyze, or no program built; $units not checked by it"
fi
exit $fail
