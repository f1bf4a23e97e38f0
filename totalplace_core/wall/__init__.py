"""The mapping wall: funding flows from source to citizen, their hand-overs and what those cost.

Gathered here so a page or test can write `flows.picture` and stay short; the core imports each
name from the module that defines it.
"""

from totalplace_core.wall.admin_loss import (
    DEFAULT_RATE,
    RATE_NOTE,
    admin_loss_pence,
    by_stream,
    check_rate,
    distribution,
    loss_fraction,
)
from totalplace_core.wall.display import HEADERS, flow_table, for_display
from totalplace_core.wall.errors import WallInputError
from totalplace_core.wall.filters import (
    FUNCTION_HINTS,
    SCHEMES,
    Filters,
    default_function,
    edge_functions,
    function_label,
    node_functions,
    shown_pence,
    weights,
)
from totalplace_core.wall.graph import (
    CITIZEN,
    INTERMEDIARY,
    SERVICE,
    SOURCE,
    Edge,
    Graph,
    Routing,
    balance,
    build_graph,
    find_cycles,
)
from totalplace_core.wall.sankey import (
    GROUP_NOTE,
    GROUP_SHARE,
    GROUP_STEPS_M,
    TIER_PLURAL,
    Picture,
    columns,
    group_small,
    picture,
    short_names,
)
from totalplace_core.wall.tracing import (
    HandOvers,
    Mix,
    apportion,
    backward_share,
    forward,
    forward_share,
    hand_overs,
    longest_chain,
    trace,
)

__all__ = [
    "CITIZEN", "DEFAULT_RATE", "FUNCTION_HINTS", "GROUP_NOTE", "GROUP_SHARE", "GROUP_STEPS_M",
    "HEADERS", "INTERMEDIARY", "RATE_NOTE", "SCHEMES", "SERVICE", "SOURCE", "TIER_PLURAL",
    "Edge", "Filters", "Graph", "HandOvers", "Mix", "Picture", "Routing", "WallInputError",
    "admin_loss_pence", "apportion", "backward_share", "balance", "build_graph", "by_stream",
    "check_rate", "columns", "default_function", "distribution", "edge_functions",
    "find_cycles", "flow_table", "for_display", "forward", "forward_share", "function_label",
    "group_small", "hand_overs", "longest_chain", "loss_fraction", "node_functions", "picture",
    "short_names", "shown_pence", "trace", "weights",
]
