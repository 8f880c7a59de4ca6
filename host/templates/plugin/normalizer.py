"""{{name}}: an edg normalizer in Python (a WebAssembly component built by componentize-py).

Columns given `--column-rule COL={{name}}` compare trimmed and upper-cased.
"""

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports.normalizer import Info
from wit_world.imports import types


def one(column, value):
    if isinstance(value, types.Value_Null):
        return value
    if isinstance(value, types.Value_Text):
        return types.Value_Text(value.value.strip().upper())
    raise Err(f"column {column.name}: {value!r} is not text")


class Normalizer(exports.Normalizer):
    def describe(self) -> Info:
        return Info(name="{{name}}", version="0.1.0", drivers=["*"], types=[], rules=["{{name}}"],
                    doc="Trimmed, upper-case text")

    def normalize(self, column, values):
        return [one(column, v) for v in values]

    def normalize_raw(self, column, values):
        # Values back to back in `data`, their ends in `ends`; `nulls` is one flag per value,
        # or empty when no value is NULL.
        out, start = [], 0
        for i, end in enumerate(values.ends):
            null = bool(values.nulls) and values.nulls[i]
            text = bytes(values.data[start:end]).decode("utf-8", "replace")
            start = end
            out.append(types.Value_Null() if null else one(column, types.Value_Text(text)))
        return types.ValueColumn_Values(out)
