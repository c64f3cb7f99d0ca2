"""The nightly matching engine (DESIGN.md §5).

- factors.py: what each factor means, per pair (the naive scorer) and per array (the engine);
- features.py: the reference vocabularies and the posts and veterans as arrays;
- pgcopy.py: binary COPY in and out of PostgreSQL;
- engine.py: hard filters into tiles, scores as matrix products, top k, congestion;
- shards.py: a run as Celery shards: plan, shard (load, match, write), swap.

The naive per-pair scorer, the planted data and `bench_matching` live in `benchmarks/`,
which production code never imports.
"""
