"""The generator of the fictional Harrowdale demo files in data/demo/ (deterministic).

Run it as `python scripts/make_demo_files.py` or `python -m scripts.demo`. One module per data
kind writes its files; the lists those modules draw on (names, amounts, lookup tables) live in
fixed/ as CSV and JSON, and checks/ reads the written files back to test every promise the demo
makes. See __main__.py for the order the files are written in, which the seeded random
generator depends on.
"""
