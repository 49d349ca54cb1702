"""Randomly drawn confounded tables with a known average effect, for the effect benchmark.

`random_scenario(index, stream)` draws one structural causal model from
`np.random.default_rng(stable_seed("random", stream, index))` and returns it as a `Scenario`
of `benchmarks/scenarios.py`, so `effect_accuracy.py` scores it like a written one. Nobody wrote
these tables with the product in mind: two streams with disjoint seeds, `dev` (split
`random-dev`, to diagnose and fix against) and `test` (split `random-test`, scored only), each
as long as asked (`--split random-dev --count 40`: indices 0 to 39).

What is drawn, per table:

- the treatment, binary (logistic propensity, clipped to 0.04-0.96 for overlap) or
  continuous; the outcome continuous (60%), binary (logistic or additive risk) or a count;
- the roles around them: 1-5 confounders (sometimes one causing another), 0-2 causes of the
  outcome only, 0-2 instruments (causes of the treatment only), 0-2 mediators (T -> M -> Y next
  to the direct effect), 0-1 common effect of T and Y, 0-1 child of the outcome, 0-1 child of
  the treatment only and 0-3 unrelated columns; an instrument or outcome-only cause is
  sometimes itself caused by a confounder (the confounders stay a valid adjustment set);
- a type per column: Gaussian, skewed (lognormal or gamma), count (Poisson), binary,
  categorical with 3-4 text levels or a small-integer ordinal; noise Gaussian, Laplace,
  Student t(5) or uniform (centred exponential for some mediators); standardised coefficients of
  random sign between 0.1 and 0.6 (weak edges included);
- for about a third of the tables, one nonlinear confounder term (a square, a threshold or the
  product of two confounders) in the treatment's or the outcome's equation (then
  `linear_oracle=False`); the treatment itself always acts linearly (the truth of a continuous
  treatment is the slope) and so do the mediators;
- n from 300 to 3,000; column names from a pool of neutral measurement names (none names a
  role or a time order), shuffled per table, and the column order shuffled too.

Every variable is a latent linear combination of its parents' standardised values plus noise,
turned into its column type; children read the observed column (standardised with constants
fixed from a pilot draw), so the confounders as observed are a valid adjustment set. Every
random draw consumes the same amount of random numbers whatever the treatment's value (counts by
inverse CDF), so the Monte Carlo truth under intervention uses common random numbers. A
continuous treatment moves the outcome's mean linearly whatever its type (additive risk, a
count with an identity link; the clip or floor binds only beyond about 3.4 latent SDs), so its
truth is the slope in closed form, as is a binary treatment's on a continuous outcome; a binary
treatment's effect on a binary outcome (logistic or additive risk) or a count (log link) is the
Monte Carlo (`Scenario.monte_carlo_ate`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scenarios import (
    BT,
    COLL,
    CONF,
    CT,
    DESC,
    INSTR,
    MED,
    NOISE,
    OCAUSE,
    Scenario,
    Y,
    stable_seed,
)
from scipy import stats

DESC_T = "descendant of treatment"
STREAMS = ("dev", "test")
PILOT_UNITS = 20_000

# Neutral measurement names by column type: none names a role, a time order or a fixed
# attribute (the product reads names for time order; these carry no cue).
# fmt: off
CONTINUOUS_NAMES = [
    "site_score", "soil_ph", "canopy_cover", "shelf_width_cm", "humidity_pct", "noise_level_db",
    "water_hardness", "pipe_pressure", "light_lux", "room_temp_c", "fibre_intake_g",
    "grip_strength", "bone_density", "ldl_level", "vitamin_level", "glucose_mmol", "latency_ms",
    "cpu_load_pct", "memory_gb", "bandwidth_mbps", "basket_value", "margin_pct", "rent_per_m2",
    "fuel_price", "freight_cost", "rainfall_mm", "wind_speed", "leaf_area", "nitrogen_ppm",
    "milk_yield_l", "feed_intake_kg", "body_mass_kg", "reading_fluency", "essay_score",
    "lab_hours", "commute_km", "screen_time_h", "sleep_quality", "stress_index",
    "air_quality_idx", "traffic_density", "road_quality", "cash_reserves_k", "debt_ratio",
    "credit_score", "energy_use_kwh", "solar_output_kw", "plot_area_ha", "tank_volume_l",
    "order_weight_kg", "pulse_rate", "lung_capacity", "wait_minutes", "crop_height_cm",
    "review_rating_avg", "ticket_price", "battery_health", "vibration_level", "salinity",
]
COUNT_NAMES = [
    "weekly_visits", "staff_count", "complaint_count", "repair_tickets", "defects_found",
    "calls_received", "app_opens", "late_deliveries", "pest_count", "clinic_visits",
    "emails_sent", "page_views", "returns_count", "hive_count", "seedling_count",
    "tickets_closed", "incident_count", "referral_count", "bus_stops", "machine_faults",
]
BINARY_NAMES = [
    "has_garden", "uses_tablet", "night_shift", "has_loan", "pool_access", "organic_certified",
    "remote_site", "owns_vehicle", "has_pet", "solar_panels", "express_lane", "union_member",
    "gym_member", "loyalty_card", "heated_floor", "bilingual", "coastal", "irrigated",
    "rental_unit", "weekend_opening", "cold_storage", "second_site",
]
CATEGORICAL_NAMES = {
    "region": ["north", "south", "east", "west"],
    "supplier": ["acme", "birch", "cobalt", "delta"],
    "soil_type": ["clay", "loam", "sand"],
    "shift_pattern": ["early", "late", "split"],
    "device_type": ["phone", "tablet", "desktop"],
    "store_format": ["kiosk", "mall", "street", "outlet"],
    "breed": ["angus", "hereford", "jersey"],
    "fuel_type": ["diesel", "petrol", "electric"],
    "climate_zone": ["arid", "temperate", "humid", "alpine"],
    "contract_type": ["monthly", "annual", "flexible"],
    "plan_tier": ["bronze", "silver", "gold"],
    "roof_material": ["tile", "metal", "slate"],
    "school_board": ["alpha", "beta", "gamma", "delta"],
    "ward_type": ["medical", "surgical", "mixed"],
    "route_type": ["urban", "rural", "highway"],
}
ORDINAL_NAMES = [
    "satisfaction_level", "floor_level", "grade_band", "risk_tier", "size_class",
    "quality_rating", "noise_rating", "pain_scale", "skill_level", "star_rating",
    "damage_grade", "crowding_level", "priority_class", "wear_grade", "comfort_rating",
]
# fmt: on
KINDS = ("gaussian", "skewed", "count", "binary", "categorical", "ordinal")
NOISES = ("gaussian", "laplace", "t5", "uniform")


def _noise(kind: str, r: np.random.Generator, n: int) -> np.ndarray:
    """Unit-variance noise of one kind."""
    if kind == "gaussian":
        return r.normal(0.0, 1.0, n)
    if kind == "laplace":
        return r.laplace(0.0, 1.0 / np.sqrt(2.0), n)
    if kind == "t5":
        return r.standard_t(5, n) / np.sqrt(5.0 / 3.0)
    if kind == "uniform":
        return r.uniform(-np.sqrt(3.0), np.sqrt(3.0), n)
    if kind == "exponential":
        return r.exponential(1.0, n) - 1.0
    raise ValueError(f"unknown noise {kind!r}")


def _sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _poisson(r: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    """Poisson draws by inverse CDF: always one uniform per unit (common random numbers)."""
    return stats.poisson.ppf(r.random(len(lam)), lam).astype(int)


class _Builder:
    """Draws the model node by node, fixing each column's standardisation from a pilot draw."""

    def __init__(self, rng: np.random.Generator, pilot_seed: int):
        self.rng = rng
        self.equations: list[tuple[str, object]] = []
        self.pilot: dict[str, np.ndarray] = {}
        self.pilot_rng = np.random.default_rng(pilot_seed)
        self.features: dict[str, object] = {}  # name -> observed values -> standardised feature
        self.kinds: dict[str, str] = {}
        self.scale: dict[str, float] = {}  # continuous columns: observed = loc + scale * latent
        self.lat_sd: dict[str, float] = {}  # the latent's fixed divisor, per column

    def feature(self, name: str, x: np.ndarray) -> np.ndarray:
        return self.features[name](x)

    def add(self, name: str, kind: str, terms, noise: str | None, noise_sd: float, **shape):
        """One node: latent = sum of terms(values) + noise_sd * noise, turned into `kind`.

        `terms` is a list of functions of the values dict (each already in standardised units).
        The latent's scale is fixed from the pilot so that the transforms see about unit SD.
        """
        rng = self.rng
        signal = _signal(terms)
        lat_pilot = signal(self.pilot, PILOT_UNITS)
        if noise:
            lat_pilot = lat_pilot + noise_sd * _noise(noise, self.pilot_rng, PILOT_UNITS)
        lat_sd = float(np.std(lat_pilot)) or 1.0
        transform, feature = self._transform(name, kind, lat_pilot / lat_sd, rng, shape)

        def eq(v, r, n, signal=signal, noise=noise, noise_sd=noise_sd, lat_sd=lat_sd):
            lat = signal(v, n)
            if noise:
                lat = lat + noise_sd * _noise(noise, r, n)
            return transform(lat / lat_sd, r)

        self.equations.append((name, eq))
        self.pilot[name] = eq(self.pilot, self.pilot_rng, PILOT_UNITS)
        self.features[name] = feature(self.pilot[name])
        self.kinds[name] = kind
        self.lat_sd[name] = lat_sd
        return lat_sd

    def _transform(self, name, kind, z_pilot, rng, shape):
        """(latent z -> observed column, pilot column -> feature function) for one type."""
        if kind == "gaussian":
            loc = shape.get("loc", float(rng.choice([0.0, 1.0, 10.0, 50.0, 100.0])))
            scale = shape.get("scale", float(np.exp(rng.uniform(np.log(0.3), np.log(30.0)))))
            self.scale[name] = scale
            return (lambda z, r: loc + scale * z), _numeric_feature
        if kind == "skewed":
            scale = float(np.exp(rng.uniform(np.log(1.0), np.log(50.0))))
            if rng.random() < 0.5:  # lognormal
                sigma = float(rng.uniform(0.3, 0.7))
                return (lambda z, r: scale * np.exp(sigma * z)), _numeric_feature
            k = float(rng.uniform(1.5, 4.0))  # gamma, through the normal quantile
            return (
                lambda z, r: scale * stats.gamma.ppf(np.clip(stats.norm.cdf(z), 1e-9, 1 - 1e-9), k)
            ), _numeric_feature
        if kind == "count":
            log_mu = float(np.log(rng.uniform(1.0, 8.0)))
            slope = float(rng.uniform(0.3, 0.6))
            return (
                lambda z, r: _poisson(r, np.exp(log_mu + slope * np.clip(z, -4, 4)))
            ), _numeric_feature
        if kind == "binary":
            prevalence = float(rng.uniform(0.15, 0.6))
            a = float(np.log(prevalence / (1 - prevalence)))
            slope = float(rng.uniform(1.0, 2.0))
            return (
                lambda z, r: (r.random(len(z)) < _sig(a + slope * z)).astype(int)
            ), _numeric_feature
        if kind in ("categorical", "ordinal"):
            k = len(shape["levels"]) if kind == "categorical" else int(rng.integers(3, 7))
            shares = rng.dirichlet(np.full(k, 4.0))
            shares = np.maximum(shares, 0.08)
            cuts = np.quantile(z_pilot, np.cumsum(shares / shares.sum())[:-1])
            if kind == "ordinal":
                low = int(rng.integers(0, 2))
                return (lambda z, r: low + np.searchsorted(cuts, z)), _numeric_feature
            levels = np.array(shape["levels"], dtype=object)
            order = rng.permutation(k)  # level names not in latent order
            effects = rng.normal(0.0, 1.0, k)

            def to_levels(z, r):
                return levels[order[np.searchsorted(cuts, z)]]

            def feature(pilot_col):
                table = dict(zip(levels, effects, strict=True))
                raw = _map(pilot_col, table)
                mu, sd = float(raw.mean()), float(raw.std()) or 1.0
                return lambda x: (_map(x, table) - mu) / sd

            return to_levels, feature
        raise ValueError(f"unknown kind {kind!r}")


