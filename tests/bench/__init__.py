"""`make bench` (`python -m tests.bench`): see __main__.py and docs/performance.md."""
