"""What a registered table is: its column and dataset profiles, and the `Dataset` itself.

Kept apart from the loading code (`copilot.tools.data`) and free of pandas at import, so that a
dataset whose profile comes from the workspace's profile cache can be registered, described and
planned over without reading the table: its frames are read when a tool first needs rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from copilot.errors import ColumnNotFoundError, DataError, name_key

if TYPE_CHECKING:
    import pandas as pd

#: Fewer rows than this are refused when a table is loaded.
MIN_ROWS = 10

ColumnKind = Literal["continuous", "discrete", "binary", "categorical", "datetime", "id"]


class ColumnProfile(BaseModel):
    """What one column holds."""

    name: str
    kind: ColumnKind
    dtype: str
    missing_share: float
    cardinality: int
    constant: bool
    encoded: bool = Field(False, description="Categorical text mapped to integer codes.")


class DatasetProfile(BaseModel):
    """What a table holds, as far as choosing a causal method is concerned."""

    n: int
    p: int
    columns: list[ColumnProfile]
    discrete_share: float = Field(
        description="Share of analysed columns that are discrete, binary or categorical."
    )
    linear: bool | None = Field(
        None,
        description="False when nonlinear fits explain clearly more variance and no causal "
        "order leaves linear residuals unrelated to the earlier columns.",
    )
    nonlinearity_gain: float | None = Field(
        None, description="Largest R2 gain of a nonlinear over a linear fit."
    )
    residual_dependence: float | None = Field(
        None,
        description="n * r^2 of the largest relation left between a column's linear residual "
        "and the columns before it, in the best causal order found (linear models with "
        "independent noise stay low).",
    )
    gaussian: bool | None = Field(
        None, description="True when most regression residuals look Gaussian."
    )
    gaussian_share: float | None = Field(
        None, description="Share of continuous columns with Gaussian-looking residuals."
    )
    index_column: str | None = Field(
        None, description="A domain or time index column, if one is present."
    )

    def column(self, name: str) -> ColumnProfile:
        for c in self.columns:
            if c.name == name:
                return c
        raise ColumnNotFoundError(name, [c.name for c in self.columns])

    def kinds(self) -> dict[str, str]:
        return {c.name: c.kind for c in self.columns}

    def summary(self) -> str:
        kinds: dict[str, int] = {}
        left: dict[str, int] = {}  # ids and dates are kept but not analysed
        for c in self.columns:
            into = left if c.kind in ("id", "datetime") else kinds
            into[c.kind] = into.get(c.kind, 0) + 1
        parts = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()))
        if left:
            parts += "; not analysed: " + ", ".join(f"{v} {k}" for k, v in sorted(left.items()))
        shape = ""
        if self.linear is not None:
            shape = f"; relations look {'linear' if self.linear else 'nonlinear'}"
            if self.gaussian is not None:
                shape += f", noise {'Gaussian' if self.gaussian else 'non-Gaussian'}"
        idx = f"; index column {self.index_column!r}" if self.index_column else ""
        return f"{self.n} rows, {self.p} analysable columns ({parts}){shape}{idx}."


class Dataset:
    """A registered table: the raw frame, the cleaned frame, its profile and what was changed.

    `raw` and `frame` are either given or read on first use by `loader` (a dataset restored
    from the profile cache), which returns both."""

    def __init__(
        self,
        name: str,
        raw: pd.DataFrame | None = None,
        frame: pd.DataFrame | None = None,
        profile: DatasetProfile | None = None,
        source: str = "<DataFrame>",
        encoding: dict[str, dict[str, int]] | None = None,
        notes: list[str] | None = None,
        id: str = "",
        loader: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] | None = None,
    ):
        if profile is None:
            raise TypeError("Dataset needs a profile")
        if (raw is None or frame is None) and loader is None:
            raise TypeError("Dataset needs raw and frame, or a loader that reads them")
        self.name = name
        self._raw = raw
        self._frame = frame
        self.profile = profile
        self.source = source
        self.encoding = encoding if encoding is not None else {}
        self.notes = notes if notes is not None else []
        self.id = id
        self._loader = loader

    def __repr__(self) -> str:
        state = "" if self.loaded else ", rows not read yet"
        return f"Dataset(id={self.id!r}, name={self.name!r}, source={self.source!r}{state})"

    @property
    def loaded(self) -> bool:
        """Whether the frames are in memory (a cached dataset reads them on first use)."""
        return self._frame is not None

    def __getstate__(self) -> dict[str, Any]:
        # a pickled or copied dataset carries its rows, not the loader (a closure)
        if not self.loaded:
            self._load()
        return {**self.__dict__, "_loader": None}

    def _load(self) -> None:
        assert self._loader is not None, "a dataset without frames has a loader"
        self._raw, self._frame = self._loader()
        self._loader = None

    @property
    def raw(self) -> pd.DataFrame:
        """The table as read from the file or given."""
        if self._raw is None:
            self._load()
        return self._raw

    @property
    def frame(self) -> pd.DataFrame:
        """The cleaned table the tools work on."""
        if self._frame is None:
            self._load()
        return self._frame

    @property
    def columns(self) -> list[str]:
        # the profile lists the cleaned frame's columns in order, so no rows need reading
        return [c.name for c in self.profile.columns]

    def resolve(self, name: str | None) -> str | None:
        """The column `name` means: itself when it is a column, else the one column of the table
        whose name differs only in case, spaces or punctuation (`coupon` for `Coupon`,
        `revenue` for `Revenue ($)`); unchanged when there is none or more than one (then
        `require` says which names are near)."""
        if name is None or name in self.columns or name in self.raw.columns:
            return name
        same = [c for c in self.raw.columns if name_key(c) == name_key(name)]
        return same[0] if len(same) == 1 and name_key(name) else name

    def require(self, names: str | list[str] | None, what: str = "column") -> list[str]:
        """Validate column names against this dataset; unknown names raise with suggestions."""
        if names is None:
            return []
        names = [names] if isinstance(names, str) else list(names)
        columns = self.columns
        for name in names:
            if name not in columns:
                if name in self.raw.columns:
                    reason = next(
                        (n for n in self.notes if n.startswith(f"dropped column {name!r}")),
                        "it was dropped",
                    )
                    raise DataError(
                        f"Column {name!r} cannot be used: {reason}", "choose another column"
                    )
                raise ColumnNotFoundError(name, columns, what)
        return names

    def numeric(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The analysed columns as floats: categorical text as integer codes, datetimes as seconds."""
        import pandas as pd

        cols = self.require(columns) if columns else self.columns
        out = {}
        for c in cols:
            s = self.frame[c]
            if c in self.encoding:
                out[c] = s.map(self.encoding[c]).astype(float)
            elif pd.api.types.is_datetime64_any_dtype(s):
                out[c] = (s - s.min()).dt.total_seconds().astype(float)
            elif pd.api.types.is_bool_dtype(s):
                out[c] = s.astype(float)
            else:
                out[c] = pd.to_numeric(s, errors="coerce").astype(float)
        return pd.DataFrame(out, index=self.frame.index)

    def analysable(self) -> list[str]:
        """Columns that carry information for causal analysis (no ids, no datetimes)."""
        kinds = self.profile.kinds()
        return [c for c in self.columns if kinds.get(c) not in ("id", "datetime")]

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "profile": self.profile.model_dump(mode="json"),
            "encoding": self.encoding,
            "notes": self.notes,
        }
