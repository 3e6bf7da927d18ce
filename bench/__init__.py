"""Benchmarks of the course's pipeline (`make bench`); results in bench/results and bench/README.md."""
