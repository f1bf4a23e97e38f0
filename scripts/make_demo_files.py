"""Write the fictional Harrowdale demo files into data/demo/ (deterministic).

    python scripts/make_demo_files.py [--out DIR] [--check-only]

The generator is the package scripts/demo/ (also `python -m scripts.demo` from the repo root).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, for scripts.demo

from scripts.demo.__main__ import main

if __name__ == "__main__":
    main()
