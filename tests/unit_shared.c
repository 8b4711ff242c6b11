/* SPDX-License-Identifier: ISC */
/*
 * unit_shared.c - a database shared by a Unix group: the file, its
 * write-ahead log and the log's index while it is open (or its journal
 * while a write is open, for a file in a rollback journal), and the count
 * of wrong passphrases all take the group and mode 660, under the
 * program's umask of 077.
 *
 * The group of the files beside it is the case that matters: SQLite sets it only when
 * running as root, and a setgid folder hides the problem, so the write is
 * made by another user (root drops to nobody with the group as its only
 * supplementary group) in a folder that is not setgid.  Without root, a
 * process with a supplementary group does the same as itself.
 */
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lockout.h"
#include "tap.h"
#include "util.h"

/* The writer's exit status: bits for what it saw; 1 (a bail-out) or
 * J_SETUP when it could not look. */
enum { J_THERE = 2, J_MODE = 4, J_GROUP = 8, C_MODE = 16, C_GROUP = 32, J_SETUP = 64 };

/* A group to share with that is not the process's own: any but root's
 * when root, else a supplementary one; -1 when there is none. */
static long
pick_group(void)
{
	gid_t gs[64];
	int n;

	if (geteuid() == 0) {
		struct group *g = getgrnam("users");
		return g ? (long)g->gr_gid : 100;
	}
	n = getgroups(64, gs);
	for (int i = 0; i < n; i++)
		if (gs[i] != getegid())
			return (long)gs[i];
	return -1;
}

/* What the file beside the database named path + tail looks like, as
 * J_ bits: all of them set only if each file seen so far had them. */
static int
beside(const char *path, const char *tail, gid_t gid, int r)
{
	char jpath[512];
	struct stat st;
	int now = 0;

	snprintf(jpath, sizeof jpath, "%s%s", path, tail);
	if (stat(jpath, &st) == 0) {
		now |= J_THERE;
		now |= (st.st_mode & 0777) == 0660 ? J_MODE : 0;
		now |= st.st_gid == gid ? J_GROUP : 0;
	}
	return r < 0 ? now : r & now;
}

/* In a child, as the other user when root: open the database (in a
 * rollback journal if rollback), hold a write open, and report what the
 * files beside it and the count file look like. */
static int
writer(const char *path, gid_t gid, int rollback)
{
	char jpath[512];
	struct lockout l = {0, 0};
	struct stat st;
	db *d;
	int r = -1;

	umask(077);
	if (geteuid() == 0) {
		if (setgroups(1, &gid) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
			return J_SETUP;
	}
	fflush(stdout);
	if (!freopen("/dev/null", "w", stdout)) /* tu_open's bail-outs are not TAP here */
		return J_SETUP;
	d = tu_open_opts(path, &(struct db_options){.rollback = rollback});
	if (sqlite3_exec(db_sql(d), "BEGIN IMMEDIATE; CREATE TABLE shared_t(x); "
	                         "INSERT INTO shared_t VALUES (1);", NULL, NULL, NULL) != SQLITE_OK)
		return J_SETUP;
	if (rollback) {
		r = beside(path, "-journal", gid, r);
	} else {
		r = beside(path, "-wal", gid, r);
		r = beside(path, "-shm", gid, r);
	}
	sqlite3_exec(db_sql(d), "ROLLBACK", NULL, NULL, NULL);
	db_close(d);
	lockout_fail(path, &l, 1);
	snprintf(jpath, sizeof jpath, "%s%s", path, LOCKOUT_SUFFIX);
	if (stat(jpath, &st) == 0) {
		r |= (st.st_mode & 0777) == 0660 ? C_MODE : 0;
		r |= st.st_gid == gid ? C_GROUP : 0;
	}
	return r;
}

int
main(void)
{
	const char *base = tu_tmpdir();
	long g = pick_group();
	char dir[300], path[320];
	struct db_options o;
	struct stat st;
	db *d;
	pid_t pid;
	int status, r;

	if (g < 0) {
		printf("1..0 # SKIP no group to share with (run as root, or as a member of two)\n");
		return 0;
	}
	umask(077); /* as main() does */
	snprintf(dir, sizeof dir, "%s/srv", base);
	/* The others must reach the folder; it is the group's, not setgid. */
	if (chmod(base, 0711) != 0 || mkdir(dir, 0770) != 0 || chown(dir, (uid_t)-1, (gid_t)g) != 0 ||
	    chmod(dir, 0770) != 0)
		tap_bail("cannot make the shared folder");
	snprintf(path, sizeof path, "%s/reentry.db", dir);
	memset(&o, 0, sizeof o);
	o.shared = 1;
	o.gid = (unsigned)g;
	d = tu_create_opts(path, &o);
	db_close(d);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0660, "a shared database has mode 660");
	is_int(st.st_gid, g, "  and the group's ownership");
	ok(tu_count_files(dir) == 1, "  and nothing else is left in the folder");

	for (int rollback = 0; rollback <= 1; rollback++) {
		const char *what = rollback ? "a journal (in a rollback journal)"
		                            : "the write-ahead log and its index";
		pid = fork();
		if (pid == 0)
			_exit(writer(path, (gid_t)g, rollback));
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			tap_bail("the writer did not finish");
		r = WEXITSTATUS(status);
		if (r & (J_SETUP | 1))
			tap_bail("the writer could not open the database as another user");
		ok(r & J_THERE, "%s: there while a write is open", what);
		ok(r & J_MODE, "  with the database's mode 660 under a umask of 077");
		ok(r & J_GROUP, "  and the database's group, made by another member");
		ok(r & C_MODE, "the count of wrong passphrases has mode 660");
		ok(r & C_GROUP, "  and the database's group");
	}

	memset(&o, 0, sizeof o);
	snprintf(path, sizeof path, "%s/private.db", dir);
	d = tu_create_opts(path, &o);
	db_close(d);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "without a group the file is private");
	return tap_done();
}
