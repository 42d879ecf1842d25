"""Suspect identity: accounts, suspects, and analysts' same-person decisions."""
