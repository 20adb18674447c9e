# SPDX-License-Identifier: GPL-2.0
# Top-level build of mip4ha: the kernel module, the userspace tools, the tests.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# The running kernel's build tree, else the newest Debian headers installed
# (this is how the build works on a machine whose kernel is not Debian's).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

VM_RUN := $(TOP)/selftests/vm/run
VM_TIMEOUT ?= 1800

.PHONY: all module userspace selftests check check-stock check-host check-debug clean style sparse uapi \
	fuzz demo modules_install install

all: module userspace selftests

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run scripts/setup-deps" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(TOP) modules_install

userspace:
	$(MAKE) -C userspace

selftests: userspace
	$(MAKE) -C selftests all

install: userspace
	$(MAKE) -C userspace install

# The whole test suite, the README's test command and CI's (.ci/run): unit
# tests and the fuzzers on the host; module.sh on Debian's own kernel (the
# module built against Debian's headers loads, unloads and coexists there);
# then every VM suite on the debug kernel (KASAN, lockdep, UBSAN, ...),
# which scripts/debug-kernel builds once into .cache/, two programs at a
# time, kmemleak watching the two that run alone (module.sh, faults.sh):
# what fits CI's budget (Documentation/testing.md).
check: all
	$(MAKE) check-host
	$(MAKE) fuzz
	$(VM_RUN) --timeout $(VM_TIMEOUT) -- $(MAKE) -C selftests run_tests TESTS=module.sh
	$(MAKE) check-debug TEST_JOBS=2 KMEMLEAK=alone \
		VM_DEBUG_TIMEOUT=7200 DEBUG_TEST_TIMEOUT=3600

# Every VM suite on Debian's stock kernel instead: a quarter of the time of
# check, without the debug kernel's checkers.
check-stock: all
	$(MAKE) check-host
	$(MAKE) fuzz
	$(VM_RUN) --timeout $(VM_TIMEOUT) -- env MIP4HA_TEST_JOBS=$(TEST_JOBS) \
		$(MAKE) -C selftests run_tests $(if $(TESTS),TESTS="$(TESTS)")

# The kernel selftests in the VM on the debug kernel, every checker on for
# every program, one program at a time, kmemleak scanned after each (so a
# leak names its program). TEST_JOBS=2 runs two at a time (run_tests.sh);
# KMEMLEAK=alone turns kmemleak off for the programs that run beside others;
# KMEMLEAK_SCANS=end scans once, at the end, instead of after each program.
# DEBUG_TEST_TIMEOUT: each program's limit (run_tests.sh). TESTS="a.sh b.sh":
# only those programs (the VM's make does not inherit this one's variables).
VM_DEBUG_TIMEOUT ?= 7200
DEBUG_TEST_TIMEOUT ?= $(VM_DEBUG_TIMEOUT)
TEST_JOBS ?= 1
KMEMLEAK ?= all
KMEMLEAK_SCANS ?= each
check-debug: userspace selftests
	scripts/debug-kernel --module
	$(VM_RUN) --debug-kernel --timeout $(VM_DEBUG_TIMEOUT) -- \
		env MIP4HA_TEST_TIMEOUT=$(DEBUG_TEST_TIMEOUT) \
		MIP4HA_TEST_JOBS=$(TEST_JOBS) MIP4HA_KMEMLEAK=$(KMEMLEAK) \
		MIP4HA_KMEMLEAK_SCANS=$(KMEMLEAK_SCANS) \
		$(MAKE) -C selftests run_tests $(if $(TESTS),TESTS="$(TESTS)")

# The registration parser under libFuzzer for a bounded time.
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -C userspace fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# The README's demo, in the VM.
demo: all
	$(VM_RUN) --timeout 900 -- scripts/demo

# Every file generated from the YAML spec: output and gen-uapi.py mode.
GENERATED := \
	netlink-api/mip4ha.h: \
	netlink-api/mip4ha.md:--doc \
	kmod/netlink-gen.c:--kernel-source \
	kmod/netlink-gen.h:--kernel-header \
	userspace/lib/mip4ha_names.c:--user-source \
	userspace/lib/mip4ha_names.h:--user-header \
	selftests/mip4ha_policy.h:--policy-table

check-host:
	@set -e; for g in $(GENERATED); do \
		echo "netlink-api/gen-uapi.py --check $${g%%:*} $${g#*:} netlink-api/mip4ha.yaml"; \
		netlink-api/gen-uapi.py --check $${g%%:*} $${g#*:} netlink-api/mip4ha.yaml; \
	done
	$(MAKE) -C userspace check
	selftests/lib-test.sh

# Regenerate everything the spec generates after changing it.
uapi:
	@set -e; for g in $(GENERATED); do \
		echo "netlink-api/gen-uapi.py $${g#*:} netlink-api/mip4ha.yaml > $${g%%:*}"; \
		netlink-api/gen-uapi.py $${g#*:} netlink-api/mip4ha.yaml > $${g%%:*}.tmp; \
		mv $${g%%:*}.tmp $${g%%:*}; \
	done

KERNEL_SOURCES = $(filter-out %.mod.c,$(wildcard kmod/*.c kmod/*.h)) proto/proto.c proto/proto.h \
	netlink-api/mip4ha.h

style:
	@src=$$(scripts/linux-source) && \
	perl $$src/scripts/checkpatch.pl --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
		-f $(KERNEL_SOURCES)

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 CF="-D__CHECK_ENDIAN__ -Wsparse-error" modules

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean
	rm -f proto/*.o proto/.*.cmd
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean
