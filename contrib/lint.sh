#!/bin/sh
# SPDX-License-Identifier: ISC
# lint.sh - cheap checks of the project's own promises, run by make check.
set -eu
fail=0
# No shell, editor, pager or exec anywhere in the program.
if grep -nE '\b(system|popen|execvp?|execl[pe]?|execve)[[:space:]]*\(' core/*.c cli/*.c tui/*.c 2>/dev/null; then
	echo "lint: the program must not start a shell or another program" >&2
	fail=1
fi
# Person-first language in code and screens.  The words are spelled in
# pieces so that this file does not match itself.
words='addi''cts?|abu''sers?|substance ab''use|drug ab''use'
if grep -rniwE "$words" core cli tui schema man 2>/dev/null; then
	echo "lint: use person-first language" >&2
	fail=1
fi
# Every source file carries its licence (LICENSE) in an SPDX line near
# its top.  git lists the files when there is a checkout; a tarball has
# none, so then the folders are walked.
if git rev-parse --git-dir >/dev/null 2>&1; then
	files=$(git ls-files core cli tui tests bench tools contrib schema man debian Makefile .ci |
		grep -E '(\.(c|h|def|sh|sql|pm|[0-9])|/run|Makefile|/rules)$' || true)
else
	files=$(find core cli tui tests bench tools contrib schema man Makefile -type f \
		\( -name '*.[ch]' -o -name '*.def' -o -name '*.sh' -o -name '*.sql' -o -name '*.pm' \
		-o -name '*.[0-9]' -o -name Makefile \) 2>/dev/null || true)
fi
for f in $files; do
	[ -f "$f" ] || continue
	if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC'; then
		echo "lint: $f: no SPDX-License-Identifier: ISC line at its top" >&2
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
exit $fail
