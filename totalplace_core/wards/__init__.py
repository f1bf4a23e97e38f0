"""The ward explorer's core: the count shared among wards, each figure with its basis.

Pages and the CLI use `wards.service`; the SQL is in store/wards.py."""
