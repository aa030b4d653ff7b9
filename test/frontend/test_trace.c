/* The trace front end (frontend/trace.c, frontend/stepper.c): the exact
 * line format, option parsing, the instruction window (exact line count,
 * detached outside it), the address filter, memory-access lists, and a
 * scripted step session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/trace.h"
#include "test/harness.h"

/* ---- line format ----------------------------------------------------------------------------------- */

static TraceRecord arm_record(void)
{
    TraceRecord r;
    memset(&r, 0, sizeof r);
    r.insn_no = 12;
    r.cycle = 14;
    r.pc = 0x8004;
    r.raw = 0xE3A00005;
    r.disasm = "mov r0, #5";
    r.before.cpsr = r.after.cpsr = 0x600001D3;
    r.before.r[15] = 0x8004;
    r.after.r[15] = 0x8008;
    r.after.r[0] = 5;
    return r;
}

START_TEST(test_trace_format_arm_line)
{
    char buf[256];
    TraceRecord r = arm_record();
    size_t n = trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004 e3a00005 svc A \"mov r0, #5\" r0=0x00000005\n");
    ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

START_TEST(test_trace_format_flags_branch_and_memory)
{
    char buf[512];
    TraceRecord r = arm_record();
    r.after.r[0] = 0;
    r.after.cpsr = 0x200001D3;       /* only NZCV changed: letters */
    r.after.r[15] = 0x9000;          /* not sequential: pc shown */
    r.after.r[13] = 0x7FF8;
    r.nmem = 2;
    r.mem[0] = (TraceMem){.addr = 0x7FFC, .val = 0xAB, .size = 1, .write = true};
    r.mem[1] = (TraceMem){.addr = 0x100, .val = 0x12345678, .size = 4, .write = false};
    trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004 e3a00005 svc A \"mov r0, #5\" sp=0x00007ff8 "
                          "pc=0x00009000 cpsr=nzCv W1 0x00007ffc=0xab R4 0x00000100=0x12345678\n");
    /* other CPSR bits: the whole word; SPSR; an exception */
    r = arm_record();
    r.after.r[0] = 0;
    r.after.cpsr = 0x000001DB;
    r.after.spsr = 0x600001D3;
    r.after.r[15] = 0x04;
    r.exception = "und";
    trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004 e3a00005 svc A \"mov r0, #5\" pc=0x00000004 "
                          "cpsr=0x000001db spsr=0x600001d3 exc=und\n");
}
END_TEST

START_TEST(test_trace_format_thumb_interrupt_condfail)
{
    char buf[256];
    TraceRecord r = arm_record();
    r.thumb = true;
    r.raw = 0x2005;
    r.disasm = "movs r0, #5";
    r.after.r[15] = 0x8006;
    r.before.cpsr = r.after.cpsr = 0x000001F3;
    trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004     2005 svc T \"movs r0, #5\" r0=0x00000005\n");

    r = arm_record();
    r.after.r[0] = 0;
    r.cond_failed = true;
    r.raw = 0x03A00005;
    r.disasm = "moveq r0, #5";
    trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004 03a00005 svc A \"moveq r0, #5\" cond=fail\n");

    r = arm_record();
    r.irq = true;
    r.after.r[0] = 0;
    r.after.r[14] = 0x8008;
    r.after.r[15] = 0x18;
    r.after.cpsr = 0x000001D2;
    r.after.spsr = 0x600001D3;
    trace_format(buf, sizeof buf, &r);
    ck_assert_str_eq(buf, "0000000012 000000000014 0x00008004 -------- svc A \"<irq>\" lr=0x00008008 "
                          "pc=0x00000018 cpsr=0x000001d2 spsr=0x600001d3\n");
}
END_TEST

START_TEST(test_trace_format_truncates)
{
    char buf[16];
    TraceRecord r = arm_record();
    size_t n = trace_format(buf, sizeof buf, &r);
    ck_assert_uint_gt(n, sizeof buf);
    ck_assert_uint_eq(strlen(buf), sizeof buf - 1);
}
END_TEST

/* ---- options ---------------------------------------------------------------------------------------- */

static int parse(TraceOptions *o, const char *a, const char *b)
{
    char *argv[3] = {(char *)"run", (char *)a, (char *)b};
    int argc = b ? 3 : 2, i = 1;
    char err[128];
    int r = trace_parse_option(o, argc, argv, &i, err, sizeof err);
    if (r > 0) ck_assert_int_eq(i, b ? 2 : 1);
    return r;
}

