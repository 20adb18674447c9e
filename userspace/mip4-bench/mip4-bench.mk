# SPDX-License-Identifier: GPL-2.0
# Included by userspace/Makefile: mip4-bench, the registration load
# generator, and the library part it brought (lib/nl_batch.c: many netlink
# requests per sendmsg()); the unit test of its latency histogram runs
# under `make check`. The benchmark itself needs the module and runs in the
# VM: selftests/bench/registration.sh (not part of `make check`).

BENCH_PROG := mip4-bench/mip4-bench
# mip4-responder (responder.c, resp.c): the userspace answerer the kernel
# path is compared with (registration.sh userspace), a program of its own.
RESP_PROG := mip4-bench/mip4-responder
RESP_OBJS := mip4-bench/responder.o mip4-bench/resp.o
BENCH_OBJS := $(filter-out $(RESP_OBJS),$(patsubst %.c,%.o,$(wildcard mip4-bench/*.c)))
BENCH_LIB_OBJS := lib/nl_batch.o
BENCH_TESTS := mip4-bench/tests/test_hist mip4-bench/tests/test_resp
BENCH_LIBS = $(NL_LIBS) $(shell $(PKG_CONFIG) --libs nettle) -lpthread -lm

# The archive rule uses $^, so this adds the objects to the library.
$(LIB): $(BENCH_LIB_OBJS)

$(BENCH_OBJS) $(RESP_OBJS) mip4-bench/tests/test_hist.o mip4-bench/tests/test_resp.o: CPPFLAGS += -I../proto
mip4-bench/tests/test_hist.o mip4-bench/tests/test_resp.o: CPPFLAGS += -Itests -Imip4-bench

$(BENCH_PROG): $(BENCH_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BENCH_LIBS)

$(RESP_PROG): $(RESP_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs nettle) -lpthread

mip4-bench/tests/test_hist: %: %.o mip4-bench/hist.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lm

mip4-bench/tests/test_resp: %: %.o mip4-bench/resp.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs nettle) -lpthread

all: $(BENCH_PROG) $(RESP_PROG)

check: check-bench
check-bench: $(BENCH_TESTS)
	@set -e; for t in $(BENCH_TESTS); do echo "# $$t"; ./$$t; done

clean: clean-bench
clean-bench:
	rm -f $(BENCH_PROG) $(RESP_PROG) $(BENCH_TESTS) mip4-bench/*.o mip4-bench/*.d \
		mip4-bench/tests/*.o mip4-bench/tests/*.d

.PHONY: check-bench clean-bench

-include $(wildcard mip4-bench/*.d mip4-bench/tests/*.d)
