"""An edg generator written in Python, built into a WebAssembly component by componentize-py.

`py_roll(sides)` is the scaffold's Rust `roll(sides)`, so the two can be compared: each row's
value comes from that row's seed (one per row from edg's `rng.next-u64s`) through SplitMix64 and
an unbiased draw, exactly as edg's plugin SDK does, so the same --rng-seed gives the same rolls.
"""

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports.generator import Function, Info, Param
from wit_world.imports import rng, types

MASK = (1 << 64) - 1


class RowRng:
    """One row's random source: SplitMix64 over the row's seed (edg_plugin_sdk::RowRng)."""

    def __init__(self, seed: int):
        self.state = seed

    def next_u64(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        """Uniform in [0, n), unbiased (Lemire's method)."""
        while True:
            m = self.next_u64() * n
            lo = m & MASK
            if lo >= n or lo >= ((-n) & MASK) % n:
                return m >> 64


class Generator(exports.Generator):
    def describe(self) -> Info:
        roll = Function(
            name="py_roll",
            params=[Param(name="sides", kind="int", optional=False)],
            variadic=False,
            returns="int",
            doc="A die roll in 1..=sides, made in Python",
            example="py_roll(6)",
        )
        return Info(name="python-generator", version="0.1.0", functions=[roll])

    def call(self, name: str, args, rows: int):
        if name != "py_roll":
            raise Err(f"unknown function {name!r}")
        if len(args) != 1 or not isinstance(args[0], types.Value_Int):
            raise Err("py_roll: argument 1 (sides) must be an integer")
        sides = args[0].value
        if sides < 1:
            raise Err(f"py_roll: sides must be at least 1, got {sides}")
        if rows == 0:
            return types.ValueColumn_Values([])
        return types.ValueColumn_Ints([1 + RowRng(seed).below(sides) for seed in rng.next_u64s(rows)])
