#!/bin/sh
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
