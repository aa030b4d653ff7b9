# ipodsim top-level build.  `make boot` and `make test` are the two commands
# a newcomer needs; every target first installs missing Debian packages.
CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
OPT ?= -O2
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CFLAGS_BASE := -std=c11 -g $(WARN) -I. -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
CFLAGS := $(CFLAGS_BASE) $(OPT)
SAN_FLAGS := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

B := build
CORE_SRCS := $(wildcard cpu/*.c mmu/*.c soc/*.c dev/*.c nand/*.c)
FRONT_SRCS := $(wildcard frontend/*.c)
TEST_SRCS := $(wildcard test/*/test_*.c) test/harness.c test/run_tests.c
SUITES := $(sort $(patsubst test_%.c,%,$(notdir $(wildcard test/*/test_*.c))))

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)
FRONT_OBJS := $(FRONT_SRCS:%.c=$(B)/obj/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(B)/obj/%.o)
SAN_CORE_OBJS := $(CORE_SRCS:%.c=$(B)/san/%.o)
SAN_TEST_OBJS := $(TEST_SRCS:%.c=$(B)/san/%.o)

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

.PHONY: all deps boot test check check-asan roms test-roms bench clean help
all: ipodsim

help:
	@echo "make boot   install missing packages, build, run the default firmware"
	@echo "make test   build everything and run every test (unit, sanitizers, guest ROMs)"
	@echo "make bench  CPU benchmarks: ipodsim vs qemu-system-arm"
	@echo "make check  unit tests only;  make roms  guest test programs only"

deps:
	@tools/deps.sh

$(B)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

$(B)/libipodcore.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libipodcore-san.a: $(SAN_CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

ipodsim: $(FRONT_OBJS) $(B)/libipodcore.a
	$(CC) $(CFLAGS) -o $@ $(FRONT_OBJS) $(B)/libipodcore.a -lm

# The Check runner gets one SUITE(name) line per test/*/test_<name>.c.
$(B)/suites.inc: FORCE | deps
	@mkdir -p $(B)
	@printf '%s\n' $(foreach s,$(SUITES),"SUITE($(s))") > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@
$(B)/obj/test/run_tests.o $(B)/san/test/run_tests.o: $(B)/suites.inc
.PHONY: FORCE
FORCE:

# Unit tests link the core plus the machine code they test (soc/ is in the core).
$(B)/run_tests: $(TEST_OBJS) $(B)/libipodcore.a
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJS) $(B)/libipodcore.a $(CHECK_LIBS) -lm

$(B)/run_tests_san: $(SAN_TEST_OBJS) $(B)/libipodcore-san.a
	$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) -o $@ $(SAN_TEST_OBJS) $(B)/libipodcore-san.a $(CHECK_LIBS) -lm

check: $(B)/run_tests
	@mkdir -p $(B)/logs
	@echo "== unit tests"
	@$(B)/run_tests 2>&1 | tee $(B)/logs/unit.log
	@grep -q "Failures: 0, Errors: 0" $(B)/logs/unit.log

check-asan: $(B)/run_tests_san
	@mkdir -p $(B)/logs
	@echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(B)/run_tests_san 2>&1 | tee $(B)/logs/unit-san.log
	@grep -q "Failures: 0, Errors: 0" $(B)/logs/unit-san.log

roms: | deps
	@$(MAKE) --no-print-directory -C roms tests

test-roms: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== guest test programs through ipodsim run"
	@test/run_roms.sh ./ipodsim run 2>&1 | tee $(B)/logs/roms.log

# make test: every suite; the last line counts all checks of all suites.
test: | deps
	@rm -rf $(B)/logs; mkdir -p $(B)/logs
	@status=0; \
	$(MAKE) --no-print-directory check || status=1; \
	$(MAKE) --no-print-directory check-asan || status=1; \
	$(MAKE) --no-print-directory test-roms || status=1; \
	test/summary.sh $(B)/logs || status=1; \
	exit $$status

bench: ipodsim | deps
	@$(MAKE) --no-print-directory -C roms/bench
	@test/bench.sh

# Until the boot chain exists (a later issue), `boot` runs the bundled hello ROM.
boot: ipodsim roms
	./ipodsim run roms/build/tests/hello.elf

clean:
	rm -rf $(B) ipodsim
	$(MAKE) --no-print-directory -C roms clean 2>/dev/null || true
	rm -rf roms/build

-include $(CORE_OBJS:.o=.d) $(FRONT_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(SAN_CORE_OBJS:.o=.d) $(SAN_TEST_OBJS:.o=.d)
