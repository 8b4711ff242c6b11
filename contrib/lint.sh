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
		-o -name '*.[0-9]' -o -name Makefile \) 2>/dev/null)
fi
for f in $files; do
	[ -f "$f" ] || continue
	if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC'; then
		echo "lint: $f: no SPDX-License-Identifier: ISC line at its top" >&2
		fail=1
	fi
done
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