START_TEST(test_trace_options)
{
    TraceOptions o = {0};
    ck_assert_int_eq(parse(&o, "--max-insns", "5"), 0);
    ck_assert(!o.trace);
    ck_assert_int_eq(parse(&o, "--trace", NULL), 1);
    ck_assert(o.trace && !o.file && !o.mem);
    ck_assert_int_eq(parse(&o, "--trace=out.txt", NULL), 1);
    ck_assert_str_eq(o.file, "out.txt");
    ck_assert_int_eq(parse(&o, "--trace=mem", NULL), 1);
    ck_assert(o.mem);
    ck_assert_int_eq(parse(&o, "--trace-range", "0x8000-0x9000"), 1);
    ck_assert_int_eq(parse(&o, "--trace-range=0x100..0x1ff", NULL), 1);
    ck_assert_int_eq(parse(&o, "--trace-range=0x40+16", NULL), 1);
    ck_assert_int_eq(parse(&o, "--trace-range=4", NULL), 1);
    ck_assert_uint_eq(o.nranges, 4);
    ck_assert_uint_eq(o.ranges[0].lo, 0x8000);
    ck_assert_uint_eq(o.ranges[0].hi, 0x8FFF);
    ck_assert_uint_eq(o.ranges[1].hi, 0x1FF);
    ck_assert_uint_eq(o.ranges[2].hi, 0x4F);
    ck_assert_uint_eq(o.ranges[3].lo, 4);
    ck_assert_uint_eq(o.ranges[3].hi, 4);
    ck_assert_int_eq(parse(&o, "--trace-window=100..199", NULL), 1);
    ck_assert_uint_eq(o.from, 100);
    ck_assert_uint_eq(o.count, 100);
    ck_assert_int_eq(parse(&o, "--trace-window", "5+3"), 1);
    ck_assert_uint_eq(o.from, 5);
    ck_assert_uint_eq(o.count, 3);
    ck_assert_int_eq(parse(&o, "--trace-from", "0x10"), 1);
    ck_assert_int_eq(parse(&o, "--trace-count=7", NULL), 1);
    ck_assert_uint_eq(o.from, 16);
    ck_assert_uint_eq(o.count, 7);
    ck_assert_int_eq(parse(&o, "--step", NULL), 1);
    ck_assert(o.step);
    /* errors */
    ck_assert_int_eq(parse(&o, "--trace-range=0x9000-0x8000", NULL), -1);
    ck_assert_int_eq(parse(&o, "--trace-range=x", NULL), -1);
    ck_assert_int_eq(parse(&o, "--trace-window=9..3", NULL), -1);
    ck_assert_int_eq(parse(&o, "--trace-count=0", NULL), -1);
    ck_assert_int_eq(parse(&o, "--trace-from", NULL), -1);
    ck_assert_int_eq(parse(&o, "--trace=", NULL), -1);
}
END_TEST

/* ---- tracing a program ---------------------------------------------------------------------------------- */

/* r0 = 3; loop: STR r0, [r1], #4 ; SUBS r0, r0, #1 ; BNE loop ; SVC: 11 instructions */
static const uint32_t prog[5] = {0xE3A00003, 0xE4810004, 0xE2500001, 0x1AFFFFFC, 0xEF000000};

static char *run_traced(TraceOptions *o, uint64_t *attached_insns)
{
    char path[] = "/tmp/ipodsim-trace-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    o->trace = true;
    o->file = path;
    TestCpu *tc = tc_create(1u << 16);
    tc_put32(tc, 0x1000, prog, 5);
    tc->cpu->r[1] = 0x2000;
    tc->cpu->r[15] = 0x1000;
    tc->stop_on_svc = true;
    char err[128];
    Tracer *t = trace_create(o, tc->cpu, err, sizeof err);
    ck_assert_msg(t != NULL, "%s", err);
    *attached_insns = 0;
    while (!tc->cpu->stop) {
        uint64_t slice = trace_slice(t, 1000);
        uint64_t before = tc->cpu->insns;
        arm_run(tc->cpu, tc->cpu->cycles + slice);
        if (tc->cpu->debug) *attached_insns += tc->cpu->insns - before;
    }
    ck_assert_uint_eq(tc->cpu->insns, 11);
    trace_destroy(t);
    tc_destroy(tc);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    unlink(path);
    return text;
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

START_TEST(test_trace_whole_program)
{
    TraceOptions o = {0};
    uint64_t attached;
    char *text = run_traced(&o, &attached);
    ck_assert_uint_eq(count_lines(text), 11);
    const char *first = "0000000000 000000000000 0x00001000 e3a00003 svc A \"mov r0, #3\" r0=0x00000003\n";
    ck_assert_msg(!strncmp(text, first, strlen(first)), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "0x0000100c 1afffffc svc A \"bne 0x00001004\" pc=0x00001004\n"));
    ck_assert_ptr_nonnull(strstr(text, "\"bne 0x00001004\" cond=fail\n"));
    ck_assert_ptr_nonnull(strstr(text, "\"str r0, [r1], #4\" r1=0x00002004\n"));
}
END_TEST

