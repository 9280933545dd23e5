/* pool.c - see pool.h */
#include "pool.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct work {
	pool_fn fn;
	void *ctx;
	size_t n;
	size_t next; /* taken atomically */
} work;

static void *worker(void *arg)
{
	work *w = arg;
	for (;;) {
		size_t i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
		if (i >= w->n)
			break;
		w->fn(w->ctx, i);
	}
	return NULL;
}

void pool_run(int jobs, size_t n, pool_fn fn, void *ctx)
{
	work w = {fn, ctx, n, 0};
	pthread_t *th;
	int i, started = 0;
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > n)
		jobs = (int)(n ? n : 1);
	if (jobs == 1) {
		worker(&w);
		return;
	}
	th = xcalloc((size_t)jobs, sizeof *th);
	for (i = 1; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &w) == 0)
			started = i;
		else
			break;
	worker(&w); /* the calling thread works too */
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	free(th);
}

int pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (int)n;
}
