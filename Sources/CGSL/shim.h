#ifndef CARESIM_CGSL_SHIM_H
#define CARESIM_CGSL_SHIM_H

// The parts of GNU GSL that CareSim uses: generators, samplers, CDFs and a small linear solver.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_linalg.h>

// GSL exposes its generator types as global variables, which Swift 6 rejects as not
// concurrency-safe. These accessors return the (immutable) type descriptors instead.
static inline const gsl_rng_type *caresim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *caresim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *caresim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *caresim_rng_gfsr4(void) { return gsl_rng_gfsr4; }

// Asks the processor to start fetching the cache line at `p` for writing (a hint: it never
// faults, whatever `p` is). The engine uses it to load the next event's entity while the
// current event runs.
static inline void caresim_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
