#!/usr/bin/perl
# SPDX-License-Identifier: ISC
# includes.pl - the include graph between modules (foo.c with foo.h) of
# the folders named, and its circles.  Prints each circle (a strongly
# connected set of two or more modules) on a line and exits 1 when there
# is one; --count prints how many and how many modules are caught in
# them, and exits 0.  A header with no .c of its own named MODULE_x.h
# (db_private.h) is part of MODULE: the private half of its interface.
use strict;
use warnings;

my $count = @ARGV && $ARGV[0] eq '--count' ? shift @ARGV : undef;
my (%edge, %node);
my %has_c = map { (my $m = $_) =~ s{.*/}{}; $m =~ s/\.c$//; ($m => 1) } map { glob("$_/*.c") } @ARGV;
# The module a file or an included header belongs to.
sub module {
	my $m = shift;
	return $1 if !$has_c{$m} && $m =~ /^([a-z]+)_/ && $has_c{$1};
	return $m;
}
for my $dir (@ARGV) {
	for my $f (glob("$dir/*.c"), glob("$dir/*.h")) {
		(my $m = $f) =~ s{.*/}{};
		$m =~ s/\.[ch]$//;
		$m = module($m);
		$node{$m} = 1;
		open my $fh, '<', $f or die "includes.pl: $f: $!\n";
		while (<$fh>) {
			next unless /^\s*#\s*include\s+"([^"]+)\.h"/;
			(my $t = $1) =~ s{.*/}{};
			$t = module($t);
			$edge{$m}{$t} = 1 unless $t eq $m;
		}
	}
}
# Tarjan's strongly connected components.
my ($index, @stack, %on, %idx, %low, @scc) = (0);
my $visit;
$visit = sub {
	my $v = shift;
	$idx{$v} = $low{$v} = $index++;
	push @stack, $v;
	$on{$v} = 1;
	for my $w (sort keys %{ $edge{$v} || {} }) {
		next unless $node{$w};
		if (!defined $idx{$w}) {
			$visit->($w);
			$low{$v} = $low{$w} if $low{$w} < $low{$v};
		} elsif ($on{$w}) {
			$low{$v} = $idx{$w} if $idx{$w} < $low{$v};
		}
	}
	if ($low{$v} == $idx{$v}) {
		my @c;
		my $w;
		do { $w = pop @stack; $on{$w} = 0; push @c, $w } while ($w ne $v);
		push @scc, [sort @c] if @c > 1;
	}
};
for my $v (sort keys %node) { $visit->($v) unless defined $idx{$v} }
if ($count) {
	my $n = 0;
	$n += @$_ for @scc;
	printf "%d circles, %d modules in them\n", scalar @scc, $n;
	exit 0;
}
print "circle of includes: @$_\n" for @scc;
exit(@scc ? 1 : 0);