def _map(x: np.ndarray, table: dict) -> np.ndarray:
    out = np.zeros(len(x))
    for level, value in table.items():
        out[x == level] = value
    return out


def _numeric_feature(pilot_col: np.ndarray):
    mu = float(np.mean(pilot_col))
    sd = float(np.std(pilot_col)) or 1.0
    return lambda x: (np.asarray(x, dtype=float) - mu) / sd


def _signal(terms):
    def signal(v, n):
        out = np.zeros(n)
        for term in terms:
            out = out + term(v)
        return out

    return signal


def _coef(rng: np.random.Generator, low: float = 0.1, high: float = 0.6) -> float:
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(low, high))


def _linear(b: _Builder, parent: str, coef: float):
    return lambda v: coef * b.feature(parent, v[parent])


class _Names:
    def __init__(self, rng: np.random.Generator):
        self.pools = {
            "continuous": list(rng.permutation(CONTINUOUS_NAMES)),
            "count": list(rng.permutation(COUNT_NAMES)),
            "binary": list(rng.permutation(BINARY_NAMES)),
            "categorical": list(rng.permutation(sorted(CATEGORICAL_NAMES))),
            "ordinal": list(rng.permutation(ORDINAL_NAMES)),
        }

    def take(self, kind: str) -> str:
        pool = {"gaussian": "continuous", "skewed": "continuous"}.get(kind, kind)
        return str(self.pools[pool].pop())


