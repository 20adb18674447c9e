# SPDX-License-Identifier: GPL-2.0
# Included by userspace/Makefile: mip4-mn, the mobile node client, and the
# library parts it brought (lib/conf.c: config and key files; lib/ident.c:
# Identification values; lib/mnkeys.c: the node's side of dynamic keys,
# MS-CHAPv2 and AKA; lib/milenage.c, lib/aka.c, lib/usim.c: its USIM;
# lib/password.c: password files), which mip4d and mip4-bench may share;
# their unit tests run under `make check`.

MN_PROG := mip4-mn/mip4-mn
MN_OBJS := $(patsubst %.c,%.o,$(wildcard mip4-mn/*.c))
MN_LIB_OBJS := lib/conf.o lib/ident.o lib/mnkeys.o lib/password.o \
	lib/milenage.o lib/aka.o lib/usim.o
MN_TESTS := mip4-mn/tests/test_mn_lib mip4-mn/tests/test_mn_keys \
	mip4-mn/tests/test_aka
# The exchanges, against a fake home agent on the loopback.
MN_FAKE_HA := mip4-mn/tests/fake_ha
MN_SCRIPTS := mip4-mn/tests/test_mn_exchange.sh mip4-mn/tests/test_mn_aka.sh
MN_LIBS = $(shell $(PKG_CONFIG) --libs nettle)

# The archive rule uses $^, so this adds the objects to the library.
$(LIB): $(MN_LIB_OBJS)

$(MN_OBJS) lib/ident.o lib/mnkeys.o lib/milenage.o lib/aka.o lib/usim.o $(MN_TESTS:=.o) $(MN_FAKE_HA).o: CPPFLAGS += -I../proto
$(MN_TESTS:=.o): CPPFLAGS += -Itests

$(MN_PROG): $(MN_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MN_LIBS)

$(MN_TESTS) $(MN_FAKE_HA): %: %.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MN_LIBS)

all: $(MN_PROG)

check: check-mn
check-mn: $(MN_TESTS) $(MN_FAKE_HA) $(MN_PROG)
	@set -e; for t in $(MN_TESTS) $(MN_SCRIPTS); do echo "# $$t"; ./$$t; done

install: install-mn
install-mn: $(MN_PROG)
	install -d $(DESTDIR)$(SBINDIR)
	install -m 0755 $(MN_PROG) $(DESTDIR)$(SBINDIR)/

clean: clean-mn
clean-mn:
	rm -f $(MN_PROG) $(MN_TESTS) $(MN_FAKE_HA) mip4-mn/*.o mip4-mn/*.d \
		mip4-mn/tests/*.o mip4-mn/tests/*.d

.PHONY: check-mn install-mn clean-mn

-include $(wildcard mip4-mn/*.d mip4-mn/tests/*.d)
