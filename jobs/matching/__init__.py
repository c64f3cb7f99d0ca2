"""The nightly matching engine (DESIGN.md §5).

- factors.py: what each factor means, per pair (the naive scorer) and per array (the engine);
- features.py: the reference vocabularies and the posts and veterans as arrays;
- pgcopy.py: binary COPY in and out of PostgreSQL;
- engine.py: hard filters into tiles, scores as matrix products, top k, congestion;
- shards.py: a run as Celery shards: plan, shard (load, match, write), swap;
- naive.py: a plain per-pair scorer, the reference for the tests and the benchmark;
- generator.py and bench.py: planted data and the measurements of `bench_matching`.
"""
