"""The self-check: read the written demo files back and test every promise the demo makes.

It reads the files, not the generator's data, so it also catches a file written wrongly. One
module per data kind; self_check.py runs them all and prints the summary.
"""
