"""Petalpoint's domain: the shop's rules and the only code that touches its data."""
