"""Tests of the benches' pure parts (document building and counting rules): the benches
themselves (`tests/bench/`) are run by `make bench`, not by pytest."""
