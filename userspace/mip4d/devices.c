// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: which bindings each NAI with dynamic keys holds, from the binding
 * events (and the dump at start), so that an initial registration from a
 * second device of the same NAI (another home address) is seen at once,
 * without asking the kernel: [mip4d] second_device says whether it is
 * refused or replaces the first one.
 */

#include <stdlib.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4d.h"

static bool hash_oom;
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (hash_oom = true)
#include <uthash.h>

/* More bindings than this for one NAI are not tracked (and not counted
 * against it): a node has one, or a few with simultaneous bindings.
 */
#define DEVICE_BINDINGS	8

struct nai_bindings {
	UT_hash_handle hh;
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	unsigned int n;
	struct {
		uint32_t home, coa;
	} b[DEVICE_BINDINGS];
};

static struct nai_bindings *nais;

static struct nai_bindings *find(const uint8_t *nai, size_t len)
{
	struct nai_bindings *nb;

	HASH_FIND(hh, nais, nai, len, nb);
	return nb;
}

void mip4d_devices_binding(const struct mip4d_binding_event *e)
{
	struct nai_bindings *nb;
	unsigned int i;

	if (!e->nai || !e->dynamic || !e->nai_len || e->nai_len > MIP4_NAI_MAX)
		return;
	nb = find(e->nai, e->nai_len);
	for (i = 0; nb && i < nb->n; i++)
		if (nb->b[i].home == e->home && nb->b[i].coa == e->coa)
			break;
	if (e->event == MIP4HA_BINDING_EVENT_DELETE) {
		if (!nb || i == nb->n)
			return;
		nb->b[i] = nb->b[--nb->n];
		if (!nb->n) {
			HASH_DEL(nais, nb);
			free(nb);
		}
		return;
	}
	if (nb && i < nb->n)
		return;			/* known: a refresh */
	if (!nb) {
		nb = calloc(1, sizeof(*nb));
		if (!nb)
			return;
		memcpy(nb->nai, e->nai, e->nai_len);
		nb->nai_len = e->nai_len;
		hash_oom = false;
		HASH_ADD_KEYPTR(hh, nais, nb->nai, nb->nai_len, nb);
		if (hash_oom) {
			free(nb);
			return;
		}
	}
	if (nb->n == DEVICE_BINDINGS)
		return;
	nb->b[nb->n].home = e->home;
	nb->b[nb->n].coa = e->coa;
	nb->n++;
}

bool mip4d_devices_other(const uint8_t *nai, size_t len, uint32_t home,
			 uint32_t *other)
{
	struct nai_bindings *nb = find(nai, len);
	unsigned int i;

	for (i = 0; nb && i < nb->n; i++)
		if (nb->b[i].home != home) {
			*other = nb->b[i].home;
			return true;
		}
	return false;
}

void mip4d_devices_shutdown(void)
{
	struct nai_bindings *nb, *tmp;

	HASH_ITER(hh, nais, nb, tmp) {
		HASH_DEL(nais, nb);
		free(nb);
	}
}
