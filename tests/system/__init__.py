"""Tests that run Plainly as a deployed system: several processes, PostgreSQL and Redis."""