START_TEST(test_trace_window_exact_and_detached_outside)
{
    TraceOptions o = {0};
    o.from = 2;
    o.count = 4;
    uint64_t attached;
    char *text = run_traced(&o, &attached);
    ck_assert_uint_eq(count_lines(text), 4);
    ck_assert_msg(!strncmp(text, "0000000002 ", 11), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "\n0000000005 "));
    /* the debugger was attached exactly for the window */
    ck_assert_uint_eq(attached, 4);
}
END_TEST

START_TEST(test_trace_range_and_memory)
{
    TraceOptions o = {0};
    o.mem = true;
    o.nranges = 1;
    o.ranges[0] = (TraceRange){0x1004, 0x1004};
    uint64_t attached;
    char *text = run_traced(&o, &attached);
    ck_assert_uint_eq(count_lines(text), 3); /* the STR, once per iteration */
    ck_assert_ptr_nonnull(strstr(text, "\"str r0, [r1], #4\" r1=0x00002004 W4 0x00002000=0x00000003\n"));
    ck_assert_ptr_nonnull(strstr(text, "W4 0x00002008=0x00000001\n"));
}
END_TEST

START_TEST(test_trace_step_session)
{
    const char *script = "s 2\nb 0x100c\nc\nr\nx 0x2000 8\ndisas 0x1000 2\nbogus\nq\n";
    FILE *in = fmemopen((void *)script, strlen(script), "r");
    char *out_text = NULL;
    size_t out_len = 0;
    FILE *out = open_memstream(&out_text, &out_len);
    ck_assert(in && out);
    TraceOptions o = {.step = true, .step_in = in, .step_out = out};
    TestCpu *tc = tc_create(1u << 16);
    tc_put32(tc, 0x1000, prog, 5);
    tc->cpu->r[1] = 0x2000;
    tc->cpu->r[15] = 0x1000;
    tc->stop_on_svc = true;
    char err[128];
    Tracer *t = trace_create(&o, tc->cpu, err, sizeof err);
    ck_assert_ptr_nonnull(t);
    while (!tc->cpu->stop) arm_run(tc->cpu, tc->cpu->cycles + trace_slice(t, 1000));
    ck_assert(trace_quit_requested(t));
    ck_assert_int_eq(tc->cpu->stop_reason, STOP_DEBUG);
    ck_assert_uint_eq(tc->cpu->r[15], 0x100C); /* stopped at the breakpoint, BNE not run */
    trace_destroy(t);
    fclose(out);
    fclose(in);
    ck_assert_ptr_nonnull(strstr(out_text, "(ipodsim) s 2\n0000000000 "));
    ck_assert_ptr_nonnull(strstr(out_text, "\n0000000001 000000000001 0x00001004 e4810004 svc A \"str r0, [r1], #4\""));
    ck_assert_ptr_nonnull(strstr(out_text, "breakpoint at 0x0000100c\n=> 0x0000100c"));
    ck_assert_msg(strstr(out_text, "r0  0x00000002") != NULL, "%s", out_text);
    ck_assert_ptr_nonnull(strstr(out_text, "0x00002000: 03 00 00 00 00 00 00 00"));
    ck_assert_ptr_nonnull(strstr(out_text, "   0x00001004  e4810004   str r0, [r1], #4\n"));
    ck_assert_ptr_nonnull(strstr(out_text, "unknown command 'bogus'"));
    free(out_text);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_trace_step_eof_quits)
{
    FILE *in = fmemopen((void *)"s\n", 2, "r");
    char *out_text = NULL;
    size_t out_len = 0;
    FILE *out = open_memstream(&out_text, &out_len);
    TraceOptions o = {.step = true, .step_in = in, .step_out = out};
    TestCpu *tc = tc_create(1u << 16);
    tc_put32(tc, 0x1000, prog, 5);
    tc->cpu->r[15] = 0x1000;
    char err[128];
    Tracer *t = trace_create(&o, tc->cpu, err, sizeof err);
    while (!tc->cpu->stop) arm_run(tc->cpu, tc->cpu->cycles + trace_slice(t, 1000));
    ck_assert(trace_quit_requested(t));
    ck_assert_uint_eq(tc->cpu->insns, 1);
    trace_destroy(t);
    fclose(out);
    fclose(in);
    free(out_text);
    tc_destroy(tc);
}
END_TEST

Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *t = tcase_create("trace");
    tcase_add_test(t, test_trace_format_arm_line);
    tcase_add_test(t, test_trace_format_flags_branch_and_memory);
    tcase_add_test(t, test_trace_format_thumb_interrupt_condfail);
    tcase_add_test(t, test_trace_format_truncates);
    tcase_add_test(t, test_trace_options);
    tcase_add_test(t, test_trace_whole_program);
    tcase_add_test(t, test_trace_window_exact_and_detached_outside);
    tcase_add_test(t, test_trace_range_and_memory);
    tcase_add_test(t, test_trace_step_session);
    tcase_add_test(t, test_trace_step_eof_quits);
    suite_add_tcase(s, t);
    return s;
}
