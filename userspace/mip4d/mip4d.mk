# SPDX-License-Identifier: GPL-2.0
# Included by userspace/Makefile: mip4d, the key daemon that answers initial
# registrations through RADIUS (Documentation/protocol.md §4.1), and its
# unit tests under `make check`.

MIP4D_PROG := mip4d/mip4d
MIP4D_OBJS := $(patsubst %.c,%.o,$(wildcard mip4d/*.c))
# What the unit tests link: everything but the event loop and netlink.
MIP4D_TEST_OBJS := mip4d/aaa.o mip4d/conf.o mip4d/radclient.o \
	mip4d/ratelimit.o mip4d/backoff.o mip4d/devices.o
MIP4D_TESTS := mip4d/tests/test_mip4d mip4d/tests/test_acct \
	mip4d/tests/test_gsup mip4d/tests/test_aka
MIP4D_LIBS = $(NL_LIBS) $(shell $(PKG_CONFIG) --libs nettle)

# lib/conf.o (config files) is in libmip4.a through mip4-mn.mk too;
# lib/gsup.o: GSUP over IPA, for AKA vectors from an HLR.
$(LIB): lib/conf.o lib/gsup.o

$(MIP4D_OBJS) $(MIP4D_TESTS:=.o) lib/gsup.o: CPPFLAGS += -I../proto -Imip4d
$(MIP4D_TESTS:=.o) mip4d/tests/company.o: CPPFLAGS += -Itests

$(MIP4D_PROG): $(MIP4D_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

# ... and keygen.c, the kernel's side faked.
mip4d/tests/test_mip4d: %: %.o $(MIP4D_TEST_OBJS) mip4d/keygen.o \
		mip4d/tests/company.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

# The accounting sessions alone, the rest of the daemon stubbed.
mip4d/tests/test_acct: %: %.o mip4d/acct.o mip4d/aaa.o mip4d/spool.o \
		mip4d/record.o mip4d/ratelimit.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

# The AKA core with the spec's vectors, the kernel and the HLR faked.
mip4d/tests/test_aka: %: %.o mip4d/aka.o mip4d/aaa.o mip4d/conf.o \
		mip4d/tests/company.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

# GSUP against libosmogsm's own codec (libosmocore-dev: tests only).
mip4d/tests/test_gsup: %: %.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs libosmogsm libosmocore)

# ... and against a real osmo-hlr (test_hlr.sh).
mip4d/tests/hlr_client: %: %.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

mip4d/tests/hlr_client.o: CPPFLAGS += -I../proto -Imip4d -Itests

# ... and mip4d's own AKA core and HLR link against it.
mip4d/tests/aka_hlr: %: %.o mip4d/aka.o mip4d/gsup_conn.o mip4d/loop.o \
		mip4d/aaa.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MIP4D_LIBS)

mip4d/tests/aka_hlr.o: CPPFLAGS += -I../proto -Imip4d -Itests

all: $(MIP4D_PROG)

check: check-mip4d
check-mip4d: $(MIP4D_TESTS) mip4d/tests/hlr_client mip4d/tests/aka_hlr
	@set -e; for t in $(MIP4D_TESTS) mip4d/tests/test_hlr.sh; do \
		echo "# $$t"; ./$$t; done

install: install-mip4d
install-mip4d: $(MIP4D_PROG)
	install -d $(DESTDIR)$(SBINDIR)
	install -m 0755 $(MIP4D_PROG) $(DESTDIR)$(SBINDIR)/

clean: clean-mip4d
clean-mip4d:
	rm -f $(MIP4D_PROG) $(MIP4D_TESTS) mip4d/tests/hlr_client mip4d/tests/aka_hlr mip4d/*.o mip4d/*.d \
		mip4d/tests/*.o mip4d/tests/*.d

.PHONY: check-mip4d install-mip4d clean-mip4d

-include $(wildcard mip4d/*.d mip4d/tests/*.d)
