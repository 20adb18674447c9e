# SPDX-License-Identifier: GPL-2.0
# Included at the end of userspace/Makefile: the Mobile IP message code that
# the kernel module shares (../proto/proto.c) and its userspace crypto
# (lib/mac.c, nettle) go into libmip4.a; their unit tests run under
# `make check`; their fuzzers (registration messages, RADIUS replies) under
# `make fuzz [FUZZ_SECONDS=60]`, each for that long.

NETTLE_LIBS := $(shell $(PKG_CONFIG) --libs nettle)
MSG_CPPFLAGS := -I../proto -Ilib
MSG_LIB_OBJS := lib/proto.o lib/mac.o
# RADIUS codec and MS-CHAPv2/MPPE for the key daemon and the MN
MSG_LIB_OBJS += lib/radius.o lib/mschap.o

# The archive rule uses $^, so this adds the objects to the library.
$(LIB): $(MSG_LIB_OBJS)

lib/proto.o: ../proto/proto.c
	$(CC) $(CPPFLAGS) $(MSG_CPPFLAGS) $(CFLAGS) -c -o $@ $<

lib/mac.o tests/test_msg.o: CPPFLAGS += $(MSG_CPPFLAGS)

# ---- unit tests (KTAP) ----

MSG_TESTS := tests/test_msg
MSG_TESTS += tests/test_radius tests/test_mschap

tests/test_msg: tests/test_msg.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NETTLE_LIBS)

tests/test_radius tests/test_mschap: %: %.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NETTLE_LIBS)

check: check-msg
check-msg: $(MSG_TESTS)
	@set -e; for t in $(MSG_TESTS); do echo "# $$t"; ./$$t; done

# ---- fuzzing (libFuzzer, clang) ----

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE $(MSG_CPPFLAGS)
FUZZERS := fuzz/fuzz_msg_parse fuzz/fuzz_radius_reply fuzz/fuzz_state_file \
	fuzz/fuzz_gsup

fuzz/fuzz_msg_parse: fuzz/fuzz_msg_parse.c fuzz/fuzz.h ../proto/proto.c ../proto/proto.h \
		../proto/proto_user.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_msg_parse.c ../proto/proto.c

fuzz/fuzz_radius_reply: fuzz/fuzz_radius_reply.c fuzz/fuzz.h lib/radius.c lib/radius.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_radius_reply.c lib/radius.c \
		$(NETTLE_LIBS)

fuzz/fuzz_state_file: fuzz/fuzz_state_file.c fuzz/fuzz.h mip4d/record.c mip4d/mip4d.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Imip4d -o $@ fuzz/fuzz_state_file.c mip4d/record.c

fuzz/fuzz_gsup: fuzz/fuzz_gsup.c fuzz/fuzz.h lib/gsup.c lib/gsup.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_gsup.c lib/gsup.c

fuzz-build: $(FUZZERS)

# Runs each fuzzer for FUZZ_SECONDS from the seed corpus (new inputs go to
# fuzz/work/, which is not tracked); a crash or a sanitizer report fails.
fuzz: $(FUZZERS)
	@set -e; for f in $(FUZZERS); do \
		n=$$(basename $$f); mkdir -p fuzz/work/$$n; \
		echo "# $$f for $(FUZZ_SECONDS) s"; \
		./$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=fuzz/work/$$n- -dict=fuzz/$$n.dict \
			fuzz/work/$$n fuzz/corpus/$$n; \
	done

clean: clean-msg
clean-msg:
	rm -f $(MSG_TESTS) tests/*.o tests/*.d $(FUZZERS)
	rm -rf fuzz/work

.PHONY: check check-msg fuzz fuzz-build clean-msg

-include $(wildcard tests/*.d)
