"""The example function's test, run natively by build.sh against the generated bindings."""

import app
from wit_world.imports import rng, types

rng.next_u64s = lambda n: list(range(n))  # stand in for edg: seeds 0, 1, 2…

rolls = app.Generator().call("roll", [types.Value_Int(6)], 1000).value
assert len(rolls) == 1000 and all(1 <= r <= 6 for r in rolls), rolls[:10]
assert rolls == app.Generator().call("roll", [types.Value_Int(6)], 1000).value, "the same seeds, the same rolls"
try:
    app.Generator().call("roll", [types.Value_Int(0)], 1)
    raise AssertionError("sides 0 must be refused")
except app.Err as e:
    assert "at least 1" in str(e.value)
print("test_app: ok")
