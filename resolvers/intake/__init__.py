"""Referrals in: the `submitReport` mutation."""
