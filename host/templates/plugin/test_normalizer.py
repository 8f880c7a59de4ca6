"""The example rule's test, run natively by build.sh against the generated bindings."""

import app
from wit_world.exports.normalizer import Column
from wit_world.imports import types

col = Column(driver="postgres", table="t", name="c", db_type="TEXT", rule="{{name}}", timestamp_precision=6)
out = app.Normalizer().normalize(col, [types.Value_Text(" abc "), types.Value_Null()])
assert out == [types.Value_Text("ABC"), types.Value_Null()], out
raw = types.RawColumn(data=b" x y", ends=[2, 4], nulls=[])
assert app.Normalizer().normalize_raw(col, raw).value == [types.Value_Text("X"), types.Value_Text("Y")]
print("test_app: ok")
