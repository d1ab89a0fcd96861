"""Plainly's domain logic: plain functions shared by the web views and the CLI.

Services never touch the request, the session or flash messages, and never commit:
the caller owns the transaction.
"""
