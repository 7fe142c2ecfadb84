import type { FinalCheck, StepPlan } from './plan.ts';

/** What the header of the program says about where the sequence comes from. */
export interface ProgramMeta {
  readonly title: string;
  readonly source: string;
  readonly model: string;
  readonly variant: string;
  readonly knobs: string;
  readonly failure: string;
}

export interface PlannedStep {
  readonly text: string;
  readonly plan: StepPlan;
}

/** A C string literal. */
const cString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
/** A C comment line that cannot close itself. */
const comment = (s: string) => s.replace(/\*\//g, '* /');

// The harness every program shares: pages, the child's command loop, the GUP triggers.
const PRELUDE = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

enum { STEP_OK, STEP_FAIL, STEP_SKIP, STEP_ERROR };
#define SLOTS 8
#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4

static size_t ps;
static char *area;       /* vpages 0 and 1: MAP_PRIVATE anonymous */
static char *file_area;  /* vpage 2: MAP_SHARED of a one-page memfd */
static char *scratch;
static int memfd = -1;
static int gup_pipe[SLOTS][2];
static int ring[SLOTS];
static pid_t child = -1;
static int cmd_pipe[2], ack_pipe[2];
static char why[256];

static int do_fork(void);
static int do_exit_child(void);

static char *page_addr(int vpage)
{
	return vpage < 2 ? area + (size_t)vpage * ps : file_area;
}

static int __attribute__((unused)) fail_errno(const char *call)
{
	snprintf(why, sizeof(why), "%s: %s", call, strerror(errno));
	return STEP_ERROR;
}

/* FOLL_GET, read-only: vmsplice() the page into a pipe (the CVE-2020-29374 trigger). */
static int __attribute__((unused)) vmsplice_get(int slot, char *addr)
{
	struct iovec iov = { .iov_base = addr, .iov_len = ps };

	if (pipe(gup_pipe[slot]))
		return fail_errno("pipe");
	if (vmsplice(gup_pipe[slot][1], &iov, 1, 0) != (ssize_t)ps)
		return fail_errno("vmsplice");
	return STEP_OK;
}

/* Drop the vmsplice reference by reading the pipe, and check what it saw. */
static int __attribute__((unused)) check_pipe(int slot, const unsigned char *bad, int nbad)
{
	ssize_t got = read(gup_pipe[slot][0], scratch, ps);
	int i;

	if (got != (ssize_t)ps)
		return fail_errno("read(pipe)");
	close(gup_pipe[slot][0]);
	close(gup_pipe[slot][1]);
	for (i = 0; i < nbad; i++) {
		if ((unsigned char)scratch[0] == bad[i]) {
			snprintf(why, sizeof(why), "gup %d reads byte %d: a store by another process after the reference was taken", slot, bad[i]);
			return STEP_FAIL;
		}
	}
	return STEP_OK;
}

/* FOLL_PIN | FOLL_WRITE | FOLL_LONGTERM: register the page as an io_uring fixed buffer. */
static int __attribute__((unused)) io_uring_pin(int slot, char *addr)
{
	struct io_uring_params p;
	struct iovec iov = { .iov_base = addr, .iov_len = ps };

	memset(&p, 0, sizeof(p));
	ring[slot] = syscall(__NR_io_uring_setup, 1, &p);
	if (ring[slot] < 0) {
		snprintf(why, sizeof(why), "io_uring_setup: %s", strerror(errno));
		return STEP_SKIP;
	}
	if (syscall(__NR_io_uring_register, ring[slot], IORING_REGISTER_BUFFERS, &iov, 1)) {
		snprintf(why, sizeof(why), "IORING_REGISTER_BUFFERS: %s", strerror(errno));
		close(ring[slot]);
		return STEP_SKIP;
	}
	return STEP_OK;
}

static int __attribute__((unused)) io_uring_unpin(int slot)
{
	if (syscall(__NR_io_uring_register, ring[slot], IORING_UNREGISTER_BUFFERS, NULL, 0))
		return fail_errno("IORING_UNREGISTER_BUFFERS");
	close(ring[slot]);
	return STEP_OK;
}
`;

const HARNESS = String.raw`
/* Run step n in process proc: P0 is this process, P1 the child, which runs it on command. */
static int run_step(int proc, int n)
{
	int r;

	if (proc == 0)
		return steps[n]();
	if (child < 0)
		return STEP_ERROR;
	if (write(cmd_pipe[1], &n, sizeof(n)) != sizeof(n) || read(ack_pipe[0], &r, sizeof(r)) != sizeof(r))
		return fail_errno("child command");
	return r;
}

static void child_loop(void)
{
	int n, r;

	while (read(cmd_pipe[0], &n, sizeof(n)) == sizeof(n) && n >= 0) {
		r = steps[n]();
		if (r != STEP_OK)
			fprintf(stdout, "# P1: %s\n", why);
		if (write(ack_pipe[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
	}
	_exit(0);
}

static int __attribute__((unused)) do_fork(void)
{
	if (pipe(cmd_pipe) || pipe(ack_pipe))
		return fail_errno("pipe");
	fflush(stdout);
	child = fork();
	if (child < 0)
		return fail_errno("fork");
	if (child == 0)
		child_loop();
	return STEP_OK;
}

static int do_exit_child(void)
{
	int n = -1, status;

	if (child < 0)
		return STEP_OK;
	if (write(cmd_pipe[1], &n, sizeof(n)) != sizeof(n))
		return fail_errno("child command");
	waitpid(child, &status, 0);
	child = -1;
	return STEP_OK;
}

static int setup(void)
{
	ps = (size_t)sysconf(_SC_PAGESIZE);
	area = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return fail_errno("mmap(anon)");
	/* the model's pages are small folios: keep THP out of the way */
	madvise(area, 2 * ps, MADV_NOHUGEPAGE);
	memfd = memfd_create("memcheck", 0);
	if (memfd < 0 || ftruncate(memfd, ps))
		return fail_errno("memfd");
	file_area = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (file_area == MAP_FAILED)
		return fail_errno("mmap(memfd)");
	scratch = malloc(ps);
	return scratch ? STEP_OK : fail_errno("malloc");
}
`;

/** The C program: TAP output, one test point for the whole sequence, ksft exit codes. */
export function renderProgram(meta: ProgramMeta, steps: readonly PlannedStep[], checks: readonly FinalCheck[]): string {
  const out: string[] = [];
  const missing = steps.filter((s) => s.plan.kind === 'kernel').length;
  out.push(
    '// SPDX-License-Identifier: GPL-2.0',
    '/*',
    ` * ${comment(meta.title)}`,
    ' *',
    ` * Written by \`memcheck reproduce\` from ${comment(meta.source)}: the model ${meta.model},`,
    ` * variant ${meta.variant} (${comment(meta.knobs)}), where the sequence ends in: ${comment(meta.failure)}.`,
    ' * It runs the steps on this kernel and checks what user space can see of that failure:',
    ' * `ok` means this kernel does not show it. Build: cc -Wall -o repro repro.c',
    missing > 0
      ? ` * ${missing} step(s) have no user-space trigger: comments below say what must happen there; the test then reports SKIP.`
      : ' * Every step has a user-space trigger.',
    ' */',
    PRELUDE,
  );
  const all = [
    ...steps.map((s) => ({ text: s.text, plan: s.plan })),
    ...checks.map((c) => ({ text: `check: ${c.text}`, plan: { kind: 'user', proc: c.proc, code: c.code } as StepPlan })),
  ];
  for (const [n, s] of all.entries()) {
    out.push(`/* ${n < steps.length ? `step ${n + 1}` : 'final check'}: ${comment(s.text)} */`, `static int step_${n}(void)`, '{');
    const body =
      s.plan.kind === 'user'
        ? s.plan.code
        : s.plan.kind === 'fork'
          ? ['return do_fork();']
          : s.plan.kind === 'exit-child'
            ? ['return do_exit_child();']
            : [
                `/* no user-space trigger: ${comment(s.plan.what)} must happen here. */`,
                ...(s.plan.provoke ? [`/* how to provoke it: ${comment(s.plan.provoke)} */`] : []),
                `snprintf(why, sizeof(why), "step ${n + 1} has no user-space trigger");`,
                'return STEP_SKIP;',
              ];
    out.push(...body.map((line) => `\t${line}`), '}', '');
  }
  out.push(`static int (*const steps[])(void) = { ${all.map((_, n) => `step_${n}`).join(', ')} };`);
  out.push(HARNESS);
  const procOf = (p: StepPlan) => (p.kind === 'user' ? p.proc : 0);
  out.push(
    'int main(void)',
    '{',
    '\tint n, r = STEP_OK;',
    `\tstatic const int procs[] = { ${all.map((s) => procOf(s.plan)).join(', ')} };`,
    `\tstatic const char *const texts[] = {`,
    ...all.map((s) => `\t\t${cString(s.text)},`),
    '\t};',
    '',
    '\tprintf("TAP version 13\\n1..1\\n");',
    `\tprintf("# memcheck reproduce: %s\\n", ${cString(`${meta.model} / ${meta.variant}, from ${meta.source}`)});`,
    '\tif (setup() != STEP_OK) {',
    '\t\tprintf("not ok 1 setup # %s\\n", why);',
    '\t\treturn KSFT_FAIL;',
    '\t}',
    `\tfor (n = 0; n < ${all.length} && r == STEP_OK; n++) {`,
    '\t\tprintf("# %d: %s\\n", n + 1, texts[n]);',
    '\t\tfflush(stdout);',
    '\t\tr = run_step(procs[n], n);',
    '\t}',
    '\tdo_exit_child();',
    '\tswitch (r) {',
    '\tcase STEP_OK:',
    `\t\tprintf("ok 1 %s\\n", ${cString(meta.title)});`,
    '\t\treturn KSFT_PASS;',
    '\tcase STEP_SKIP:',
    `\t\tprintf("ok 1 %s # SKIP %s\\n", ${cString(meta.title)}, why);`,
    '\t\treturn KSFT_SKIP;',
    '\tcase STEP_FAIL:',
    `\t\tprintf("not ok 1 %s # %s\\n", ${cString(meta.title)}, why);`,
    '\t\treturn KSFT_FAIL;',
    '\tdefault:',
    `\t\tprintf("not ok 1 %s # error: %s\\n", ${cString(meta.title)}, why);`,
    '\t\treturn KSFT_FAIL;',
    '\t}',
    '}',
    '',
  );
  return out.join('\n');
}
