"""The audit log (DPA 2018 s.62), read by supervisors."""
