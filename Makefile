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
CORE_SRCS := $(wildcard cpu/*.c mmu/*.c soc/*.c dev/*.c nand/*.c image/*.c)
FRONT_SRCS := $(wildcard frontend/*.c)
TEST_SRCS := $(wildcard test/*/test_*.c) test/harness.c test/run_tests.c
# The trace and step front end is tested as a unit too (test/frontend/).
TEST_SRCS += frontend/trace.c frontend/stepper.c frontend/input_script.c frontend/cli.c
SUITES := $(sort $(patsubst test_%.c,%,$(notdir $(wildcard test/*/test_*.c))))

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)
FRONT_OBJS := $(FRONT_SRCS:%.c=$(B)/obj/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(B)/obj/%.o)
SAN_CORE_OBJS := $(CORE_SRCS:%.c=$(B)/san/%.o)
SAN_TEST_OBJS := $(TEST_SRCS:%.c=$(B)/san/%.o)
SAN_FRONT_OBJS := $(FRONT_SRCS:%.c=$(B)/san/%.o)

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)
# The crypto engines (dev/aes.c, dev/sha1.c, dev/pke.c) and the IMG3 tools use
# libtomcrypt with libtommath as its math provider.
CRYPTO_CFLAGS = $(shell pkg-config --cflags libtomcrypt libtommath 2>/dev/null) -DLTM_DESC -DUSE_LTM
CRYPTO_LIBS = $(shell pkg-config --libs libtomcrypt libtommath 2>/dev/null || echo -ltomcrypt -ltommath)
# The front end's window and screenshots: SDL2 and libpng (frontend/ only;
# the core library and the unit tests never link them).
FRONT_CFLAGS = $(shell pkg-config --cflags sdl2 libpng 2>/dev/null)
FRONT_LIBS = $(shell pkg-config --libs sdl2 libpng 2>/dev/null || echo -lSDL2 -lpng16)
$(B)/obj/frontend/%.o $(B)/san/frontend/%.o: CHECK_CFLAGS += $(FRONT_CFLAGS)
# Capstone is a test-only dependency (test/cpu/test_disasm.c compares the disassembler with it).
CAPSTONE_LIBS = $(shell pkg-config --libs capstone 2>/dev/null || echo -lcapstone)

.PHONY: all deps boot test check check-asan roms test-roms vfp-oracle bench clean help
all: ipodsim

help:
	@echo "make boot   install missing packages, build, run the default firmware"
	@echo "make test   build everything and run every test (unit, sanitizers, guest ROMs)"
	@echo "make bench  CPU benchmarks: ipodsim vs qemu-system-arm"
	@echo "make check  unit tests only;  make roms  all guest code under roms/"

deps:
	@tools/deps.sh

$(B)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) $(CRYPTO_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) $(CHECK_CFLAGS) $(CRYPTO_CFLAGS) -MMD -MP -c $< -o $@

# cpu/vfp.c switches the host rounding mode around its FP operations: keep GCC
# from assuming round-to-nearest there (it ignores #pragma STDC FENV_ACCESS).
$(B)/obj/cpu/vfp.o: CFLAGS += -frounding-math
$(B)/san/cpu/vfp.o: SAN_FLAGS += -frounding-math

$(B)/libipodcore.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libipodcore-san.a: $(SAN_CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

ipodsim: $(FRONT_OBJS) $(B)/libipodcore.a
	$(CC) $(CFLAGS) -o $@ $(FRONT_OBJS) $(B)/libipodcore.a $(CRYPTO_LIBS) $(FRONT_LIBS) -lm

# ipodsim under AddressSanitizer + UBSan, for the GDB stub's hostile-input tests.
$(B)/ipodsim-san: $(SAN_FRONT_OBJS) $(B)/libipodcore-san.a
	$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) -o $@ $(SAN_FRONT_OBJS) $(B)/libipodcore-san.a $(CRYPTO_LIBS) $(FRONT_LIBS) -lm

# The Check runner gets one SUITE(name) line per test/*/test_<name>.c.
$(B)/suites.inc: FORCE | deps
	@mkdir -p $(B)
	@printf '%s\n' $(foreach s,$(SUITES),"SUITE($(s))") > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@
$(B)/obj/test/run_tests.o $(B)/san/test/run_tests.o: $(B)/suites.inc
$(B)/obj/test/run_tests.o $(B)/san/test/run_tests.o: CHECK_CFLAGS += -I$(B)
.PHONY: FORCE
FORCE:

# Unit tests link the core plus the machine code they test (soc/ is in the core).
$(B)/run_tests: $(TEST_OBJS) $(B)/libipodcore.a
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJS) $(B)/libipodcore.a $(CRYPTO_LIBS) $(CHECK_LIBS) $(CAPSTONE_LIBS) -lm

$(B)/run_tests_san: $(SAN_TEST_OBJS) $(B)/libipodcore-san.a
	$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) -o $@ $(SAN_TEST_OBJS) $(B)/libipodcore-san.a $(CRYPTO_LIBS) $(CHECK_LIBS) $(CAPSTONE_LIBS) -lm

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

# Everything under roms/: test programs, SoC firmware and test ROMs, timing
# kernels, benchmarks, and the secure boot chain (boot ROM, LLB, the signed
# and encrypted default NOR image: built with ./ipodsim's image tools and a
# root key generated on this machine).
roms: ipodsim | deps
	@$(MAKE) --no-print-directory -C roms tests timing bench-soc
	@$(MAKE) --no-print-directory -C roms/bench
	@$(MAKE) --no-print-directory -C roms secure

test-roms: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== guest test programs through ipodsim run"
	@test/run_roms.sh ./ipodsim run 2>&1 | tee $(B)/logs/roms.log

# Emulated-timing regression (test/timing_test.sh, docs/timing.md): the
# roms/timing microbenchmarks' cycles/iteration must equal
# test/timing_baseline.txt exactly; `make timing-baseline` accepts a change.
.PHONY: test-timing timing-baseline
test-timing: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== emulated timing microbenchmarks against test/timing_baseline.txt"
	@test/timing_test.sh ./ipodsim 2>&1 | tee $(B)/logs/timing.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/timing.log

timing-baseline: ipodsim roms
	@test/timing_test.sh --update ./ipodsim

# ipodsim run --trace / --step end to end (test/trace_test.sh).
.PHONY: test-trace
test-trace: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== trace and step prompt through ipodsim run"
	@test/trace_test.sh ./ipodsim 2>&1 | tee $(B)/logs/trace.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/trace.log

# The GDB stub (test/gdb_test.sh, docs/gdb.md): gdb-multiarch sessions, and
# raw-protocol robustness checks against the sanitizer build.
.PHONY: test-gdb
test-gdb: ipodsim $(B)/ipodsim-san roms
	@mkdir -p $(B)/logs
	@echo "== GDB stub: gdb-multiarch sessions and raw-protocol robustness"
	@test/gdb_test.sh ./ipodsim $(B)/ipodsim-san 2>&1 | tee $(B)/logs/gdb.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/gdb.log

# VFP differential test against Unicorn's ARM1176 (test/vfp_oracle/): random
# VFP instructions and operands, deterministic seed; the default count runs
# in about 15 s.  make vfp-oracle VFP_ORACLE_CASES=N for more or fewer.
VFP_ORACLE_CASES ?= 400000
UNICORN_LIBS = $(shell pkg-config --libs unicorn 2>/dev/null || echo -lunicorn)
$(B)/vfp_oracle: test/vfp_oracle/vfp_oracle.c cpu/vfp.h cpu/arm11.h $(B)/libipodcore.a | deps
	$(CC) $(CFLAGS) -o $@ $< $(B)/libipodcore.a $(UNICORN_LIBS) -lm

vfp-oracle: $(B)/vfp_oracle
	@mkdir -p $(B)/logs
	@echo "== VFP differential test against Unicorn"
	@$(B)/vfp_oracle -n $(VFP_ORACLE_CASES) 2>&1 | tee $(B)/logs/vfp.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/vfp.log

# Differential conformance of the core against Unicorn (test/conformance/,
# docs/conformance.md): every pattern-table line, random sequences and
# exception entry, deterministic seed, about a minute on two cores.
# make conformance CONFORMANCE_N=N sets the cases per class (millions work).
.PHONY: conformance
CONFORMANCE_N ?= 15000
CONFORMANCE_JOBS ?= 2
CONF_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(wildcard test/conformance/*.c))
CONF_LIBS = $(shell pkg-config --libs unicorn capstone 2>/dev/null || echo -lunicorn -lcapstone)
$(B)/conformance: $(CONF_OBJS) $(B)/libipodcore.a
	$(CC) $(CFLAGS) -o $@ $(CONF_OBJS) $(B)/libipodcore.a $(CONF_LIBS) -lm

conformance: $(B)/conformance
	@mkdir -p $(B)/logs
	@echo "== differential conformance against Unicorn"
	@$(B)/conformance -n $(CONFORMANCE_N) --jobs $(CONFORMANCE_JOBS) 2>&1 | tee $(B)/logs/conformance.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/conformance.log

# make test: every suite; the last line counts all checks of all suites.
test: | deps
	@rm -rf $(B)/logs; mkdir -p $(B)/logs
	@status=0; \
	$(MAKE) --no-print-directory check || status=1; \
	$(MAKE) --no-print-directory check-asan || status=1; \
	$(MAKE) --no-print-directory test-roms || status=1; \
	$(MAKE) --no-print-directory test-timing || status=1; \
	$(MAKE) --no-print-directory test-trace || status=1; \
	$(MAKE) --no-print-directory test-gdb || status=1; \
	$(MAKE) --no-print-directory test-soc || status=1; \
	$(MAKE) --no-print-directory test-image || status=1; \
	$(MAKE) --no-print-directory test-secure || status=1; \
	$(MAKE) --no-print-directory test-display || status=1; \
	$(MAKE) --no-print-directory test-boot-screen || status=1; \
	$(MAKE) --no-print-directory vfp-oracle || status=1; \
	$(MAKE) --no-print-directory conformance || status=1; \
	test/summary.sh $(B)/logs || status=1; \
	exit $$status

bench: ipodsim | deps
	@$(MAKE) --no-print-directory -C roms/bench
	@$(MAKE) --no-print-directory -C roms timing
	@$(MAKE) --no-print-directory -C roms bench-soc
	@test/bench.sh
	@test/bench_soc.sh
	@test/bench_display.sh
	@echo "== emulated timing (roms/timing): measured cycles/iteration beside the TRM rules"
	@./ipodsim run roms/build/timing/timing.elf

# The whole machine from its boot ROM: our boot ROM verifies and decrypts LLB
# from the default NOR image, LLB the next stage (docs/secure-boot.md).
boot: ipodsim roms
	./ipodsim boot

# The secure boot chain end to end, and tampered images refused
# (test/secure_boot_test.sh).
.PHONY: test-secure
test-secure: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== secure boot chain: boot ROM -> LLB -> next stage, tampered images refused"
	@test/secure_boot_test.sh ./ipodsim 2>&1 | tee $(B)/logs/secure.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/secure.log

# The S5L8720 machine end to end (test/run_soc_roms.sh, docs/firmware.md): our
# SoC test ROMs through `ipodsim boot`, plus the two-run trace-hash
# determinism check.
.PHONY: test-display
test-display: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== display: headless screenshots, the display ROM's pattern, SDL window under Xvfb"
	@test/display_test.sh ./ipodsim 2>&1 | tee $(B)/logs/display.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/display.log

# The boot screen of `make boot` (the ibot stub): logo, touch marks, buttons,
# screen sleep, checked through serial lines and screenshots.
.PHONY: test-boot-screen
test-boot-screen: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== boot screen: ibot stub display, touch, buttons (input script + screenshots)"
	@test/boot_screen_test.sh ./ipodsim 2>&1 | tee $(B)/logs/boot_screen.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/boot_screen.log

.PHONY: test-image
test-image: ipodsim
	@mkdir -p $(B)/logs
	@echo "== image tools: ipodsim img3 / mknor / nor"
	@test/image_test.sh ./ipodsim 2>&1 | tee $(B)/logs/image.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/image.log

.PHONY: test-soc
test-soc: ipodsim roms
	@mkdir -p $(B)/logs
	@echo "== SoC test ROMs through ipodsim boot"
	@test/run_soc_roms.sh ./ipodsim 2>&1 | tee $(B)/logs/soc.log
	@grep -q "^[0-9]* passed, 0 failed$$" $(B)/logs/soc.log

clean:
	rm -rf $(B) ipodsim
	$(MAKE) --no-print-directory -C roms clean 2>/dev/null || true
	rm -rf roms/build

-include $(CORE_OBJS:.o=.d) $(FRONT_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(SAN_CORE_OBJS:.o=.d) $(SAN_TEST_OBJS:.o=.d) $(CONF_OBJS:.o=.d)
-include $(SAN_FRONT_OBJS:.o=.d)
