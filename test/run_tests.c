/* Check runner: every suite the Makefile found (test/<dir>/test_<name>.c
 * defines Suite *<name>_suite(void)).  `build/run_tests NAME...` runs only
 * the named suites. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#define SUITE(n) Suite *n##_suite(void);
#include "suites.inc"
#undef SUITE

typedef struct { const char *name; Suite *(*make)(void); } SuiteEntry;
static const SuiteEntry suites[] = {
#define SUITE(n) {#n, n##_suite},
#include "suites.inc"
#undef SUITE
};

static int wanted(const char *name, int argc, char **argv)
{
    if (argc < 2) return 1;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], name)) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    SRunner *sr = NULL;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (!wanted(suites[i].name, argc, argv)) continue;
        if (!sr) sr = srunner_create(suites[i].make());
        else srunner_add_suite(sr, suites[i].make());
    }
    if (!sr) {
        fprintf(stderr, "run_tests: no such suite\n");
        return 2;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