def _draw_kind(rng: np.random.Generator) -> str:
    return str(rng.choice(KINDS, p=[0.3, 0.15, 0.15, 0.15, 0.13, 0.12]))


def _draw_noise(rng: np.random.Generator) -> str:
    return str(rng.choice(NOISES))


def _nonlinear_term(b: _Builder, rng, numeric: list[str]):
    """A square, a threshold or a product of confounders (standardised), and its label."""
    forms = ["square", "threshold"] + (["interaction"] if len(numeric) >= 2 else [])
    form = str(rng.choice(forms))
    coef = _coef(rng, 0.3, 0.7)
    if form == "square":
        c = str(rng.choice(numeric))
        return (lambda v: coef * (b.feature(c, v[c]) ** 2 - 1.0)), f"square of {c}"
    if form == "threshold":
        c = str(rng.choice(numeric))
        cut = float(rng.uniform(-0.5, 1.0))
        return (lambda v: 2 * coef * (b.feature(c, v[c]) > cut)), f"threshold of {c}"
    c1, c2 = (str(x) for x in rng.choice(numeric, 2, replace=False))
    return (lambda v: coef * b.feature(c1, v[c1]) * b.feature(c2, v[c2])), f"{c1} x {c2}"


@cache
def random_scenario(index: int, stream: str = "dev") -> Scenario:
    """The table `index` of stream `dev` or `test` (deterministic; disjoint seeds per stream)."""
    if stream not in STREAMS:
        raise ValueError(f"stream must be one of {', '.join(STREAMS)}, not {stream!r}")
    if index < 0:
        raise ValueError(f"index must be >= 0, not {index}")
    rng = np.random.default_rng(stable_seed("random", stream, index))
    b = _Builder(rng, stable_seed("random pilot", stream, index))
    names = _Names(rng)
    roles: dict[str, str] = {}

    binary_t = bool(rng.random() < 0.5)
    y_kind = str(rng.choice(["continuous", "binary", "count"], p=[0.6, 0.2, 0.2]))
    counts = {
        "conf": int(rng.integers(1, 6)),
        "ocause": int(rng.integers(0, 3)),
        "instr": int(rng.integers(0, 3)),
        "med": int(rng.integers(0, 3)),
        "coll": int(rng.integers(0, 2)),
        "desc_y": int(rng.integers(0, 2)),
        "desc_t": int(rng.integers(0, 2)),
        "noise": int(rng.integers(0, 4)),
    }
    nonlinear = bool(rng.random() < 1 / 3)
    n = int(rng.integers(30, 301)) * 10

    def node(role: str, parents: list[tuple[str, float]], extra=(), kind=None, **kw) -> str:
        kind = kind or _draw_kind(rng)
        name = names.take(kind)
        if kind == "categorical":
            kw["levels"] = CATEGORICAL_NAMES[name]
        terms = [_linear(b, p, c) for p, c in parents] + list(extra)
        noise = kw.pop("noise", _draw_noise(rng))
        noise_sd = kw.pop("noise_sd", float(rng.uniform(0.6, 1.0)) if terms else 1.0)
        b.add(name, kind, terms, noise, noise_sd, **kw)
        roles[name] = role
        return name

    # causes, in causal order
    confounders: list[str] = []
    conf_edges = 0
    for _ in range(counts["conf"]):
        parents = []
        if confounders and rng.random() < 0.3:
            parents.append((str(rng.choice(confounders)), _coef(rng, 0.2, 0.6)))
            conf_edges += 1
        confounders.append(node(CONF, parents))
    caused_by_conf = 0
    instruments, ocauses = [], []
    for role, out in ((INSTR, instruments), (OCAUSE, ocauses)):
        for _ in range(counts["instr" if role == INSTR else "ocause"]):
            parents = []
            if rng.random() < 0.3:
                parents.append((str(rng.choice(confounders)), _coef(rng, 0.2, 0.6)))
                caused_by_conf += 1
            out.append(node(role, parents))
    unrelated = [node(NOISE, []) for _ in range(counts["noise"])]

    # a square or threshold of a binary column is still linear in it: numeric columns only
    numeric = [c for c in confounders if b.kinds[c] not in ("categorical", "binary")]
    nl_terms = {"treatment": [], "outcome": []}
    nl_label = ""
    if nonlinear and numeric:
        where = str(rng.choice(["treatment", "outcome"]))
        term, label = _nonlinear_term(b, rng, numeric)
        nl_terms[where].append(term)
        nl_label = f"{label} in {where}"

    # the treatment
    t_parents = [(c, _coef(rng)) for c in confounders] + [
        (z, _coef(rng, 0.3, 0.7)) for z in instruments
    ]
    t_terms = [_linear(b, p, c) for p, c in t_parents] + nl_terms["treatment"]
    if binary_t:
        t_name = names.take("binary")
        sig_pilot = _signal(t_terms)(b.pilot, PILOT_UNITS)
        strength = float(rng.uniform(0.6, 1.4)) / (float(np.std(sig_pilot)) or 1.0)
        prevalence = float(rng.uniform(0.3, 0.6))
        a = float(np.log(prevalence / (1 - prevalence)))
        signal = _signal(t_terms)

        def t_eq(v, r, n, signal=signal, a=a, strength=strength):
            p = np.clip(_sig(a + strength * signal(v, n)), 0.04, 0.96)
            return (r.random(n) < p).astype(int)

        b.equations.append((t_name, t_eq))
        b.pilot[t_name] = t_eq(b.pilot, b.pilot_rng, PILOT_UNITS)
        b.features[t_name] = lambda x: np.asarray(x, dtype=float)  # the 0/1 jump itself
        b.kinds[t_name] = "binary"
        t_slope = 1.0  # d feature / d T
    else:
        t_name = names.take("gaussian")
        b.add(t_name, "gaussian", t_terms, _draw_noise(rng), float(rng.uniform(0.6, 1.2)))
        t_sd = float(np.std(b.pilot[t_name]))
        t_slope = 1.0 / t_sd  # d feature / d T (the feature is T standardised on the pilot)
    roles[t_name] = BT if binary_t else CT

    # mediators (linear in T) and a child of the treatment only
    mediators, med_paths = [], []
    for _ in range(counts["med"]):
        a_m = _coef(rng, 0.3, 0.8)
        noise = str(rng.choice(NOISES + ("exponential",)))
        m = node(MED, [(t_name, a_m)], kind="gaussian", noise=noise)
        mediators.append(m)
        med_paths.append((m, a_m))
    desc_t = [node(DESC_T, [(t_name, _coef(rng, 0.3, 0.8))]) for _ in range(counts["desc_t"])]

    # the outcome
    effect = 0.0 if rng.random() < 0.1 else _coef(rng)
    b_med = {m: _coef(rng, 0.2, 0.6) for m in mediators}
    y_terms = [lambda v, e=effect: e * b.feature(t_name, v[t_name])]
    y_terms += [_linear(b, m, c) for m, c in b_med.items()]
    y_terms += [_linear(b, c, _coef(rng)) for c in confounders]
    y_terms += [_linear(b, w, _coef(rng, 0.2, 0.6)) for w in ocauses]
    y_terms += nl_terms["outcome"]
    y_noise, y_noise_sd = _draw_noise(rng), float(rng.uniform(0.7, 1.2))
    # the latent's change per unit of T, through the direct effect and the mediators
    d_lat = effect * t_slope
    for m, a_m in med_paths:
        # observed M = loc + scale * latent / lat_sd, its feature (M - mean) / sd
        dm = b.scale[m] * a_m * t_slope / b.lat_sd[m]
        d_lat += b_med[m] * dm / float(np.std(b.pilot[m]))
    signal = _signal(y_terms)
    lat_pilot = signal(b.pilot, PILOT_UNITS) + y_noise_sd * _noise(
        y_noise, b.pilot_rng, PILOT_UNITS
    )
    lat_sd = float(np.std(lat_pilot))
    # A continuous treatment acts linearly on the outcome's mean whatever the outcome's type
    # (additive risk, a count with an identity link), so its truth is the slope in closed
    # form; a binary treatment may act through a logistic or log link (Monte Carlo truth).
    exact = None
    if y_kind == "continuous":
        y_name = names.take("gaussian")
        lat_sd = b.add(y_name, "gaussian", y_terms, y_noise, y_noise_sd)
        exact = b.scale[y_name] * d_lat / lat_sd
        y_label = "continuous Y"
    elif y_kind == "binary":
        y_name = names.take("binary")
        if binary_t and rng.random() < 0.5:
            base = float(rng.uniform(0.15, 0.5))
            a, slope = float(np.log(base / (1 - base))), float(rng.uniform(0.8, 1.6))

            def y_eq(v, r, n, signal=signal, a=a, slope=slope, lat_sd=lat_sd):
                lat = signal(v, n) + y_noise_sd * _noise(y_noise, r, n)
                return (r.random(n) < _sig(a + slope * lat / lat_sd)).astype(int)

            y_label = "binary Y (logistic)"
        else:
            # the clip binds beyond about 3.4 SDs of the latent
            base, slope = float(rng.uniform(0.25, 0.5)), float(rng.uniform(0.04, 0.07))

            def y_eq(v, r, n, signal=signal, base=base, slope=slope, lat_sd=lat_sd):
                lat = signal(v, n) + y_noise_sd * _noise(y_noise, r, n)
                return (r.random(n) < np.clip(base + slope * lat / lat_sd, 0.01, 0.99)).astype(int)

            y_label = "binary Y (additive risk)"
            if not binary_t:
                exact = slope * d_lat / lat_sd
        _append(b, y_name, y_eq, "binary")
    else:
        y_name = names.take("count")
        mu0 = float(rng.uniform(1.5, 10.0))
        if binary_t:
            slope = float(rng.uniform(0.3, 0.6))

            def y_eq(v, r, n, signal=signal, mu0=mu0, slope=slope, lat_sd=lat_sd):
                lat = signal(v, n) + y_noise_sd * _noise(y_noise, r, n)
                return _poisson(r, mu0 * np.exp(slope * np.clip(lat / lat_sd, -4, 4)))

            y_label = "count Y (log link)"
        else:
            slope = float(rng.uniform(0.15, 0.28))  # the floor binds beyond about 3.6 SDs

            def y_eq(v, r, n, signal=signal, mu0=mu0, slope=slope, lat_sd=lat_sd):
                lat = signal(v, n) + y_noise_sd * _noise(y_noise, r, n)
                return _poisson(r, np.maximum(mu0 * (1 + slope * lat / lat_sd), 0.01))

            y_label = "count Y (identity link)"
            exact = mu0 * slope * d_lat / lat_sd
        _append(b, y_name, y_eq, "count")
    roles[y_name] = Y

    # consequences of the outcome
    colliders = [
        node(COLL, [(t_name, _coef(rng, 0.3, 0.8)), (y_name, _coef(rng, 0.3, 0.8))])
        for _ in range(counts["coll"])
    ]
    desc_y = [node(DESC, [(y_name, _coef(rng, 0.4, 0.9))]) for _ in range(counts["desc_y"])]

    columns = [name for name, _ in b.equations]
    order = tuple(str(c) for c in rng.permutation(columns))
    parts = [
        f"{'binary' if binary_t else 'continuous'} T",
        f"{len(confounders)} conf" + (f" ({conf_edges} conf->conf)" if conf_edges else ""),
    ]
    for label, group in (
        ("instr", instruments),
        ("outcome cause", ocauses),
        ("mediator", mediators),
        ("collider", colliders),
        ("child of Y", desc_y),
        ("child of T", desc_t),
        ("unrelated", unrelated),
    ):
        if group:
            parts.append(f"{len(group)} {label}" if len(group) > 1 else label)
    if caused_by_conf:
        parts.append(f"{caused_by_conf} caused by a conf")
    if nl_label:
        parts.append(f"nonlinear: {nl_label}")
    parts.append(y_label)
    return Scenario(
        name=f"random_{stream}_{index:03d}",
        family=", ".join(parts),
        domain="random",
        treatment=t_name,
        outcome=y_name,
        equations=tuple(b.equations),
        adjust=tuple(confounders),
        roles=roles,
        n=n,
        exact_ate=exact,
        group=f"random-{stream}",
        linear_oracle=not nl_label,
        column_order=order,
    )


def _append(b: _Builder, name: str, eq, kind: str) -> None:
    b.equations.append((name, eq))
    b.pilot[name] = eq(b.pilot, b.pilot_rng, PILOT_UNITS)
    b.features[name] = _numeric_feature(b.pilot[name])
    b.kinds[name] = kind


def random_split(split: str, count: int = 40, start: int = 0) -> list[Scenario]:
    """`count` tables of `random-dev` or `random-test` from index `start` on."""
    stream = split.removeprefix("random-")
    if split == stream or stream not in STREAMS:
        raise ValueError(f"split must be random-dev or random-test, not {split!r}")
    if count < 1:
        raise ValueError(f"count must be >= 1, not {count}")
    if start < 0:
        raise ValueError(f"start must be >= 0, not {start}")
    return [random_scenario(i, stream) for i in range(start, start + count)]


def by_name(name: str) -> Scenario:
    """`random_<stream>_<index>` back to its scenario."""
    parts = name.split("_")
    if len(parts) != 3 or parts[0] != "random" or not parts[2].isdigit():
        raise KeyError(name)
    return random_scenario(int(parts[2]), parts[1])
