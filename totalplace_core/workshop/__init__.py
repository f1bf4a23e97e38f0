"""Live workshops: force-field analysis and ORID conversations.

Pure rules and thin readers over the store that the pages, the CLI and the write-up share;
no Streamlit here. Each module holds one concern and lists its public names in `__all__`.
They are all re-exported here so `from totalplace_core import workshop as ws` reaches the
whole workshop in one name; code that needs a few names imports them from their module.
"""

# ruff: noqa: F403
from totalplace_core.workshop.actions import *
from totalplace_core.workshop.board_edits import *
from totalplace_core.workshop.confirmations import *
from totalplace_core.workshop.entries import *
from totalplace_core.workshop.force_map import *
from totalplace_core.workshop.input_rules import *
from totalplace_core.workshop.join_codes import *
from totalplace_core.workshop.join_limits import *
from totalplace_core.workshop.meeting_history import *
from totalplace_core.workshop.orid import *
from totalplace_core.workshop.phone import *
from totalplace_core.workshop.session_lifecycle import *
from totalplace_core.workshop.summaries import *
from totalplace_core.workshop.times import *
from totalplace_core.workshop.views import *
